"""Searching the index: one search from the visitor's query to the results object.

The steps live beside this module: ``filters`` reads the visitor's filters, ``backends``
match and rank on the database in use, ``planning`` chooses the candidates, ``pages`` ranks
them into the page and the previews, ``facets`` counts them, ``suggestions`` proposes.
"""

from science_portal.search.backends import backend_for
from science_portal.search.documents import visible_documents
from science_portal.search.filters import read_filters
from science_portal.search.pages import PREVIEW_POOL, kind_page, previews, publication_page
from science_portal.search.planning import (
    candidates_limit,
    other_candidates,
    publication_candidates,
    through_the_search_index,
)
from science_portal.search.query import clean_query, name_tokens, parse
from science_portal.search.results import KINDS, Kind, Results, per_page
from science_portal.search.suggestions import did_you_mean


def search(query, *, params=None, page=1, size=None):
    """Search everything public for ``query``: a Results object (an empty query finds nothing).

    ``params`` holds the visitor's filters (kind, type, year, language, topic); unknown values
    are ignored and listed in ``Results.ignored``. When more rows of a kind match than the
    candidates limit (setting SEARCH_CANDIDATES), the most recent ones are ranked and
    counted, and the count says "more than".
    """
    query = clean_query(query)
    filters, ignored = read_filters(params or {})
    results = Results(query=query, filters=filters, ignored=ignored)
    parsed = parse(query)
    if parsed.is_empty:
        return results
    tokens = name_tokens(query, parsed)
    backend = backend_for(parsed, tokens)
    matched = backend.match(visible_documents())
    limit = candidates_limit()

    candidates = {}

    def publications(documents):
        return backend.of_kind(documents, Kind.PUBLICATION)

    candidates[Kind.PUBLICATION], results.capped[Kind.PUBLICATION] = publication_candidates(
        backend, publications, limit
    )
    with through_the_search_index(parsed, walk=False):
        others = other_candidates(backend, [kind for kind, _label, _url in KINDS[1:]], limit)
    for kind, (rows, more) in others.items():
        candidates[kind], results.capped[kind] = rows, more
    for kind, rows in candidates.items():
        results.counts[kind] = len({row[1] for row in rows})
    if not results.total:
        results.suggestion = did_you_mean(query, backend)
        return results

    kind = filters.get("kind")
    if kind is None:
        kind = next(k for k, _label, _url in KINDS if results.counts[k])
    results.kind = kind
    size = size or per_page()
    if kind == Kind.PUBLICATION:
        publication_page(results, matched, backend, candidates[kind], page, size)
    else:
        kind_page(results, backend, candidates[kind], page, size)
    others = [k for k, _label, _url in KINDS if k != kind and results.counts[k]]
    results.previews = previews(
        backend, [row[0] for k in others for row in candidates[k][:PREVIEW_POOL]]
    )
    return results
