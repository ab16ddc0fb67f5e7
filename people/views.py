"""Public pages of people and organisations, and the photo view that guards drafts."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from core.addresses import GoneOrMovedMixin
from core.media.downloads import serve_thumbnail
from people import names, queries
from people.filters import PersonFilter
from people.models import PHOTO_SIZES, Organization, Person


class PeopleListView(FilterView):
    """Everyone published, by name; filtered by a name in any spelling, organisation, letter."""

    template_name = "people/person_list.html"
    context_object_name = "people"
    filterset_class = PersonFilter
    paginate_by = settings.PAGINATE_BY

    def get_queryset(self):
        return queries.listed_people()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400  # A clean page with the form's error, not a 500.
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        letter = form.cleaned_data.get("letter", "") if form.is_bound and form.is_valid() else ""
        context |= {
            "alphabets": queries.alphabets(),
            "active_letter": names.index_letter(letter),
            "is_filtered": any(
                self.request.GET.get(key) for key in ("q", "organization", "letter")
            ),
        }
        return context


class PersonDetailView(GoneOrMovedMixin, DetailView):
    model = Person
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return queries.person_detail(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | queries.person_page(self.object)


class OrganizationListView(ListView):
    """Published organisations by kind, each with its units below it."""

    template_name = "people/organization_list.html"
    context_object_name = "organizations"

    def get_queryset(self):
        return Organization.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = queries.organization_tree(self.object_list)
        return context


class OrganizationDetailView(GoneOrMovedMixin, DetailView):
    model = Organization
    template_name = "people/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return queries.organization_detail(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | queries.organization_page(self.object)


@require_safe
def person_photo(request, slug, size):
    """A person's photo thumbnail, only if the person is public (or the visitor is staff)."""
    person = get_object_or_404(Person.objects.visible_to(request.user), slug=slug)
    return serve_thumbnail(request, person.photo, size, PHOTO_SIZES)
