"""``/api/v1/``: the resources, the OpenAPI 3 schema and its documentation page."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from science_portal.api import views

app_name = "api"

router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
router.register("publications", views.PublicationViewSet, basename="publication")
router.register("people", views.PersonViewSet, basename="person")
router.register("organisations", views.OrganizationViewSet, basename="organization")
router.register("events", views.EventViewSet, basename="event")
router.register("topics", views.TopicViewSet, basename="topic")

urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    # Ending in a slash, so that CommonMiddleware still adds a missing one to the others.
    re_path(r"^(?:.*/)?$", views.not_found),
]
