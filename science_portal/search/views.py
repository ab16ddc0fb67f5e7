"""The search page and the suggestions endpoint: thin views over science_portal.search."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from science_portal import search

FILTER_PARAMS = ("kind", "type", "year", "language", "topic")


class SearchView(TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        results = search.search(
            params.get("q", ""),
            params={name: params.get(name, "") for name in FILTER_PARAMS},
            page=params.get("page", 1),
        )
        for facet in results.facets:
            facet.link(params)
        return super().get_context_data(**kwargs) | {
            "query": results.query,
            "results": results,
        }


@require_GET
def suggest(request):
    """Titles and names that match what is being typed, as JSON for the header box."""
    query = search.clean_query(request.GET.get("q", ""))
    response = JsonResponse({"query": query, "results": search.suggest(query)})
    response["Cache-Control"] = "public, max-age=60"
    return response
