"""Published publications as other pages show them: a person's, an organisation's, a topic's.

Each function runs a fixed number of queries whatever the number of publications.
"""

from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from publications.models import Authorship, Publication, PublicationFile, Publisher, Topic


def authorships_prefetch(lookup="authorships"):
    """Authors in their printed order, with their person rows."""
    return Prefetch(
        lookup, queryset=Authorship.objects.select_related("person").order_by("order", "pk")
    )


def publishers_prefetch(lookup="publisher_links"):
    return Prefetch(
        lookup, queryset=Publisher.objects.select_related("organization").order_by("order", "pk")
    )


def public_files_prefetch(lookup="files"):
    """The files the public may download now, kept as ``public_files``."""
    return Prefetch(
        lookup,
        queryset=PublicationFile.objects.downloadable().order_by("order", "pk"),
        to_attr="public_files",
    )


def public_topics_prefetch(lookup="topics"):
    """Only the published topics of each row."""
    return Prefetch(lookup, queryset=Topic.objects.published().order_by("name"))


def listed(queryset=None):
    """Published publications ready for a list: authors, publishers, downloadable files."""
    queryset = Publication.objects.published() if queryset is None else queryset
    return queryset.prefetch_related(
        authorships_prefetch(), publishers_prefetch(), public_files_prefetch()
    )


# How many publications a person's or an organisation's page lists (per role for a person);
# the rest are one link away, in the publication list filtered by them.
SECTION_LIMIT = 20


def _newest_first():
    return [F("year").desc(), F("date").desc(), F("pk")]


def person_publications_by_role(person, limit=SECTION_LIMIT):
    """A person's published publications grouped by role, in the order of ``Authorship.Role``.

    Returns ``[{"role": "author", "label": "Author", "publications": [...], "total": n,
    "more_url": ...}, ...]`` with only the roles the person has: the newest ``limit`` of each
    role, ready for a list (authors, publishers, downloadable files), and how many there are
    in all. Five queries, whatever the number.
    """
    public = Publication.objects.published().filter(authorships__person=person)
    totals = dict(
        public.order_by().values_list("authorships__role").annotate(n=Count("pk", distinct=True))
    )
    rows = (
        listed(public)
        .annotate(
            person_role=F("authorships__role"),
            position=Window(
                RowNumber(), partition_by=[F("authorships__role")], order_by=_newest_first()
            ),
        )
        .filter(position__lte=limit)
        .order_by(*_newest_first())
    )
    groups = {role: [] for role in Authorship.Role.values}
    for publication in rows:
        groups[publication.person_role].append(publication)
    more_url = f"{reverse('publications:list')}?author={person.slug}"
    return [
        {
            "role": role,
            "label": label,
            "publications": groups[role],
            "total": totals[role],
            "more_url": more_url if totals[role] > len(groups[role]) else "",
        }
        for role, label in Authorship.Role.choices
        if groups[role]
    ]


def by_person(person):
    """A person's published publications, in whatever role (each once, however many roles)."""
    authored = Authorship.objects.filter(person=person).values("publication")
    return Publication.objects.published().filter(pk__in=authored)


def published_by(organization):
    """An organisation's published publications: those it published or co-published."""
    published_here = Publisher.objects.filter(organization=organization).values("publication")
    return Publication.objects.published().filter(pk__in=published_here)


def on_topic(topic):
    """A topic's published publications."""
    return Publication.objects.published().filter(topics=topic)


def organization_publications(organization, limit=SECTION_LIMIT):
    """What an organisation published (as publisher or co-publisher), newest first.

    ``{"publications": [...], "total": n, "more_url": ...}``: the newest ``limit``, each
    ready for a list as in ``listed()``, and how many in all. Five queries.
    """
    public = published_by(organization)
    total = public.count()
    found = list(listed(public).order_by(*_newest_first())[:limit])
    more = total > len(found)
    return {
        "publications": found,
        "total": total,
        "more_url": f"{reverse('publications:list')}?publisher={organization.slug}" if more else "",
    }
