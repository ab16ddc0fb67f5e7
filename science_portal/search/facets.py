"""Facets of the publication results: counts by type, year, language and topic."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from publications.models import Language, Publication, Topic
from science_portal.search.planning import FACET_FIELDS
from science_portal.search.results import Facet, FacetOption

TOPIC_FACET_SIZE = 12


def publication_facets(rows, filters):
    """Counts of the candidate publications by type, year, language (from the candidate rows,
    no query) and topic (one query)."""
    found = {name: {} for name in FACET_FIELDS}
    for row in rows:
        for name, value in zip(FACET_FIELDS, row[2:], strict=True):
            if value not in (None, ""):
                found[name].setdefault(str(value), set()).add(row[1])
    counts = {name: [(v, len(ids)) for v, ids in values.items()] for name, values in found.items()}
    publication_ids = {row[1] for row in rows}
    type_labels = dict(Publication.Type.choices)
    language_labels = dict(Language.choices)
    selected_type = filters.get("type", "")
    selected_year = str(filters.get("year", ""))
    selected_language = filters.get("language", "")
    type_facet = Facet(
        "type",
        _("Type"),
        [
            FacetOption(v, str(type_labels.get(v, v)), n, v == selected_type)
            for v, n in sorted(counts["pub_type"], key=lambda item: (-item[1], item[0]))
        ],
    )
    year_facet = Facet(
        "year",
        _("Year"),
        [
            FacetOption(v, v, n, v == selected_year)
            for v, n in sorted(counts["year"], key=lambda item: item[0], reverse=True)
        ],
    )
    language_facet = Facet(
        "language",
        _("Language"),
        [
            FacetOption(v, str(language_labels.get(v, v)), n, v == selected_language)
            for v, n in sorted(counts["language"], key=lambda item: (-item[1], item[0]))
        ],
    )
    topics = (
        Topic.objects.published()
        .filter(publications__in=publication_ids)
        .annotate(n=Count("publications", distinct=True))
        .order_by("-n", "name")[:TOPIC_FACET_SIZE]
    )
    topic_facet = Facet(
        "topic",
        _("Topic"),
        [FacetOption(t.slug, t.name, t.n, t.slug == filters.get("topic")) for t in topics],
    )
    return [type_facet, year_facet, language_facet, topic_facet]
