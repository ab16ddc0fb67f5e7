from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("", views.PeopleListView.as_view(), name="list"),
    path("organisations/", views.OrganizationListView.as_view(), name="organizations"),
    path(
        "organisations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization",
    ),
    path("<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("<slug:slug>/photo/<slug:size>/", views.person_photo, name="photo"),
]
