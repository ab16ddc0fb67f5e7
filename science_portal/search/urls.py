"""Search URLs, included at /<language>/search/ by the root URLconf."""

from django.urls import path

from core.throttle import rate_limited
from science_portal.search.views import SearchView, suggest

# Per client address and minute: a person searching reads each page of results; the
# suggestions follow typing, a request per key or two.
urlpatterns = [
    path("", rate_limited("search", per_minute=60)(SearchView.as_view()), name="search"),
    path("suggest/", rate_limited("suggest", per_minute=240)(suggest), name="search-suggest"),
]
