"""Public pages of people and organisations, and the photo view that guards drafts."""

from django.conf import settings
from django.db.models import Prefetch, Value
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from core.media.downloads import serve_thumbnail
from events.queries import organization_events_context, person_events_context
from people import names
from people.filters import PersonFilter
from people.models import PHOTO_SIZES, Affiliation, Organization, Person
from publications.queries import organization_publications, person_publications_by_role


def _latin_first():
    return (get_language() or "ru")[:2] == "en"


def _name_order():
    """Family, then given name, in the script the active language reads first."""
    first, second = ("lat", "cyr") if _latin_first() else ("cyr", "lat")
    return [
        Coalesce(NullIf(f"family_name_{first}", Value("")), f"family_name_{second}"),
        Coalesce(NullIf(f"given_name_{first}", Value("")), f"given_name_{second}"),
        "pk",
    ]


def _organization_chain(organization):
    """The organisation and the published ones above it, using only relations already loaded."""
    chain = [organization]
    parent_field = Organization._meta.get_field("parent")
    current = organization
    while parent_field.is_cached(current) and current.parent is not None:
        current = current.parent
        if current.is_published:
            chain.append(current)
    return chain


def _public_affiliations(queryset=None):
    """Affiliations with published organisations, their two levels of parents loaded."""
    queryset = queryset if queryset is not None else Affiliation.objects.all()
    return queryset.filter(Organization.public_q("organization__")).select_related(
        "organization__parent__parent"
    )


class PeopleListView(FilterView):
    """Everyone published, by name; filtered by a name in any spelling, organisation, letter."""

    template_name = "people/person_list.html"
    context_object_name = "people"
    filterset_class = PersonFilter
    paginate_by = settings.PAGINATE_BY

    def get_queryset(self):
        current = Prefetch(
            "affiliations",
            queryset=_public_affiliations(Affiliation.objects.current()),
            to_attr="current_affiliations",
        )
        return Person.objects.published().prefetch_related(current).order_by(*_name_order())

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400  # A clean page with the form's error, not a 500.
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cyrillic, latin = set(), set()
        pairs = Person.objects.published().values_list("family_initial_cyr", "family_initial_lat")
        for initial_cyr, initial_lat in pairs.distinct():
            if initial_cyr:
                cyrillic.add(initial_cyr)
            if initial_lat:
                latin.add(initial_lat)
        alphabets = [sorted(cyrillic), sorted(latin)]
        if _latin_first():
            alphabets.reverse()
        form = self.filterset.form
        letter = form.cleaned_data.get("letter", "") if form.is_bound and form.is_valid() else ""
        context |= {
            "alphabets": [letters for letters in alphabets if letters],
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
        affiliations = Prefetch(
            "affiliations", queryset=_public_affiliations(), to_attr="public_affiliations"
        )
        return (
            Person.objects.visible_to(self.request.user)
            .prefetch_related(affiliations, "name_variants")
            .order_by()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        current, past = [], []
        for affiliation in person.public_affiliations:
            affiliation.chain = _organization_chain(affiliation.organization)
            (current if affiliation.is_current else past).append(affiliation)
        past.sort(key=lambda a: (a.end_date, a.start_date or a.end_date), reverse=True)
        full_name = person.full_name
        other_spellings = [
            spelling
            for spelling in dict.fromkeys(
                [
                    names.full_name(person, "ru"),
                    names.full_name(person, "en"),
                    *(variant.name for variant in person.name_variants.all()),
                ]
            )
            if spelling and spelling != full_name
        ]
        context |= {
            "current_affiliations": current,
            "past_affiliations": past,
            "other_spellings": other_spellings,
            "publications_by_role": person_publications_by_role(person),
        }
        context |= person_events_context(person)
        return context


class OrganizationListView(ListView):
    """Published organisations by kind, each with its units below it."""

    template_name = "people/organization_list.html"
    context_object_name = "organizations"

    def get_queryset(self):
        return Organization.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organizations = sorted(self.object_list, key=lambda o: (o.name or "").casefold())
        by_id = {organization.pk: organization for organization in organizations}
        roots = []
        for organization in organizations:
            organization.children = []
        for organization in organizations:
            parent = by_id.get(organization.parent_id)
            (parent.children if parent else roots).append(organization)
        groups = []
        for kind, label in Organization.Kind.choices:
            members = [root for root in roots if root.kind == kind]
            if members:
                groups.append({"kind": kind, "label": label, "organizations": members})
        context["groups"] = groups
        return context


class OrganizationDetailView(DetailView):
    template_name = "people/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        units = Prefetch(
            "units",
            queryset=Organization.objects.published().order_by("name"),
            to_attr="public_units",
        )
        return (
            Organization.objects.visible_to(self.request.user)
            .select_related("parent__parent")
            .prefetch_related(units)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        people_now = (
            Affiliation.objects.current()
            .filter(Person.public_q("person__"), organization=organization)
            .select_related("person")
        )
        context |= {
            "ancestors": list(reversed(_organization_chain(organization)[1:])),
            "people_now": sorted(
                people_now, key=lambda a: (names.sort_key(a.person), a.order, a.pk)
            ),
            "organization_publications": organization_publications(organization),
        }
        context |= organization_events_context(organization)
        return context


@require_safe
def person_photo(request, slug, size):
    """A person's photo thumbnail, only if the person is public (or the visitor is staff)."""
    person = get_object_or_404(Person.objects.visible_to(request.user), slug=slug)
    return serve_thumbnail(request, person.photo, size, PHOTO_SIZES)
