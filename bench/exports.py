"""Benchmark: list exports the way a git revision answered them, and the way they stream now.

Run from the project root against the database ``search_data.py`` filled:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search
    .venv/bin/python bench/exports.py                  # [--baseline f0aeb1f] [--runs 3]

For the unfiltered list (past the limit: the 400 that asks to narrow the filters) and for a
topic whose list is the largest under the limit, in each format, it calls the list export
view as it was at ``--baseline`` (``publications/export_views.py`` from git show) and as it
is, through a request from Django's RequestFactory (the view alone, no middleware), reads the
whole body, and prints the status, the size, the statements, the median time to the last and
to the first byte, the peak Python allocation (tracemalloc, a run of its own; the bench holds
the body it reads, a download would not), and whether the two bodies are the same bytes.
"""

import argparse
import hashlib
import importlib.util
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from publications import export_views  # noqa: E402
from publications.models import Publication, Topic  # noqa: E402


def baseline_views(revision):
    """``publications.export_views`` as it was at ``revision``."""
    source = subprocess.run(
        ["git", "show", f"{revision}:publications/export_views.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader("baseline_export_views", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, f"{revision}:publications/export_views.py", "exec"), module.__dict__)
    return module


def call(view, fmt, params):
    """(status, body, seconds to the first byte) of one export; the body read to its end."""
    request = RequestFactory().get(f"/ru/export/publications.{fmt}", params)
    started = time.monotonic()
    with translation.override("ru"):
        response = view(request, fmt=fmt)
        if not response.streaming:
            return response.status_code, response.content, time.monotonic() - started
        chunks = iter(response.streaming_content)
        first = next(chunks, b"")
        first_byte = time.monotonic() - started
        return response.status_code, first + b"".join(chunks), first_byte


def measure(view, fmt, params, runs):
    times, first_bytes = [], []
    for _run in range(runs):
        started = time.monotonic()
        status, body, first_byte = call(view, fmt, params)
        times.append(time.monotonic() - started)
        first_bytes.append(first_byte)
    with CaptureQueriesContext(connection) as queries:
        call(view, fmt, params)
    tracemalloc.start()
    call(view, fmt, params)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "status": status,
        "bytes": len(body),
        "sha": hashlib.sha256(body).hexdigest(),
        "seconds": statistics.median(times),
        "first_byte": statistics.median(first_bytes),
        "queries": len(queries),
        "peak_mb": peak / 2**20,
    }


def largest_topic_under(limit):
    """The slug and size of the topic with the most public publications, at most ``limit``."""
    topics = (
        Topic.objects.published()
        .annotate(size=Count("publications", filter=Publication.public_q("publications__")))
        .filter(size__lte=limit)
        .order_by("-size")
    )
    topic = topics.first()
    return topic.slug, topic.size


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default="f0aeb1f", help="The revision of the old view.")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at the database search_data.py filled.")
    old = baseline_views(args.baseline).list_export
    new = export_views.list_export
    slug, size = largest_topic_under(export_views.export_limit())
    cases = [("everything", "bib", {})] + [
        (f"topic ({size:,} publications)", fmt, {"topic": slug}) for fmt in ("bib", "ris", "json")
    ]
    print(f"{Publication.objects.published().count():,} public publications")
    for label, fmt, params in cases:
        figures = {
            way: measure(view, fmt, params, args.runs) for way, view in (("old", old), ("new", new))
        }
        for way, f in figures.items():
            print(
                f"{label:>28} {fmt:>4} {way}: {f['status']}, {f['bytes']:>10,} bytes, "
                f"{f['queries']:>3} statements, {f['seconds'] * 1000:6.0f} ms "
                f"(first byte {f['first_byte'] * 1000:5.0f} ms), "
                f"peak {f['peak_mb']:7.1f} MB"
            )
        same = figures["old"]["sha"] == figures["new"]["sha"]
        ratio = figures["old"]["seconds"] / figures["new"]["seconds"]
        memory = figures["old"]["peak_mb"] / max(figures["new"]["peak_mb"], 0.01)
        print(
            f"{'':>28} {'':>4} old/new: time {ratio:.1f}×, peak {memory:.1f}×, "
            f"bodies {'identical' if same else 'DIFFERENT'}"
        )


if __name__ == "__main__":
    main()
