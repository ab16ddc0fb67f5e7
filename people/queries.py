"""Read-side queries of people and organisations: what their pages and lists show.

Every function returns public rows only, unless it says otherwise, and runs a fixed number
of SQL queries whatever the number of rows (given in each docstring).
"""

from django.db.models import Prefetch

from core import hierarchy, text
from core.languages import active_language
from people import names
from people.models import Affiliation, Organization, Person


def latin_first():
    """Whether the active language reads Latin names first (English) or Cyrillic (Russian)."""
    return text.script_for(active_language()) == text.LATIN


def name_order():
    """Family, then given name, in the script the active language reads first."""
    return [*names.order_by_name(text.script_for(active_language())), "pk"]


def organization_chain(organization):
    """The organisation and the published ones above it, from relations already loaded only."""
    above = hierarchy.ancestors(organization, loaded_only=True)
    return [organization, *(parent for parent in above if parent.is_published)]


def public_affiliations(queryset=None):
    """Affiliations with published organisations, their two levels of parents loaded."""
    queryset = queryset if queryset is not None else Affiliation.objects.all()
    return queryset.filter(Organization.public_q("organization__")).select_related(
        "organization__parent__parent"
    )


def listed_people():
    """Published people in name order, with their current public affiliations (two queries)."""
    current = Prefetch(
        "affiliations",
        queryset=public_affiliations(Affiliation.objects.current()),
        to_attr="current_affiliations",
    )
    return Person.objects.published().prefetch_related(current).order_by(*name_order())


def alphabets():
    """The letters published family names start with: one list per script, the page's first.

    One query; a script without any name gives no list.
    """
    cyrillic, latin = set(), set()
    pairs = Person.objects.published().values_list("family_initial_cyr", "family_initial_lat")
    for initial_cyr, initial_lat in pairs.order_by().distinct():
        if initial_cyr:
            cyrillic.add(initial_cyr)
        if initial_lat:
            latin.add(initial_lat)
    found = [sorted(cyrillic), sorted(latin)]
    if latin_first():
        found.reverse()
    return [letters for letters in found if letters]


def person_detail(user):
    """People ``user`` may see, with public affiliations and name variants (three queries)."""
    affiliations = Prefetch(
        "affiliations", queryset=public_affiliations(), to_attr="public_affiliations"
    )
    return (
        Person.objects.visible_to(user).prefetch_related(affiliations, "name_variants").order_by()
    )


def person_page(person):
    """A person's current and past positions and other spellings, from ``person_detail()``.

    No query: everything was prefetched.
    """
    current, past = [], []
    for affiliation in person.public_affiliations:
        affiliation.chain = organization_chain(affiliation.organization)
        (current if affiliation.is_current else past).append(affiliation)
    past.sort(key=lambda a: (a.end_date, a.start_date or a.end_date), reverse=True)
    full_name = person.full_name
    spellings = dict.fromkeys(
        [
            names.full_name(person, "ru"),
            names.full_name(person, "en"),
            *(variant.name for variant in person.name_variants.all()),
        ]
    )
    return {
        "current_affiliations": current,
        "past_affiliations": past,
        "other_spellings": [s for s in spellings if s and s != full_name],
    }


def organization_tree(organizations):
    """Organisations by kind, each root with its ``children`` below it (no query)."""
    organizations = sorted(organizations, key=lambda o: (o.name or "").casefold())
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
    return groups


def organization_detail(user):
    """Organisations ``user`` may see, two levels of parents and public units loaded (two)."""
    units = Prefetch(
        "units",
        queryset=Organization.objects.published().order_by("name"),
        to_attr="public_units",
    )
    return (
        Organization.objects.visible_to(user)
        .select_related("parent__parent")
        .prefetch_related(units)
    )


def organization_page(organization):
    """The published organisations above one, top first, and its people now (one query)."""
    people_now = (
        Affiliation.objects.current()
        .filter(Person.public_q("person__"), organization=organization)
        .select_related("person")
    )
    return {
        "ancestors": list(reversed(organization_chain(organization)[1:])),
        "people_now": sorted(people_now, key=lambda a: (names.sort_key(a.person), a.order, a.pk)),
    }
