"""Benchmark: a large allowed cover (6300 × 6300) is processed and memory comes back.

Run from the project root:

    .venv/bin/python bench/images.py [--side 6300]

A child process makes a JPEG cover of ``side`` × ``side`` pixels (within IMAGE_MAX_PIXELS
and IMAGE_MAX_UPLOAD_SIZE); this process then handles it as the admin does (the upload
field's checks and clean re-encoding, then both cover thumbnails) and prints its resident
memory before, at the peak, after, and the ratio of after to before; it does so ``runs``
times, to show that memory does not creep up.
"""

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "science_portal.settings_test")


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024**2


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_cover(path, side):
    """A photograph-like JPEG: a colour gradient with grain, so it neither bloats nor vanishes."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((side, side))
    grain = Image.effect_noise((side, side), 12)
    Image.merge("RGB", (gradient, grain, gradient.rotate(90))).save(path, "JPEG", quality=70)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=6300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--make", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        make_cover(args.make, args.side)
        return

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.media import images
    from publications.models import COVER_THUMBNAILS

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cover.jpg"
        subprocess.run([sys.executable, __file__, "--side", str(args.side), "--make", str(path)])
        data = path.read_bytes()
    before = rss_mb()
    field = images.ImageUploadField()
    print(f"cover: {args.side} × {args.side} JPEG, {len(data) / 1024**2:.1f} MB")
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        clean = field.clean(SimpleUploadedFile("cover.jpg", data, "image/jpeg"))
        for box in COVER_THUMBNAILS.values():
            images.make_thumbnail(io.BytesIO(clean.read()), box)
            clean.seek(0)
        del clean
        elapsed = time.perf_counter() - started
        print(f"run {run}: {elapsed:.1f} s, RSS after it: {rss_mb():.0f} MB")
    after = rss_mb()
    print(
        f"RSS before: {before:.0f} MB, peak: {peak_rss_mb():.0f} MB, after: {after:.0f} MB, "
        f"after/before: {after / before:.2f}"
    )


if __name__ == "__main__":
    main()
