"""Suggestions: titles and names as you type, and "Did you mean" for a query finding nothing."""

from django.db.models import Case, Q, Value, When

from science_portal.search.documents import DISPLAY_FIELDS, document_hit, visible_documents
from science_portal.search.query import clean_query, name_tokens, normalise
from science_portal.search.results import KIND_LABELS, Kind

# Suggestions as you type: people first, then topics, organisations, publications, events.
SUGGEST_ORDER = [Kind.PERSON, Kind.TOPIC, Kind.ORGANIZATION, Kind.PUBLICATION, Kind.EVENT]


def suggest(query, *, limit=8):
    """A few titles and names that start like what is being typed, for the header box."""
    query = clean_query(query)
    text = normalise(query)
    tokens = name_tokens(query)
    if len(text.replace(" ", "")) < 3:
        return []
    words = text.split()[:5]
    title_match = Q()
    for word in words:
        title_match &= Q(title_norm__contains=word)
    condition = title_match
    if tokens and any(len(token) >= 3 for token in tokens):
        name_match = Q()
        for token in tokens:
            name_match &= Q(names__contains=f" {token}")
        condition |= name_match & Q(kind=Kind.PERSON)
    order = Case(
        *(When(kind=kind, then=Value(position)) for position, kind in enumerate(SUGGEST_ORDER)),
        default=Value(9),
    )
    rows = (
        visible_documents()
        .filter(condition)
        .exclude(kind=Kind.FILE)
        .annotate(position=order)
        .only(*DISPLAY_FIELDS)
        .order_by("position", "title_norm")[: limit * 2]
    )
    hits, seen = [], set()
    for row in rows:
        if (row.kind, row.object_id) in seen:
            continue
        seen.add((row.kind, row.object_id))
        hit = document_hit(row)
        hits.append(
            {
                "kind": row.kind,
                "kind_label": str(KIND_LABELS.get(row.kind, "")),
                "label": hit.title,
                "meta": hit.meta,
                "url": hit.url,
            }
        )
    return hits[:limit]


def did_you_mean(query, backend):
    """Nearest real terms for a query that found nothing: "digitl custms" → "digital customs"."""
    found = [word for word in normalise(query).split() if len(word) >= 3][:6]
    if not found:
        return ""
    corrected = backend.correct(found)
    if corrected == found:
        return ""
    return " ".join(corrected)
