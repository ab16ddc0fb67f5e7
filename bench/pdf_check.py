"""Benchmark: checking a big, legitimate PDF (large image streams) costs seconds, not memory.

Run from the project root (writes a PDF of about 160 MB to a temporary folder, then removes it):

    .venv/bin/python bench/pdf_check.py [--size-mb 200]

The PDF has one page per image: two thirds of the images are JPEG-like streams (DCTDecode,
not inflated by the check), one third Flate-compressed pixels (inflated piece by piece and
counted). It is opened from disk as an upload would be, checked by
``core.media.documents.check_pdf``, and the time, resident memory before, the peak during
the check and the largest image stream are printed. The peak stays near one raw stream
above the baseline, whatever the number of streams.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "science_portal.settings_test")

IMAGE_MB = 8


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024**2


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_pdf(handle, images):
    """Write a PDF with ``images`` pages, each showing one ~IMAGE_MB image, object by object."""
    offsets = {}

    def obj(number, body):
        offsets[number] = handle.tell()
        handle.write(b"%d 0 obj\n" % number)
        handle.write(body)
        handle.write(b"\nendobj\n")

    handle.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    pages = [3 + 3 * i for i in range(images)]
    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % page for page in pages)
    obj(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, images))
    side = 1600
    noise = os.urandom(IMAGE_MB * 1024 * 1024)
    for index, page in enumerate(pages):
        image, content = page + 1, page + 2
        obj(
            page,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (content, image),
        )
        if index % 3 == 2:  # pixels, deflated: half noise, half flat colour
            data = zlib.compress(noise[: len(noise) // 2] + bytes(len(noise) // 2), 1)
            kind = b"/FlateDecode"
        else:
            data = noise
            kind = b"/DCTDecode"
        head = (
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Filter %s /Length %d >>\nstream\n"
            % (side, side, kind, len(data))
        )
        offsets[image] = handle.tell()
        handle.write(b"%d 0 obj\n" % image + head + data + b"\nendstream\nendobj\n")
        draw = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
        obj(content, b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
    count = max(offsets) + 1
    xref = handle.tell()
    handle.write(b"xref\n0 %d\n0000000000 65535 f \n" % count)
    for number in range(1, count):
        handle.write(b"%010d 00000 n \n" % offsets[number])
    handle.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.files import File

    from core.media import documents

    images = max(1, args.size_mb // IMAGE_MB)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.pdf"
        with path.open("wb") as handle:
            write_pdf(handle, images)
        size = path.stat().st_size
        before = rss_mb()
        with path.open("rb") as handle:
            upload = File(handle, name="big.pdf")
            started = time.perf_counter()
            kind = documents.check_pdf(upload)
            elapsed = time.perf_counter() - started
        print(f"file: {size / 1024**2:.0f} MB, {images} pages, one {IMAGE_MB} MB image each")
        print(f"check: {kind.label} accepted in {elapsed:.2f} s")
        peak, after = peak_rss_mb(), rss_mb()
        print(f"RSS before: {before:.0f} MB, peak: {peak:.0f} MB, after: {after:.0f} MB")


if __name__ == "__main__":
    main()
