"""Usage benchmark: 1,000,000 recorded events counted by the worker, then a 24-month COUNTER
Item Report for 100,000 publications (target: under 2 s on PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_usage \\
        .venv/bin/python bench/usage_report.py [--items 100000] [--events 1000000]

The database is migrated and filled with SQL (``generate_series``: seconds, not minutes):
publications named "Bench N" (made once, kept between runs) and the events, which replace
any left from an earlier run. Use is skewed as in a real repository: the publication of an
event is ``items · u³`` for a uniform ``u`` (a few books get most of the use); 40 % of the
events are Requests; 200,000 visitors; times spread over the last 24 months.

It prints the time to write the events, to count them (``aggregate``: the rules, the daily
and monthly rows), and to build the Item Report (median of three): as Python objects, and as
the JSON text ``/reports/ir`` answers (the target applies to it), then as TSV.
``--reports-only`` times the reports again over the rows counted by an earlier run.
The machine may be shared: the times are of this run only.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("DJANGO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from people.models import Organization  # noqa: E402
from publications.models import Publication, UsageDay, UsageEvent, UsageMonth  # noqa: E402
from publications.usage import aggregate, chart, reports  # noqa: E402

TARGET_SECONDS = 2.0

PUBLICATIONS_SQL = """
INSERT INTO publications_publication (
    type, title, title_ru, title_en, subtitle, slug, abstract, language, year, place, isbn, doi,
    udc, bbk, series, source_title, source_volume, source_issue, source_pages, keywords, cover,
    status, published_at, created, updated, total_downloads, withdrawal_reason, edn, license,
    edition
)
SELECT 'monograph', 'Bench ' || g, 'Bench ' || g, '', '', 'usage-bench-' || g, '', 'ru',
       2000 + g %% 25, '', '', '', '', '', '', '', '', '', '', '', '', 'published', now(), now(),
       now(), 0, '', '', '', ''
FROM generate_series(%(first)s, %(last)s) AS g
"""

EVENTS_SQL = """
INSERT INTO publications_usageevent
    (time, publication_id, file_id, action, ranged, visitor, session, processed)
SELECT t, ids[1 + floor(%(items)s * power(random(), 3))::int], NULL,
       CASE WHEN random() < 0.4 THEN 'r' ELSE 'i' END, false,
       md5(v::text), md5(v::text || to_char(t, 'YYYY-MM-DD HH24')), false
FROM (
    SELECT now() - random() * interval '730 days' AS t, floor(random() * 200000)::int AS v
    FROM generate_series(1, %(events)s)
) AS e,
(SELECT array_agg(id ORDER BY id) AS ids FROM publications_publication
 WHERE slug LIKE 'usage-bench-%%') AS p
"""


PUBLISHERS_SQL = """
INSERT INTO publications_publisher (publication_id, organization_id, "order")
SELECT p.id, (%(organizations)s::bigint[])[1 + p.id %% cardinality(%(organizations)s::bigint[])], 0
FROM publications_publication p
WHERE p.slug LIKE 'usage-bench-%%'
  AND NOT EXISTS (SELECT 1 FROM publications_publisher l WHERE l.publication_id = p.id)
"""


def publishers():
    """A publisher for each bench publication, as a real catalogue has (500 organisations)."""
    made = Organization.objects.filter(slug__startswith="usage-bench-")
    if not made.exists():
        Organization.objects.bulk_create(
            Organization(name=f"Bench publisher {n}", slug=f"usage-bench-{n}") for n in range(500)
        )
    with connection.cursor() as cursor:
        cursor.execute(PUBLISHERS_SQL, {"organizations": list(made.values_list("pk", flat=True))})
        cursor.execute("ANALYZE publications_publisher, people_organization")


def setup(items, events):
    call_command("migrate", verbosity=0)
    have = Publication.objects.filter(slug__startswith="usage-bench-").count()
    with connection.cursor() as cursor:
        if have < items:
            started = time.monotonic()
            cursor.execute(PUBLICATIONS_SQL, {"first": have + 1, "last": items})
            print(f"publications: {items - have:,} made in {time.monotonic() - started:.1f} s")
    publishers()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE publications_usageevent, publications_usageday, publications_platformusageday"
        )
        started = time.monotonic()
        cursor.execute(EVENTS_SQL, {"items": items - 1, "events": events})
        cursor.execute("ANALYZE publications_usageevent")
    print(f"events: {events:,} written in {time.monotonic() - started:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument(
        "--reports-only",
        action="store_true",
        help="Time the reports over the rows an earlier run counted (no new events).",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    if args.reports_only:
        publishers()  # a database counted before the bench gave publishers
    else:
        setup(args.items, args.events)
        started = time.monotonic()
        counted = aggregate.aggregate()
        took = time.monotonic() - started
        with connection.cursor() as cursor:
            # What autovacuum does soon after: the visibility map lets the report read the
            # monthly rows from its covering index alone.
            cursor.execute("VACUUM ANALYZE publications_usageday, publications_usagemonth")
        print(
            f"aggregate: {counted:,} events counted in {took:.1f} s ({counted / took:,.0f}/s); "
            f"{UsageDay.objects.count():,} daily rows, {UsageMonth.objects.count():,} monthly; "
            f"{UsageEvent.objects.count():,} raw events left"
        )

    months = chart.month_starts(24)
    first, last = months[0], reports.period(f"{months[-1]:%Y-%m}", f"{months[-1]:%Y-%m}")[1]
    times, report = [], None
    for _ in range(3):
        started = time.monotonic()
        report = reports.item_report(first, last)
        times.append(time.monotonic() - started)
    took = statistics.median(times)
    cells = sum(
        len(months_)
        for item in report["Report_Items"]
        for months_ in item["Attribute_Performance"][0]["Performance"].values()
    )
    print(
        f"Item Report, {first:%Y-%m} to {last:%Y-%m}: {len(report['Report_Items']):,} items, "
        f"{cells:,} month cells; as Python objects (for TSV) in {took:.2f} s "
        f"(median of 3: {', '.join(f'{t:.2f}' for t in times)})"
    )
    times = []
    for _ in range(3):
        started = time.monotonic()
        text = "".join(reports.item_report_json(first, last))
        times.append(time.monotonic() - started)
    took = statistics.median(times)
    verdict = "ok" if took < TARGET_SECONDS else f"SLOWER than {TARGET_SECONDS} s"
    print(
        f"  as COUNTER_SUSHI JSON text (what /reports/ir streams): {len(text) / 2**20:.1f} MB in "
        f"{took:.2f} s (median of 3: {', '.join(f'{t:.2f}' for t in times)}) — {verdict}"
    )
    assert json.loads(text)["Report_Items"] == report["Report_Items"]
    started = time.monotonic()
    text = reports.tabular(report)
    print(f"  as TSV: {len(text) / 2**20:.1f} MB in {time.monotonic() - started:.2f} s")
    started = time.monotonic()
    report = reports.platform_report(first, last)
    print(f"Platform Report: {time.monotonic() - started:.3f} s")


if __name__ == "__main__":
    main()
