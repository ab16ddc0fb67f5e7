"""The public statistics pages (an event's is added beside them in the root URLconf, which
may import the events app)."""

from django.urls import path

from publications.usage import views

app_name = "statistics"

urlpatterns = [
    path("", views.RepositoryStatisticsView.as_view(), name="repository"),
    path("methodology/", views.MethodologyView.as_view(), name="methodology"),
    path("people/<slug:slug>/", views.PersonStatisticsView.as_view(), name="person"),
    path(
        "organisations/<slug:slug>/",
        views.OrganizationStatisticsView.as_view(),
        name="organization",
    ),
    path("topics/<slug:slug>/", views.TopicStatisticsView.as_view(), name="topic"),
]
