from django.views.generic import ListView

from publications.models import Publication


class PublicationsListView(ListView):
    template_name = "publications/publication_list.html"
    context_object_name = "publications"
    paginate_by = 20

    def get_queryset(self):
        return Publication.objects.published()
