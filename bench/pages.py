"""Page benchmark: every public page at 100,000 publications, side by side with a bare view.

Fill the database first with ``bench/search_data.py``, then:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \\
        .venv/bin/python bench/pages.py [--duration 10] [--connections 16] [--only list]

It serves the portal with gunicorn (4 sync workers, debug off, ``bench.settings``: the
production settings plus a bare view that runs one query), and for each page:

- in the process, once warm: the status, the number of SQL queries and the slowest
  statement (milliseconds and its first words; the median of three requests' slowest);
- over HTTP with wrk (16 connections): requests per second, p50 and p99 latency, and the
  ratio of its throughput to the bare view's, measured in the same run.

A page short of half the bare view whose answer is over a megabyte (a sitemap file, a long
export) is then compared with nginx sending the same bytes from a file, with the same wrk
settings (when Debian's nginx is installed): the bare view's answer is a few hundred bytes,
and what a megabytes-long answer allows on the machine is what a static file server gets.

The admin changelists (logged in as a superuser) are timed in the process only: the median
of five requests, with their query count and slowest statement. Needs ``wrk`` (Debian's
package) on the PATH.
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import static_nginx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("DJANGO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from events.models import Event  # noqa: E402
from people.models import Organization, Person  # noqa: E402
from publications.models import Publication, Topic  # noqa: E402

PORT = 8765
NGINX_PORT = 8766
# An answer this long is bound by copying its bytes: compared with nginx sending them too.
LARGE_BODY = 1_000_000
# A page is good enough when it serves at least this share of the bare view's throughput.
TARGET_RATIO = 0.5
SLOW_STATEMENT_MS = 20
ADMIN_TARGET_MS = 300


def pick_rows():
    """The rows the pages show: the busiest person, organisation, topic and event."""
    published = Publication.objects.published()
    person = (
        Person.objects.published()
        .annotate(n=Count("authorships"))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)
        .first()
    )
    organization = (
        Organization.objects.published()
        .annotate(n=Count("publisher_links"))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)
        .first()
    )
    topic = (
        Topic.objects.published()
        .annotate(n=Count("publications"))
        .order_by("-n", "pk")
        .values_list("slug", "pk")
        .first()
    )
    event = (
        Event.objects.published()
        .annotate(n=Count("talks"))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)
        .first()
    )
    publication = published.order_by("-pk").values_list("slug", "pk").first()
    return {
        "person": person,
        "organization": organization,
        "topic": topic[0],
        "topic_id": topic[1],
        "event": event,
        "publication": publication[0],
        "publication_id": publication[1],
        "pages": max(1, published.count() // 20),
    }


def public_pages(rows):
    oai = "/oai/?verb="
    return [
        ("bare view (one query)", "/bench/bare"),
        ("home", "/ru/"),
        ("publication list", "/en/publications/"),
        ("list, page 50", "/en/publications/?page=50"),
        ("list, last page", f"/en/publications/?page={rows['pages']}"),
        ("list, sort newest", "/en/publications/?sort=newest"),
        ("list, sort title", "/ru/publications/?sort=title"),
        ("list, sort downloads", "/en/publications/?sort=downloads"),
        ("list, type", "/en/publications/?type=monograph"),
        ("list, language+years", "/en/publications/?language=en&year_from=2010&year_to=2015"),
        ("list, topic", f"/en/publications/?topic={rows['topic']}"),
        ("list, author", f"/en/publications/?author={rows['person']}"),
        ("list, full text", "/en/publications/?has_file=yes"),
        ("list, type page 40", "/en/publications/?type=article&sort=title&page=40"),
        ("publication", f"/ru/publications/{rows['publication']}/"),
        ("topic list", "/ru/publications/topics/"),
        ("topic", f"/ru/publications/topics/{rows['topic']}/"),
        ("topic, page 40", f"/ru/publications/topics/{rows['topic']}/?page=40"),
        ("person, many works", f"/ru/people/{rows['person']}/"),
        ("organisation, many works", f"/ru/people/organisations/{rows['organization']}/"),
        ("people list", "/ru/people/"),
        ("event list", "/ru/events/"),
        ("event", f"/ru/events/{rows['event']}/"),
        ("search, common word", "/en/search/?q=customs"),
        (
            "search, rare word",
            "/ru/search/?q=%D0%B4%D0%B8%D1%80%D0%B8%D0%B6%D0%B0%D0%B1%D0%BB%D1%8C",
        ),
        ("search, name", "/en/search/?q=Moser"),
        ("feed, publications", "/ru/feeds/publications.atom"),
        ("feed, events", "/ru/feeds/events.rss"),
        ("OAI ListRecords", f"{oai}ListRecords&metadataPrefix=oai_dc"),
        ("OAI ListIdentifiers", f"{oai}ListIdentifiers&metadataPrefix=oai_dc"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap file", "/sitemap-publications-2.xml"),
        # As crawlers ask for it: they all take gzip.
        ("sitemap file, gzip", "/sitemap-publications-2.xml", {"Accept-Encoding": "gzip"}),
        ("export, author (BibTeX)", f"/ru/export/publications.bib?author={rows['person']}"),
        ("export, topic (RIS)", f"/ru/export/publications.ris?topic={rows['topic']}"),
        (
            "export, topic (RIS), gzip",
            f"/ru/export/publications.ris?topic={rows['topic']}",
            {"Accept-Encoding": "gzip"},
        ),
    ]


def admin_pages(rows):
    base = "/ru/admin"
    return [
        ("admin publications", f"{base}/publications/publication/"),
        (
            "admin publications ?q=",
            f"{base}/publications/publication/?q=%D1%82%D0%B0%D0%BC%D0%BE%D0%B6%D0%B5%D0%BD",
        ),
        ("admin publications, year", f"{base}/publications/publication/?year=2019"),
        (
            "admin publications, topic",
            f"{base}/publications/publication/?topics__id__exact={rows['topic_id']}",
        ),
        ("admin people", f"{base}/people/person/"),
        ("admin people ?q=", f"{base}/people/person/?q=Moser"),
        ("admin events", f"{base}/events/event/"),
        ("admin files", f"{base}/publications/publicationfile/"),
    ]


def in_process(client, url, runs=1, headers=None):
    """(status, queries, slowest ms, slowest SQL, median total ms) of warm requests: the
    slowest statement is each request's slowest, the median of ``runs`` requests (one
    statement slowed by other work on the machine does not decide)."""
    client.get(url, headers=headers)  # warm: plans, caches, lazy imports
    totals, slowest = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            if response.streaming:
                b"".join(response.streaming_content)
            totals.append((time.perf_counter() - started) * 1000)
        captured = context.captured_queries
        worst = max(captured, key=lambda q: float(q["time"]), default={"time": "0", "sql": ""})
        slowest.append((float(worst["time"]) * 1000, re.sub(r"\s+", " ", worst["sql"])[:70]))
    ms, sql = sorted(slowest)[len(slowest) // 2]
    return response.status_code, len(captured), ms, sql, statistics.median(totals)


def wrk(url, duration, connections, headers=None, origin=f"http://127.0.0.1:{PORT}"):
    """Requests per second, p50 and p99 in ms, and non-2xx responses, from one wrk run.

    One request first, read to its end, as the in-process figures are taken warm: with the
    page cache on, wrk measures the pages as they are served between two changes (a long
    export made the first time takes seconds, longer than a short run).
    """
    warm = urllib.request.Request(f"{origin}{url}", headers=headers or {})
    with urllib.request.urlopen(warm, timeout=60) as response:
        response.read()
    extra = [f"-H{name}: {value}" for name, value in (headers or {}).items()]
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            # A client waits for a long export or sitemap file (wrk's own 2 s would drop them).
            "--timeout",
            "30s",
            "--latency",
            *extra,
            f"{origin}{url}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, latency(50), latency(99), int(errors.group(1)) if errors else 0


def body_of(url, headers):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{url}", headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def against_nginx(large, args):
    """A page short of the bare view because its answer is megabytes long, against nginx
    sending the same bytes from a file with the same wrk settings: what any server manages
    with that body on this machine (needs Debian's nginx; skipped without it)."""
    if static_nginx.nginx_binary() is None:
        print("\n(nginx is not installed: the large answers are not compared with a static file)")
        return
    work = Path(tempfile.mkdtemp(prefix="bench-pages-nginx-"))
    (work / "files").mkdir()
    for number, (_name, body, _rate, _headers) in enumerate(large):
        (work / "files" / f"{number}.body").write_bytes(body)
    nginx = static_nginx.start(work, work / "files", NGINX_PORT, workers=4)
    try:
        time.sleep(1)
        print(
            f"\n{'large answer':<28} {'MB':>6} {'portal req/s':>12} {'nginx req/s':>11}"
            f" {'portal/nginx':>12}"
        )
        for number, (name, body, rate, _headers) in enumerate(large):
            static, _p50, _p99, _errors = wrk(
                f"/files/{number}.body",
                args.duration,
                args.connections,
                origin=f"http://127.0.0.1:{NGINX_PORT}",
            )
            print(
                f"{name:<28} {len(body) / 1e6:>6.1f} {rate:>12.1f} {static:>11.1f}"
                f" {rate / static:>12.2f}",
                flush=True,
            )
    finally:
        static_nginx.stop(nginx)
        shutil.rmtree(work, ignore_errors=True)


def start_gunicorn(**extra_env):
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings", "DJANGO_DEBUG": "0"}
    env |= extra_env
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    process = subprocess.Popen(
        [
            gunicorn,
            "science_portal.wsgi",
            "--workers",
            "4",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--pythonpath",
            str(ROOT),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare", timeout=2)
            return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    sys.exit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--only", default="", help="run the pages whose name contains this")
    parser.add_argument("--no-http", action="store_true", help="in-process figures only")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at the database bench/search_data.py filled.")
    if not args.no_http and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk).")

    rows = pick_rows()
    public = public_pages(rows)
    admin = admin_pages(rows)
    if args.only:
        public = [public[0]] + [page for page in public[1:] if args.only in page[0]]
        admin = [page for page in admin if args.only in page[0]]
    client = Client()
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        (random_page_cost,) = cursor.fetchone()
    print(
        f"{Publication.objects.published().count()} public publications; {len(public) - 1} pages;"
        f" random_page_cost {random_page_cost} (DATABASE_RANDOM_PAGE_COST)\n"
    )

    server = None if args.no_http else start_gunicorn()
    try:
        header = (
            f"{'page':<28} {'status':>6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6} "
            f"{'q':>3} {'slowest ms':>10}  slowest statement"
        )
        print(header)
        print("-" * len(header))
        bare_rate, failures, large = None, [], []
        for name, url, *extra in public:
            headers = extra[0] if extra else None
            status, queries, slowest, sql, _total = in_process(client, url, runs=3, headers=headers)
            if server:
                rate, p50, p99, errors = wrk(url, args.duration, args.connections, headers)
                bare_rate = bare_rate or rate
                ratio = rate / bare_rate
                figures = f"{rate:>7.1f} {p50:>7.1f} {p99:>7.1f} {ratio:>6.2f}"
                if ratio < TARGET_RATIO and url != "/bench/bare":
                    failures.append(f"{name}: {ratio:.2f} of bare")
                    body = body_of(url, headers)
                    if len(body) > LARGE_BODY:
                        large.append((name, body, rate, headers))
                if errors:
                    failures.append(f"{name}: {errors} non-2xx answers")
            else:
                figures = f"{'-':>7} {'-':>7} {'-':>7} {'-':>6}"
            if slowest > SLOW_STATEMENT_MS:
                failures.append(f"{name}: a statement of {slowest:.0f} ms")
            if status != 200:
                failures.append(f"{name}: status {status}")
            print(
                f"{name:<28} {status:>6} {figures} {queries:>3} {slowest:>10.1f}  {sql}", flush=True
            )
    finally:
        if server:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
    if large:
        against_nginx(large, args)

    if admin:
        user, _created = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client.force_login(user)
        print(
            f"\n{'admin page':<28} {'status':>6} {'median ms':>9} {'q':>3} {'slowest ms':>10}"
            "  slowest statement"
        )
        for name, url in admin:
            status, queries, slowest, sql, total = in_process(client, url, runs=5)
            if total > ADMIN_TARGET_MS:
                failures.append(f"{name}: {total:.0f} ms")
            print(
                f"{name:<28} {status:>6} {total:>9.1f} {queries:>3} {slowest:>10.1f}  {sql}",
                flush=True,
            )

    print()
    if failures:
        print("Short of the targets:")
        for failure in failures:
            print(f"  {failure}")
    elif args.no_http:
        print(
            f"Of the pages run: no statement over {SLOW_STATEMENT_MS} ms, every admin page under "
            f"{ADMIN_TARGET_MS} ms (throughput not measured: --no-http)."
        )
    else:
        print(
            f"Of the pages run: every one at {TARGET_RATIO:.0%} of the bare view or more, no "
            f"statement over {SLOW_STATEMENT_MS} ms, every admin page under {ADMIN_TARGET_MS} ms."
        )


if __name__ == "__main__":
    main()
