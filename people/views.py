"""Public pages of people and organisations, and the photo view that guards drafts."""

import logging

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView
from PIL import UnidentifiedImageError

from people import names, queries, services
from people.filters import PersonFilter
from people.models import PHOTO_SIZES, Organization, Person
from science_portal.images import mime_type_for

logger = logging.getLogger(__name__)

PHOTO_CACHE_SECONDS = 24 * 3600


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


class PersonDetailView(DetailView):
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


class OrganizationDetailView(DetailView):
    template_name = "people/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return queries.organization_detail(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | queries.organization_page(self.object)


def person_photo(request, slug, size):
    """A person's photo thumbnail, only if the person is public (or the visitor is staff)."""
    if size not in PHOTO_SIZES:
        raise Http404
    person = get_object_or_404(Person.objects.visible_to(request.user), slug=slug)
    if not person.photo:
        raise Http404
    try:
        name = services.photo_thumbnail(person=person, size=size)
        handle = person.photo.storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    except (OSError, UnidentifiedImageError):
        logger.exception("Cannot make the %s photo of %s", size, slug)
        raise Http404 from None
    response = FileResponse(handle, content_type=mime_type_for(name))
    if person.is_published:
        patch_cache_control(response, public=True, max_age=PHOTO_CACHE_SECONDS)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
