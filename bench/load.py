"""Load: 50 clients for 60 s over pages, search and downloads with Range, against gunicorn.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search
    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/load.py  # [--clients 50]

Serves the bench database (``bench/search_data.py``) with gunicorn (production settings,
``--workers`` sync workers, rate limits off: every client comes from one address) and runs
``--clients`` concurrent clients, each sending one request after another for ``--seconds``:
publication pages, list pages (random page numbers, sorts and filters), searches (random words,
so most are not in the page cache), people and event pages, the home page, feeds, OAI-PMH and
the sitemap index, and downloads of a real file with random byte ranges. It prints the number
of requests, the errors (connection failures, timeouts, 5xx, and any answer other than the
expected one), and p50/p99 latency, overall and per kind. 0 errors is the bar.
"""

import argparse
import asyncio
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORDS = [
    "customs",
    "таможня",
    "таможенный",
    "контроль",
    "право",
    "digital",
    "risk",
    "валюта",
    "экспорт",
    "import",
    "tariff",
    "декларация",
    "логистика",
    "border",
    "санкции",
    "union",
    "ЕАЭС",
    "Moser",
    "Мозер",
    "Иванов",
    "history",
    "education",
    "экономика",
    "trade",
]
SORTS = ["", "&sort=title", "&sort=newest", "&sort=downloads"]
FILTERS = ["", "&type=monograph", "&type=article", "&language=en", "&has_file=yes"]

SHELL = """
import os
from pathlib import Path
from django.conf import settings
from publications.models import Publication, PublicationFile
from people.models import Person
from events.models import Event
published = Publication.objects.published()
print("PUBS", *published.order_by("?").values_list("slug", flat=True)[:500])
print("PEOPLE", *Person.objects.published().order_by("?").values_list("slug", flat=True)[:200])
print("EVENTS", *Event.objects.published().order_by("?").values_list("slug", flat=True)[:200])
print("PAGES", max(1, published.count() // 20))
public = PublicationFile.objects.filter(access="public", publication__in=published)
file = public.exclude(file="").first()
path = Path(settings.MEDIA_ROOT) / file.file.name
path.parent.mkdir(parents=True, exist_ok=True)
size = 20 * 1024 * 1024
with open(path, "wb") as handle:
    handle.write(b"%PDF-1.4\\n" + os.urandom(size - 9))
PublicationFile.objects.filter(pk=file.pk).update(size=size, sha256="")
print("FILE", file.get_absolute_url(), size)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mix:
    def __init__(self, facts):
        self.facts = facts

    def pick(self):
        f, roll = self.facts, random.random()
        if roll < 0.25:
            return "publication", f"/ru/publications/{random.choice(f['PUBS'])}/", (200,)
        if roll < 0.45:
            page = random.randint(1, min(f["PAGES"], 2000))
            query = f"?page={page}{random.choice(SORTS)}{random.choice(FILTERS)}"
            return "list", f"/{random.choice(['ru', 'en'])}/publications/{query}", (200, 404)
        if roll < 0.60:
            words = "+".join(random.sample(WORDS, random.choice([1, 1, 2])))
            return "search", f"/ru/search/?q={urllib.request.quote(words, safe='+')}", (200,)
        if roll < 0.70:
            if random.random() < 0.5:
                return "person", f"/ru/people/{random.choice(f['PEOPLE'])}/", (200,)
            return "event", f"/ru/events/{random.choice(f['EVENTS'])}/", (200,)
        if roll < 0.80:
            path = random.choice(
                [
                    "/ru/",
                    "/en/",
                    "/ru/feeds/publications.atom",
                    "/sitemap.xml",
                    "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc",
                    "/ru/people/",
                    "/ru/events/",
                ]
            )
            return "other", path, (200,)
        start = random.randrange(0, f["SIZE"] - 65536)
        return "download", (f["FILE"], f"bytes={start}-{start + 65535}"), (206,)


async def fetch(port, path, byte_range=None, timeout=60):
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    lines = [
        f"GET {path} HTTP/1.1",
        "Host: localhost",
        "Connection: close",
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64) bench-load",
    ]
    if byte_range:
        lines.append(f"Range: {byte_range}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    data = await asyncio.wait_for(reader.read(-1), timeout)
    writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, len(data)


async def client(port, mix, deadline, results):
    while time.monotonic() < deadline:
        kind, target, expected = mix.pick()
        path, byte_range = target if isinstance(target, tuple) else (target, None)
        started = time.monotonic()
        try:
            status, _size = await fetch(port, path, byte_range)
            error = None if status in expected else f"status {status}: {path}"
        except (TimeoutError, OSError, ValueError, IndexError) as problem:
            error = f"{type(problem).__name__}: {path}"
        results.append((kind, time.monotonic() - started, error))


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] * 1000 if values else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to the bench database (bench/search_data.py fills it).")
    media = Path(tempfile.mkdtemp(prefix="bench-load-media-"))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_hex(32),
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_MEDIA_ROOT": str(media / "files"),
        "DJANGO_STATIC_ROOT": str(media / "static"),
        "DJANGO_LOG_LEVEL": "ERROR",
        "PORTAL_RATE_LIMITS": "search=0,suggest=0,export=0,export-list=0,api=0",
    }
    env.pop("PORTAL_ACCEL_REDIRECT_PREFIX", None)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SHELL],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    facts = {}
    for line in out.splitlines():
        if not line.strip():
            continue
        key, *values = line.split()
        if key in ("PUBS", "PEOPLE", "EVENTS"):
            facts[key] = values
        elif key == "PAGES":
            facts[key] = int(values[0])
        elif key == "FILE":
            facts["FILE"], facts["SIZE"] = values[0], int(values[1])
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "science_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options.workers),
            "--timeout",
            "60",
            "--backlog",
            "512",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        results = []
        mix = Mix(facts)

        async def run():
            end = time.monotonic() + options.seconds
            await asyncio.gather(*(client(port, mix, end, results) for _ in range(options.clients)))

        started = time.monotonic()
        asyncio.run(run())
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(media, ignore_errors=True)

    errors = [error for _kind, _t, error in results if error]
    cache = f"cache {os.environ['REDIS_URL']}" if os.environ.get("REDIS_URL") else "no shared cache"
    print(
        f"\n{options.clients} clients, {options.seconds} s, "
        f"gunicorn {options.workers} sync workers, {cache}\n"
    )
    print(
        f"requests {len(results)} ({len(results) / elapsed:.0f}/s), errors {len(errors)}, "
        f"p50 {percentile([t for _k, t, _e in results], 0.5):.0f} ms, "
        f"p99 {percentile([t for _k, t, _e in results], 0.99):.0f} ms\n"
    )
    by_kind = defaultdict(list)
    for kind, seconds, error in results:
        by_kind[kind].append((seconds, error))
    print(f"{'kind':12}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p99 ms':>9}")
    for kind, rows in sorted(by_kind.items()):
        times = [t for t, _e in rows]
        print(
            f"{kind:12}{len(rows):>10}{sum(1 for _t, e in rows if e):>8}"
            f"{percentile(times, 0.5):>9.0f}{percentile(times, 0.99):>9.0f}"
        )
    for error in sorted(set(errors))[:20]:
        print("  ", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
