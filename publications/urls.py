from django.urls import path

from publications import views

app_name = "publications"

urlpatterns = [
    path("", views.PublicationListView.as_view(), name="list"),
    path("topics/", views.TopicListView.as_view(), name="topics"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("files/<int:pk>/", views.download, name="download"),
    path("files/<int:pk>/preview/", views.preview_file, name="preview"),
    path("<slug:slug>/cover/<slug:size>/", views.cover, name="cover"),
    path("<slug:slug>/read/", views.read, name="read"),
    path("<slug:slug>/read/<int:pk>/", views.read, name="read_file"),
    path("<slug:slug>/linkset", views.linkset, name="linkset"),
    path("<slug:slug>/", views.PublicationDetailView.as_view(), name="detail"),
]
