"""Site-wide search across publications, events, people, organisations and topics.

The one module that owns search: the search page and any suggestion endpoint call it.
"""

from django.db.models import Q

from events.models import Event
from people.models import NameVariant, Organization, Person
from people.names import search_key
from publications.models import Publication, Topic

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 10


def clean_query(raw):
    """Make any visitor input safe to search for: no control characters, bounded length."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _people(query):
    key = search_key(query)
    matching = Q(search_names__contains=key) if key else Q(pk__in=[])
    via_variants = NameVariant.objects.filter(search_key__contains=key).values("person")
    return Person.objects.published().filter(matching | Q(pk__in=via_variants))


def search(query):
    """Published matches for the query, grouped by kind (an empty query finds nothing)."""
    if not query:
        return {}
    people = _people(query) if search_key(query) else Person.objects.none()
    publications = (
        Publication.objects.published()
        .filter(
            Q(title__icontains=query)
            | Q(subtitle__icontains=query)
            | Q(abstract__icontains=query)
            | Q(keywords__icontains=query)
            | Q(authorships__person__in=people)
        )
        .distinct()
    )
    groups = {
        "publications": publications,
        "people": people,
        "events": Event.objects.published().filter(
            Q(title__icontains=query) | Q(description__icontains=query)
        ),
        "organizations": Organization.objects.published().filter(
            Q(name__icontains=query) | Q(short_name__icontains=query)
        ),
        "topics": Topic.objects.published().filter(name__icontains=query),
    }
    return {kind: list(qs[:RESULTS_PER_KIND]) for kind, qs in groups.items()}
