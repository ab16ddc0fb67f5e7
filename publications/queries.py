"""Published publications as other pages show them: a person's, an organisation's, a topic's.

Each function runs a fixed number of queries whatever the number of publications.
"""

from django.db.models import F, Prefetch

from publications.models import Authorship, Publication, PublicationFile, Publisher


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


def listed(queryset=None):
    """Published publications ready for a list: authors, publishers, downloadable files."""
    queryset = Publication.objects.published() if queryset is None else queryset
    return queryset.prefetch_related(
        authorships_prefetch(), publishers_prefetch(), public_files_prefetch()
    )


def person_publications_by_role(person):
    """A person's published publications grouped by role, in the order of ``Authorship.Role``.

    Returns ``[{"role": "author", "label": "Author", "publications": [...]}, ...]`` with only
    the roles the person has; each publication is ready for a list (authors, publishers,
    downloadable files, total downloads). Four queries.
    """
    rows = listed(Publication.objects.published().filter(authorships__person=person)).annotate(
        person_role=F("authorships__role")
    )
    groups = {role: [] for role in Authorship.Role.values}
    for publication in rows.order_by("-year", "-date", "pk"):
        groups[publication.person_role].append(publication)
    return [
        {"role": role, "label": label, "publications": groups[role]}
        for role, label in Authorship.Role.choices
        if groups[role]
    ]


def organization_publications(organization):
    """What an organisation published (as publisher or co-publisher), newest first.

    Each publication is ready for a list, as in ``listed()``. Four queries.
    """
    published_here = Publisher.objects.filter(organization=organization).values("publication")
    return list(
        listed(Publication.objects.published().filter(pk__in=published_here)).order_by(
            "-year", "-date", "pk"
        )
    )
