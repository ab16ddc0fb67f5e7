"""Search over HTTP: the whole results page, rendered, for the search benchmark's query set.

Fill the database first with ``bench/search_data.py``, then:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \\
        .venv/bin/python bench/search_http.py [--runs 10]

It serves the portal with gunicorn as ``bench/pages.py`` does (4 sync workers, debug off),
with the page cache off, so that every request searches and renders, and asks for
``/<lang>/search/?q=…`` for each query of ``bench/search_benchmark.py``, in Russian and in
English, one request at a time over one kept-alive connection, ``--runs`` times each after a
warm-up request. It prints p50, p95 and the slowest request per kind of query and overall,
against the target (p95 ≤ 100 ms), and the bare view's p50 measured the same way in the same
run (what the HTTP round trip alone costs).
"""

import argparse
import http.client
import os
import signal
import sys
import time
import urllib.parse

# bench/pages.py sets Django up with bench.settings; the search benchmark's own setdefault
# then leaves it so.
from pages import PORT, start_gunicorn
from search_benchmark import QUERIES, percentile

TARGET_P95_MS = 100


def timed_get(connection, path):
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Language": "ru"})
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        sys.exit(f"{path}: status {response.status}")
    return elapsed, body


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    server = start_gunicorn(PORTAL_PAGE_CACHE_SECONDS="0", PORTAL_RATE_LIMITS="search=0")
    try:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        timed_get(connection, "/bench/bare")
        bare = [timed_get(connection, "/bench/bare")[0] for _ in range(50)]
        print(f"bare view over HTTP: p50 {percentile(bare, 0.5):.1f} ms\n")
        print(f"{'kind of query':<18} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}  slowest query")
        overall, slowest = [], []
        for kind, queries in QUERIES.items():
            times, of_kind = [], []
            for query in queries:
                for language in ("ru", "en"):
                    path = f"/{language}/search/?" + urllib.parse.urlencode({"q": query})
                    _warm, body = timed_get(connection, path)
                    if b"<html" not in body:
                        sys.exit(f"{path}: not a page")
                    runs = [timed_get(connection, path)[0] for _ in range(args.runs)]
                    times += runs
                    of_kind.append((percentile(runs, 0.95), f"{language}: {query}"))
            overall += times
            slowest += of_kind
            print(
                f"{kind:<18} {percentile(times, 0.5):7.1f} {percentile(times, 0.95):7.1f} "
                f"{max(times):7.1f}  {max(of_kind)[1]}",
                flush=True,
            )
        p95 = percentile(overall, 0.95)
        print(
            f"{'all':<18} {percentile(overall, 0.5):7.1f} {p95:7.1f} {max(overall):7.1f}\n"
            f"\n{len(overall)} requests. Target p95 ≤ {TARGET_P95_MS} ms: "
            + ("met" if p95 <= TARGET_P95_MS else "NOT met")
        )
        print("Slowest queries (p95 of their runs, ms):")
        for ms, name in sorted(slowest, reverse=True)[:6]:
            print(f"  {ms:7.1f}  {name}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


if __name__ == "__main__":
    main()
