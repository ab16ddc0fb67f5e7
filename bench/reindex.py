"""Benchmark: ``reindex --no-extract`` the way a git revision did it, and the way it does now.

Run from the project root against the database ``search_data.py`` filled:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search
    .venv/bin/python bench/reindex.py                       # [--baseline f0aeb1f] [--only new]

Each way runs in a process of its own (peak resident memory is a per-process figure): the
baseline loads ``science_portal/search/index.py`` as it was at ``--baseline`` (git show; the
modules it imports are today's), the other imports today's. Each rebuilds the whole index
over the existing one with the work ``manage.py reindex --no-extract`` does, and prints the
time, the process's peak resident memory (ru_maxrss) and its growth during the rebuild, the
number of statements, then a digest of every document (all columns but the row id and the
write time, the vector as text) so that the two ways are seen to write the same index. The
summary gives the ratios, old over new.
"""

import argparse
import hashlib
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "science_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")


def rss_mb():
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def index_module(baseline):
    """Today's ``science_portal.search.index``, or its source at the ``baseline`` revision."""
    if baseline is None:
        from science_portal.search import index

        return index
    source = subprocess.run(
        ["git", "show", f"{baseline}:science_portal/search/index.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader("baseline_index", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, f"{baseline}:science_portal/search/index.py", "exec"), module.__dict__)
    return module


def digest():
    """(rows, SHA-256) of the index's documents, read in chunks."""
    from science_portal.models import SearchDocument

    fields = [f.name for f in SearchDocument._meta.fields if f.name not in ("id", "updated")]
    rows = SearchDocument.objects.order_by("kind", "source_id").values_list(*fields)
    sha, count = hashlib.sha256(), 0
    for row in rows.iterator(chunk_size=2000):
        sha.update(repr(row).encode())
        count += 1
    return count, sha.hexdigest()


def run(baseline):
    """One rebuild in this process; prints its figures as one JSON line."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.backends.signals import connection_created

    from science_portal.search import extract

    index = index_module(baseline)
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at the database search_data.py filled.")
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    def count_on(sender, connection, **kwargs):
        connection.execute_wrappers.append(count)  # a writing thread's own connection too

    connection_created.connect(count_on)
    if connection.connection is not None:
        connection.execute_wrappers.append(count)
    before = rss_mb()
    started = time.monotonic()
    index.rebuild(extract_files=False, bounds=extract.reindex_bounds())
    seconds = time.monotonic() - started
    peak = rss_mb()
    connection.queries_log.clear()
    rows, sha = digest()
    print(
        json.dumps(
            {
                "debug": settings.DEBUG,
                "seconds": seconds,
                "peak_mb": peak,
                "growth_mb": peak - before,
                "statements": statements,
                "rows": rows,
                "digest": sha,
            }
        )
    )


def child(way, args):
    command = [sys.executable, __file__, "--run", way, "--baseline", args.baseline]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default="f0aeb1f", help="The revision of the old way.")
    parser.add_argument("--only", choices=["old", "new"], help="Run one way only.")
    parser.add_argument("--run", choices=["old", "new"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run(args.baseline if args.run == "old" else None)
        return
    results = {}
    for way in [args.only] if args.only else ["old", "new"]:
        results[way] = child(way, args)
        figures = results[way]
        print(
            f"{way:>4}: {figures['seconds']:7.1f} s, peak RSS {figures['peak_mb']:6.0f} MB "
            f"(+{figures['growth_mb']:.0f} MB while rebuilding), "
            f"{figures['statements']:,} statements, {figures['rows']:,} documents, "
            f"digest {figures['digest'][:12]}, DEBUG {'on' if figures['debug'] else 'off'}",
            flush=True,
        )
    if len(results) == 2:
        old, new = results["old"], results["new"]
        print(
            f"old / new: time {old['seconds'] / new['seconds']:.1f}×, "
            f"peak RSS {old['peak_mb'] / new['peak_mb']:.1f}×, "
            f"growth {old['growth_mb'] / max(new['growth_mb'], 1):.1f}×, "
            f"statements {old['statements'] / new['statements']:.1f}×"
        )
        same = (old["rows"], old["digest"]) == (new["rows"], new["digest"])
        print("documents:", "identical" if same else "DIFFERENT")


if __name__ == "__main__":
    main()
