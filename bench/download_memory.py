"""Benchmark: a 200 MB publication file downloads through the view with flat memory.

Run from the project root (takes a few seconds, writes 200 MB to a temporary folder):

    .venv/bin/python bench/download_memory.py [--size-mb 200]

It builds a throwaway SQLite database and media folder, stores a PDF of the given size,
downloads it through ``publications:download`` with Django's test client (the full WSGI
stack, middleware included), reads the streamed body chunk by chunk, and prints the peak
Python allocation (tracemalloc) and the process's peak resident memory. A flat result is a
peak allocation of a few hundred KB whatever the file size; reading the file whole would
show the file size instead.
"""

import argparse
import hashlib
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "science_portal.settings_test")
os.environ["DATABASE_URL"] = "sqlite://:memory:"


def peak_rss_mb():
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class HashingWriter:
    """A file handle that also computes the SHA-256 of what is written."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def write(self, data):
        self.digest.update(data)
        return self.handle.write(data)


def write_pdf(path, size):
    """A valid PDF of about ``size`` bytes, written without holding it; returns its SHA-256."""
    from publications.pdf import write_large_pdf

    with open(path, "wb") as handle:
        writer = HashingWriter(handle)
        write_large_pdf(writer, ["Benchmark file"], size)
    return writer.digest.hexdigest()


def measure(client, url, headers):
    """Download ``url`` and return (status, bytes, sha256, seconds, peak traced bytes)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    digest = hashlib.sha256()
    received = 0
    for chunk in response.streaming_content:
        digest.update(chunk)
        received += len(chunk)
    response.close()
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return response.status_code, received, digest.hexdigest(), elapsed, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from publications.models import Publication, PublicationFile

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)

    with tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        name = "publications/files/benchmark.pdf"
        (Path(media) / name).parent.mkdir(parents=True)
        print(f"Writing a {args.size_mb} MB file…")
        sha256 = write_pdf(Path(media) / name, size)
        size = (Path(media) / name).stat().st_size
        publication = Publication.objects.create(
            type=Publication.Type.MONOGRAPH,
            title="Benchmark",
            slug="benchmark",
            year=2024,
            **Publication.public_values(timezone.now()),
        )
        file = PublicationFile.objects.create(
            publication=publication,
            file=name,
            original_name="Эталонная книга.pdf",
            size=size,
            sha256=sha256,
            mime_type="application/pdf",
        )
        client = Client()
        url = file.get_absolute_url()
        agent = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0"}
        client.head(url, headers=agent)  # warm up: URL resolver, translations, middleware
        rss_before = peak_rss_mb()
        sent = 0

        runs = [
            ("full download (200)", agent),
            ("second half (206)", agent | {"Range": f"bytes={size // 2}-"}),
        ]
        print(f"\nFile: {size / 1024 / 1024:.0f} MB, streamed in chunks through {url}\n")
        print(f"{'request':<22}{'status':>7}{'received MB':>13}{'seconds':>9}{'peak alloc KB':>15}")
        for label, headers in runs:
            status, received, digest, elapsed, peak = measure(client, url, headers)
            sent += received
            print(
                f"{label:<22}{status:>7}{received / 1024 / 1024:>13.1f}{elapsed:>9.2f}"
                f"{peak / 1024:>15.0f}"
            )
            if status == 200 and digest != sha256:
                print("  !! the downloaded bytes differ from the stored file")
        rss_after = peak_rss_mb()
        print(
            f"\nPeak resident memory of the process: {rss_before:.0f} MB before the downloads, "
            f"{rss_after:.0f} MB after ({rss_after - rss_before:+.0f} MB for "
            f"{sent / 1024 / 1024:.0f} MB sent)."
        )
        print("Flat memory: the peak allocation stays far below the file size.")


if __name__ == "__main__":
    main()
