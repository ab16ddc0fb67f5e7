"""Search benchmark: latency of the real search function on a filled PostgreSQL database.

Fill the database first with ``bench/search_data.py``, then:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \\
        .venv/bin/python bench/search_benchmark.py [--runs 15]

For a fixed, varied set of queries (common and rare words, names in Latin and Cyrillic,
phrases, operators, typos, words found only inside files) it times, per kind of query:

- "main": the results page's main query — matching publications ranked, the first page of
  ids (``ranked_publications`` below);
- "page": everything ``science_portal.search.search()`` does for the page — counts by kind,
  facets, the ranked page, the publications with their authors, snippets, previews of the
  other kinds, or the "Did you mean" suggestion — without rendering the template.

It prints p50 and p95 in milliseconds for each kind, then ``EXPLAIN (ANALYZE, BUFFERS)`` of
the main query for a common word and for a name, and says whether any sequential scan of
the search index was planned.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "science_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from science_portal import search  # noqa: E402
from science_portal.models import SearchDocument  # noqa: E402
from science_portal.search.backends import backend_for  # noqa: E402
from science_portal.search.filters import publication_filters, read_filters  # noqa: E402
from science_portal.search.pages import best_first, ranked  # noqa: E402
from science_portal.search.planning import (  # noqa: E402
    candidates_limit,
    candidates_query,
    find_candidates,
    publication_candidates,
    through_the_search_index,
    walk_pays,
)
from science_portal.search.query import clean_query, name_tokens, parse  # noqa: E402

QUERIES = {
    "common words": ["таможенный", "customs", "цифровая таможня", "risk management", "контроль"],
    "rare words": ["дирижабль", "zeppelin", "fumigation", "гобелен", "heliography"],
    "names, Latin": ["Moser", "Mozer", "mozer s", "Ivanov", "Kuznetsova"],
    "names, Cyrillic": ["Мозер", "С. Мозер", "Иванов", "Кузнецова Анна", "Ткаченко"],
    "phrases": ['"digital customs"', '"таможенного контроля"', '"risk management"'],
    "operators": ["customs -digital", "blockchain OR zeppelin", "таможня -санкции"],
    "typos": ["digitl custms", "таможеный кантроль", "managment", "blokchain"],
    "file text only": ["стратостатом", "дирижаблем"],
}


def main_query_parts(query, params):
    """The matching of ``query`` and the narrowing of rows to publications under ``params``,
    as the results page builds them."""
    parsed = parse(clean_query(query))
    filters, ignored = read_filters(params or {})
    backend = backend_for(parsed, name_tokens(query, parsed))
    return backend, publication_filters(backend, filters, ignored)


def ranked_publications(query, *, params=None):
    """The main query of the results page (ids of matching publications, best first): the
    candidates query, then ranking within the candidates."""
    backend, select = main_query_parts(query, params)
    rows, _more = publication_candidates(backend, select, candidates_limit())
    return best_first(rows, backend)


def explain_main_query(query, *, params=None):
    """EXPLAIN (ANALYZE, BUFFERS) of the two steps of the main query (PostgreSQL), as run:
    choosing the candidates, then ranking them (a walk ranks them as it chooses them)."""
    backend, select = main_query_parts(query, params)
    limit = candidates_limit()
    walk = walk_pays(backend, select)
    if walk:
        backend = backend.for_walk()
    with through_the_search_index(backend.parsed, walk=walk):
        choose, _bounded = candidates_query(backend, select, limit, scored=walk)
        plan = choose.explain(analyze=True, buffers=True)
        rows, _more = find_candidates(backend, select, limit, scored=walk)
    if walk:
        return plan, "(none: the walk ranked the candidates as it chose them)"
    ranked_ids = ranked(SearchDocument.objects.filter(pk__in=[row[0] for row in rows]), backend)
    return plan, ranked_ids[:20].explain(analyze=True, buffers=True)


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(round(fraction * (len(ordered) - 1)), len(ordered) - 1)
    return ordered[index]


def timed(function):
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def run_main(query):
    return list(ranked_publications(query)[:20])


def run_page(query):
    results = search.search(query)
    _ = results.hits
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--candidates", type=int, help="Override SEARCH_CANDIDATES (rows ranked per kind)."
    )
    args = parser.parse_args()
    if args.candidates:
        settings.SEARCH_CANDIDATES = args.candidates
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at the PostgreSQL database filled by search_data.py.")
    translation.activate("ru")
    documents = SearchDocument.objects.count()
    publications = SearchDocument.objects.filter(kind="publication").count()
    print(f"Index: {documents} documents, {publications} publications.\n")

    print(f"{'kind of query':<18} {'main p50':>9} {'main p95':>9} {'page p50':>9} {'page p95':>9}")
    overall_main, overall_page, slowest = [], [], []
    for kind, queries in QUERIES.items():
        main_times, page_times = [], []
        for query in queries:
            run_main(query)  # Warm the caches once.
            run_page(query)
            mains = [timed(lambda q=query: run_main(q)) for _ in range(args.runs)]
            pages = [timed(lambda q=query: run_page(q)) for _ in range(args.runs)]
            main_times += mains
            page_times += pages
            slowest.append((statistics.median(pages), statistics.median(mains), query))
        overall_main += main_times
        overall_page += page_times
        print(
            f"{kind:<18} {percentile(main_times, 0.5):9.1f} {percentile(main_times, 0.95):9.1f}"
            f" {percentile(page_times, 0.5):9.1f} {percentile(page_times, 0.95):9.1f}"
        )
    print(
        f"{'all':<18} {percentile(overall_main, 0.5):9.1f} {percentile(overall_main, 0.95):9.1f}"
        f" {percentile(overall_page, 0.5):9.1f} {percentile(overall_page, 0.95):9.1f}"
    )
    print("(milliseconds; main = the ranked results query, page = the whole search() call)\n")
    print("Slowest queries (median page, median main, ms):")
    for page_ms, main_ms, query in sorted(slowest, reverse=True)[:6]:
        print(f"  {query!r:<28} {page_ms:8.1f} {main_ms:8.1f}")
    print()

    print("What the queries find:")
    for queries in QUERIES.values():
        for query in queries:
            results = run_page(query)
            counts = ", ".join(f"{k} {n}" for k, n in results.counts.items() if n)
            extra = f" — did you mean “{results.suggestion}”" if results.suggestion else ""
            print(f"  {query!r:<28} {counts or 'nothing'}{extra}")
    print()

    sequential = False
    explained = ["таможенный", "zeppelin", "Moser", "Иванов", "customs -digital"]
    for query in [*explained, '"digital customs"', '"risk management"']:
        choose, rank = explain_main_query(query)
        rank = re.sub(r"ANY \('\{[^}]*\}'", "ANY ('{…}'", rank)
        print(f"EXPLAIN (ANALYZE, BUFFERS) of the main query for {query!r}")
        print(f"1. the candidates:\n{choose}\n2. their ranking:\n{rank}\n")
        sequential |= "Seq Scan on science_portal_searchdocument" in choose + rank
    print(
        "Sequential scan of the search index: "
        + ("YES — check the indexes and ANALYZE" if sequential else "none (index scans only)")
    )


if __name__ == "__main__":
    main()
