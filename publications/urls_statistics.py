"""The public statistics pages."""

from django.urls import path

from publications.usage import views

app_name = "statistics"

urlpatterns = [
    path("", views.RepositoryStatisticsView.as_view(), name="repository"),
    path("methodology/", views.MethodologyView.as_view(), name="methodology"),
]
