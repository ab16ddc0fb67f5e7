"""Search URLs, included at /<language>/search/ by the root URLconf."""

from django.urls import path

from science_portal.search.views import SearchView, suggest

urlpatterns = [
    path("", SearchView.as_view(), name="search"),
    path("suggest/", suggest, name="search-suggest"),
]
