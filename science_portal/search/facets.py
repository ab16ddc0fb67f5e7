"""Facets of the publication results: counts by type, year, language and topic."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.db import among
from core.languages import active_language, pick_translation
from publications.models import Language, Publication, Topic
from science_portal.search.planning import FACET_FIELDS, FACETS
from science_portal.search.results import Facet, FacetOption

TOPIC_FACET_SIZE = 12


def publication_facets(rows, filters):
    """Counts of the candidate publications by type, year, language (from the candidate rows,
    no query) and topic (one query)."""
    found = {name: {} for name in FACET_FIELDS}
    for row in rows:
        for name, value in zip(FACET_FIELDS, row[FACETS], strict=True):
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
    topic_facet = Facet(
        "topic",
        _("Topic"),
        [
            FacetOption(slug, name, n, slug == filters.get("topic"))
            for slug, name, n in _topic_counts(publication_ids)
        ],
    )
    return [type_facet, year_facet, language_facet, topic_facet]


def _topic_counts(publication_ids):
    """The topics most of these publications are on: [(slug, name, count)], read from the link
    table alone (a link is one publication on one topic) with the ids as one array."""
    if not publication_ids:
        return []
    language = active_language()
    rows = (
        Publication.topics.through.objects.filter(
            among("publication_id", publication_ids), Topic.public_q("topic__")
        )
        .values_list("topic__slug", "topic__name_ru", "topic__name_en")
        .annotate(n=Count("*"))
        .order_by("-n", f"topic__name_{language}", "topic__slug")[:TOPIC_FACET_SIZE]
    )
    return [(slug, pick_translation({"ru": ru, "en": en}, language), n) for slug, ru, en, n in rows]
