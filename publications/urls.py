from django.urls import path

from publications import views

app_name = "publications"

urlpatterns = [
    path("", views.PublicationListView.as_view(), name="list"),
    path("topics/", views.TopicListView.as_view(), name="topics"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("files/<int:pk>/", views.download, name="download"),
    path("<slug:slug>/cover/<slug:size>/", views.cover, name="cover"),
    path("<slug:slug>/linkset", views.linkset, name="linkset"),
    path("<slug:slug>/", views.PublicationDetailView.as_view(), name="detail"),
]
