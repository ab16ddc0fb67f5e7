"""Landing-page throughput with and without recording the view, measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_usage \\
        .venv/bin/python bench/usage_pages.py [--duration 5] [--rounds 3] [--connections 8]

Serves the portal with gunicorn (4 sync workers, ``bench.settings``) and asks wrk for one
publication page with a browser's User-Agent (robots are not recorded), in turns:

- without the page cache: recording off (``BENCH_USAGE=off``), into the database
  (``PORTAL_USAGE_BUFFER=database``: one INSERT per view), into Redis (one RPUSH);
- with the page cache in Redis (``PORTAL_PAGE_CACHE_SECONDS=300``): the same three, where
  the page itself costs no query and recording is all that is left to cost.

The variants take turns for ``--rounds`` rounds, so that a neighbour's load on the shared
machine falls on all of them alike; the median of the rounds is printed with the ratio to
"off" of the same cache setting. The worker does not run meanwhile (the events wait in the
buffer, as they would between two of its runs); the buffer is emptied afterwards. Needs
``wrk`` and Redis (``REDIS_URL``, default db 15).
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("DJANGO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.pages import start_gunicorn, wrk  # noqa: E402
from publications.models import Publication, UsageEvent  # noqa: E402

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
KEY = "science-bench:usage:events"
VARIANTS = [
    ("no page cache", "off", {"BENCH_USAGE": "off"}),
    ("no page cache", "database", {"PORTAL_USAGE_BUFFER": "database"}),
    ("no page cache", "redis", {"PORTAL_USAGE_BUFFER": "redis"}),
    ("page cache", "off", {"BENCH_USAGE": "off", "PORTAL_PAGE_CACHE_SECONDS": "300"}),
    (
        "page cache",
        "database",
        {"PORTAL_USAGE_BUFFER": "database", "PORTAL_PAGE_CACHE_SECONDS": "300"},
    ),
    ("page cache", "redis", {"PORTAL_USAGE_BUFFER": "redis", "PORTAL_PAGE_CACHE_SECONDS": "300"}),
]


def page():
    call_command("migrate", verbosity=0)
    publication = Publication.objects.published().order_by("pk").first()
    if publication is None:
        publication = Publication.objects.create(
            type="monograph",
            title="Bench",
            slug="usage-bench-page",
            year=2024,
            status="published",
            published_at=timezone.now(),
        )
    return publication.get_absolute_url()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    url = page()
    import redis

    client = redis.Redis.from_url(REDIS)
    client.delete(KEY)
    before = UsageEvent.objects.count()
    results = {(cache, buffer): [] for cache, buffer, _env in VARIANTS}
    common = {
        "REDIS_URL": REDIS,
        "PORTAL_CACHE_PREFIX": "science-bench",
        "PORTAL_USAGE_AGGREGATE_SECONDS": "0",
        "PORTAL_PAGE_CACHE_SECONDS": "0",
    }
    for round_number in range(args.rounds):
        for cache, buffer, env in VARIANTS:
            server = start_gunicorn(**(common | env))
            try:
                wrk(url, 1, args.connections, {"User-Agent": BROWSER})  # warm up
                rate, p50, p99, errors = wrk(
                    url, args.duration, args.connections, {"User-Agent": BROWSER}
                )
            finally:
                os.killpg(server.pid, 15)
                server.wait()
            results[cache, buffer].append((rate, p50, p99, errors))
            print(
                f"  round {round_number + 1}: {cache:14} {buffer:9} {rate:8.0f} req/s", flush=True
            )
    print(f"\n{url}, {args.connections} connections, {args.rounds} rounds of {args.duration} s")
    print(f"{'':15} {'recording':10} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6}")
    for cache in ("no page cache", "page cache"):
        base = statistics.median(r[0] for r in results[cache, "off"])
        for buffer in ("off", "database", "redis"):
            runs = results[cache, buffer]
            rate = statistics.median(r[0] for r in runs)
            p50 = statistics.median(r[1] for r in runs)
            p99 = statistics.median(r[2] for r in runs)
            errors = sum(r[3] for r in runs)
            note = f" ({errors} errors)" if errors else ""
            print(
                f"{cache:15} {buffer:10} {rate:8.0f} {p50:7.2f} {p99:7.2f} {rate / base:6.2f}{note}"
            )
    recorded_db = UsageEvent.objects.count() - before
    recorded_redis = client.llen(KEY)
    print(f"\nrecorded: {recorded_db:,} events in the database, {recorded_redis:,} in Redis")
    UsageEvent.objects.filter(processed=False).delete()
    client.delete(KEY)


if __name__ == "__main__":
    main()
