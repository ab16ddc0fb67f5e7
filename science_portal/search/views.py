"""The search page."""

from django.views.generic import TemplateView

from science_portal import search


class SearchView(TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        query = search.clean_query(self.request.GET.get("q", ""))
        return super().get_context_data(**kwargs) | {
            "query": query,
            "results": search.search(query),
        }
