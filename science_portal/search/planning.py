"""Choosing the candidates: the bounded set of matching rows that are ranked and counted.

The planner's estimate (one EXPLAIN, not run) decides between walking the recency index and
the GIN index; a phrase, and an exclusion when walking, is checked only on the most recent
rows holding the wanted words, and the count then says "more than".
"""

import json
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField, Value, Window
from django.db.models.functions import RowNumber

from science_portal.models import SearchDocument
from science_portal.search.documents import visible_documents

# At most this many matching rows of each kind are ranked and counted (the most recent).
CANDIDATES = 1000
# Walking the recency index pays when at least this share of the rows it passes match.
# Measured at 100,000 publications: a walk costs about 8 µs per row passed (it reads each
# row's vector from TOAST), the GIN index about 1 µs per matching row (it reads no vector):
# 1,000 candidates cost 8.4 ms / density walking and 91 ms × density through the GIN index.
WALK_DENSITY = 0.3
RECENT = ("-public_from", "-pk")
# A candidate row: its id, its result's id, the publication facets it counts in (heap
# columns, read at no cost with the row: the facets are counted from the candidates), and
# its score when the query that found it ranked it too (else None: see find_candidates).
CANDIDATE_FIELDS = ("pk", "object_id", "pub_type", "year", "language", "score")
FACETS = slice(2, 5)
FACET_FIELDS = CANDIDATE_FIELDS[FACETS]
SCORE = CANDIDATE_FIELDS.index("score")


def candidates_limit():
    return getattr(settings, "SEARCH_CANDIDATES", CANDIDATES)


@contextmanager
def through_the_search_index(parsed, *, walk=True):
    """Make PostgreSQL reach matching rows through an index, never a table scan.

    The GIN index answers a match exactly without reading any vector, so its work is bounded
    by the number of matches. Walking the recency index instead tests the match on each row
    it passes (reading the vector from TOAST, a cost the planner does not see): fast when
    nearly everything matches, slow otherwise. The planner underrates that cost and walks
    when a tenth of the rows match (a common surname: 115 ms instead of 8), so the caller
    decides (walk_pays). A walk for exclusions, whose matches the planner overestimates,
    reads only the most recent rows holding the wanted words (PostgresBackend.for_walk).
    Only publications may walk: the other kinds are few, and at the old end of the recency
    index.
    """
    if connection.vendor != "postgresql":
        yield
        return
    settings_sql = "SET LOCAL enable_seqscan = off"
    if not walk:
        settings_sql += "; SET LOCAL enable_indexscan = off"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(settings_sql)
        yield


def find_candidates(backend, select, limit, *, scored=False):
    """The ids of at most ``limit`` matching rows, the most recently public first, and
    whether there were more (run within through_the_search_index).

    ``scored``: rank each row as it is found (its SCORE), for a walk of the recency index,
    which reads each row's vector anyway and returns only the rows it keeps: ranking them
    afterwards would look each of them up again (10 ms of a common word's 25). Through the
    GIN index a row's score would be worked out for every match before the most recent are
    chosen, so the candidates are ranked afterwards (pages.best_first).

    ``select`` narrows matching rows (a kind, facet filters). A phrase is checked only on the
    most recent ``limit`` rows holding all its words: a common pair of words ("risk
    management") would otherwise have its word order checked on every row holding both.
    When that bound is reached, the count says "more than".
    """
    candidates, bounded = candidates_query(backend, select, limit, scored=scored)
    rows = list(candidates)
    if not bounded:
        return rows[:limit], len(rows) > limit
    found = [row[:-1] for row in rows if row[-1]]
    if len(found) >= backend.min_found or len(rows) < limit:
        return found, len(rows) >= limit
    # None of the most recent rows holding the words has the phrase: an existing phrase is
    # never reported missing, so look through all of them, through the GIN index (slow for
    # a phrase of common words, and rare).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
    return find_candidates(backend.exact(), select, limit)


def candidates_query(backend, select, limit, *, scored=False):
    """The query of find_candidates, and whether it reads a phrase's bounded superset."""
    score = backend.rank() if scored else Value(None, output_field=FloatField())
    loose = backend.match_loose(visible_documents())
    if loose is None:
        documents = select(backend.match(visible_documents())).annotate(score=score)
        rows = documents.order_by(*RECENT).values_list(*CANDIDATE_FIELDS)
        return rows[: limit + 1], False
    documents = select(loose).order_by(*RECENT).annotate(score=score, exact=backend.matches())
    return documents.values_list(*CANDIDATE_FIELDS, "exact")[:limit], True


def walk_pays(backend, select):
    """Whether walking the recency index is cheaper than the GIN index for these rows: the
    planner's estimates of the matching rows and of all the rows (one EXPLAIN, not run)."""
    if connection.vendor != "postgresql":
        return False
    matching = backend.for_walk().match_loose(visible_documents())
    if matching is None:
        matching = backend.match(visible_documents())
    both = (
        select(matching)
        .order_by()
        .values("pk")
        .union(select(visible_documents()).order_by().values("pk"), all=True)
    )
    estimates = []

    def visit(node):
        if node.get("Node Type") == "Append":
            estimates.extend(child.get("Plan Rows", 0) for child in node.get("Plans", []))
            return
        for child in node.get("Plans", []):
            visit(child)

    try:
        visit(json.loads(both.explain(format="json"))[0]["Plan"])
    except (ValueError, LookupError, TypeError):
        return True  # Let the planner choose, as before.
    if len(estimates) != 2 or not estimates[1]:
        return True
    return estimates[0] >= WALK_DENSITY * estimates[1]


def publication_candidates(backend, select, limit):
    """find_candidates of publications (narrowed by ``select``), through the index that
    walk_pays says is cheaper; a walk ranks the rows as it finds them."""
    walk = walk_pays(backend, select)
    with through_the_search_index(backend.parsed, walk=walk):
        return find_candidates(backend.for_walk() if walk else backend, select, limit, scored=walk)


def other_candidates(backend, kinds, limit):
    """find_candidates of several kinds in one query (run within through_the_search_index,
    not walking): {kind: (rows, more)}."""
    loose = backend.match_loose(visible_documents())
    bounded = loose is not None
    base = loose if bounded else backend.match(visible_documents())
    window = limit if bounded else limit + 1
    chosen = (
        backend.of_kinds(base, kinds)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("kind")],
                order_by=[F("public_from").desc(), F("pk").desc()],
            )
        )
        .filter(position__lte=window)
    )
    if bounded:
        # The phrase is checked on the chosen rows only, read again by their ids.
        documents = SearchDocument.objects.filter(pk__in=chosen.values("pk")).annotate(
            exact=backend.matches()
        )
    else:  # The chosen rows as they are numbered: no second read.
        documents = chosen.annotate(exact=Value(True, output_field=BooleanField()))
    documents = documents.order_by("kind", *RECENT)
    found = {kind: [] for kind in kinds}
    for kind, pk, object_id, exact in documents.values_list("kind", "pk", "object_id", "exact"):
        found[kind].append((pk, object_id, exact))
    candidates = {}
    for kind, rows in found.items():
        exact = [(pk, object_id) for pk, object_id, is_exact in rows if is_exact]
        if not bounded:
            candidates[kind] = exact[:limit], len(rows) > limit
        elif exact or len(rows) < limit:
            candidates[kind] = exact, len(rows) >= limit
        else:  # As in find_candidates: an existing phrase is never reported missing.
            candidates[kind] = find_candidates(
                backend.exact(),
                lambda documents, kind=kind: backend.of_kind(documents, kind),
                limit,
            )
    return candidates
