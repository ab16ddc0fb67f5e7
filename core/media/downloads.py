"""Serve a stored file: access is the caller's business, everything HTTP is handled here.

``serve_file()`` answers GET and HEAD for any ``FieldFile`` (a publication's full text, the
slides of a talk, a cover image) with conditional requests (ETag / If-None-Match,
Last-Modified / If-Modified-Since → 304), single byte ranges (206, or 416 with
``Content-Range: bytes */size``), ``If-Range``, an RFC 6266 ``Content-Disposition`` whose
``filename*`` carries any Unicode name next to an ASCII fallback, and ``nosniff``. A file on
local disk goes to the server as an open file, positioned at the range's start: gunicorn
sends it with ``sendfile`` (the kernel copies the bytes; the worker's memory stays flat) and
other servers read it in blocks, never past the range. A file in object storage
(``core.media.s3``) is streamed in chunks through the portal, the range fetched with a
single ranged GET: the access checks, the count, the headers and the bucket's privacy are
the same as on disk, and no bucket URL ever reaches the visitor.

In production nginx can send the bytes itself: set ``DOWNLOAD_ACCEL_REDIRECT_PREFIX``
(environment ``PORTAL_ACCEL_REDIRECT_PREFIX``), e.g. ``/protected-media/``, and Django,
after checking access and counting, answers with ``X-Accel-Redirect: /protected-media/<name>``
and the headers; nginx then handles Range and sends the file (local disk only: files in
object storage are always streamed by the portal). The matching nginx location,
internal so that nobody can request it directly::

    location /protected-media/ {
        internal;
        alias /srv/science-portal/media/;   # MEDIA_ROOT, with the trailing slash
        # Django's Content-Type, Content-Disposition and nosniff headers are kept.
    }

Never serve ``MEDIA_ROOT`` itself with a public ``location /media/``: files are checked here.

``serve_thumbnail()`` answers with a thumbnail of a stored image (a photo, a cover) through
``serve_file()``, making it on first request; its cache rule is the same for every image.
"""

import hashlib
import logging
import re
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from PIL import Image

from core.media import images
from core.text import to_ascii

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
# Thumbnails of public rows are cached for a day: their URLs change with the image
# (images.versioned_url), so a replaced image shows at once all the same.
THUMBNAIL_MAX_AGE = 24 * 3600

_RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RangeNotSatisfiable(Exception):
    """The Range header asks for bytes the file does not have."""


def ascii_fallback(filename):
    """A plain-ASCII version of a file name (for clients that ignore ``filename*``):
    romanised, quotes and controls removed."""
    text = re.sub(r'[\x00-\x1f\x7f"\\;/%]', "_", to_ascii(filename))
    stem, dot, suffix = text.rpartition(".")
    if not dot:
        stem, suffix = text, ""
    stem = stem.strip(" .")
    if not stem.strip("_ "):
        stem = "download"
    return f"{stem}.{suffix}" if suffix else stem


def content_disposition(filename, *, as_attachment=True):
    """An RFC 6266 Content-Disposition: ASCII ``filename`` plus UTF-8 ``filename*``."""
    kind = "attachment" if as_attachment else "inline"
    fallback = ascii_fallback(filename)
    header = f'{kind}; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def parse_range(header, size):
    """The (start, end) of a single byte range, both inclusive, or None to send everything.

    Malformed and multi-range headers are ignored (the whole file is a valid answer);
    a range that starts past the end raises RangeNotSatisfiable.
    """
    match = _RANGE_RE.match(header.strip().replace(" ", "")) if header else None
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(0, size - suffix), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable
    return start, min(end, size - 1)


def range_start(request):
    """Where the requested range starts (0 without a usable Range header), None for a suffix."""
    match = _RANGE_RE.match(request.headers.get("Range", "").strip().replace(" ", ""))
    if not match or (not match.group(1) and not match.group(2)):
        return 0
    return int(match.group(1)) if match.group(1) else None


def _if_range_matches(request, etag, modified):
    """Whether a Range may be honoured: no If-Range, or one that names the current version."""
    value = request.headers.get("If-Range")
    if not value:
        return True
    value = value.strip()
    if value.startswith(('"', "W/")):
        return value == etag  # only a strong comparison counts here
    return modified is not None and parse_http_date_safe(value) == modified


class FileSlice:
    """``length`` bytes of an open file from its current position: read in blocks by any
    server, or handed to ``sendfile`` through ``fileno()`` (gunicorn sends as many bytes from
    the file's position as the response's Content-Length says)."""

    def __init__(self, handle, length):
        self.handle = handle
        self.remaining = length

    def read(self, size=-1):
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.handle.read(size)
        self.remaining -= len(data)
        return data

    def fileno(self):
        return self.handle.fileno()

    def close(self):
        self.handle.close()


def _local_slice(field_file, start, length):
    """An open slice of a file on local disk, or None when the storage has no local path."""
    try:
        path = field_file.storage.path(field_file.name)
    except NotImplementedError:
        return None
    handle = open(path, "rb")  # noqa: SIM115  (closed by the response)
    handle.seek(start)
    return FileSlice(handle, length)


def _has_local_path(field_file):
    try:
        field_file.storage.path(field_file.name)
    except NotImplementedError:
        return False
    return True


def _chunks(field_file, start, length):
    stream = getattr(field_file.storage, "stream", None)
    if stream is not None:  # object storage: a ranged GET of just these bytes
        yield from stream(field_file.name, start, length, CHUNK_SIZE)
        return
    with field_file.storage.open(field_file.name, "rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


def _file_facts(field_file, etag, last_modified):
    storage, name = field_file.storage, field_file.name
    describe = getattr(storage, "describe", None)  # object storage: one request for both
    facts = describe(name) if name and describe is not None else None
    if facts is not None:
        size, stored_modified = facts
        last_modified = last_modified or stored_modified
    elif not name or describe is not None or not storage.exists(name):
        raise Http404("The file is missing.")
    else:
        size = storage.size(name)
    if last_modified is None:
        try:
            last_modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            last_modified = None
    modified = int(last_modified.timestamp()) if last_modified else None
    if etag is None:
        seed = f"{name}:{size}:{modified}".encode()
        etag = hashlib.sha256(seed).hexdigest()[:32]
    return size, modified, quote_etag(etag)


def serve_file(
    request,
    field_file,
    *,
    filename,
    content_type,
    as_attachment=True,
    etag=None,
    last_modified=None,
    cache_control="private, no-cache",
):
    """Answer GET or HEAD for a stored file; the caller has already checked access.

    ``etag`` (e.g. the file's SHA-256) and ``last_modified`` (an aware datetime) describe
    the stored version; both default to values derived from the storage.
    """
    size, modified, etag = _file_facts(field_file, etag, last_modified)

    def with_headers(response):
        response["ETag"] = etag
        if modified is not None:
            response["Last-Modified"] = http_date(modified)
        response["Cache-Control"] = cache_control
        response["X-Content-Type-Options"] = "nosniff"
        return response

    conditional = get_conditional_response(request, etag=etag, last_modified=modified)
    if conditional is not None:  # 304 Not Modified (or 412 for a failed If-Match)
        return with_headers(conditional)

    disposition = content_disposition(filename, as_attachment=as_attachment)
    accel_prefix = getattr(settings, "DOWNLOAD_ACCEL_REDIRECT_PREFIX", "")
    if accel_prefix and _has_local_path(field_file):
        # nginx sends the bytes and answers Range requests itself.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_prefix.rstrip("/") + "/" + quote(field_file.name)
        response["Content-Disposition"] = disposition
        return with_headers(response)

    start, end = 0, size - 1
    status = 200
    range_header = request.headers.get("Range")
    if request.method == "GET" and range_header and _if_range_matches(request, etag, modified):
        try:
            wanted = parse_range(range_header, size)
        except RangeNotSatisfiable:
            response = HttpResponse(status=416, content_type="text/plain; charset=utf-8")
            response["Content-Range"] = f"bytes */{size}"
            response["Accept-Ranges"] = "bytes"
            return with_headers(response)
        if wanted is not None:
            start, end = wanted
            status = 206
    length = end - start + 1 if size else 0

    local = _local_slice(field_file, start, length) if request.method != "HEAD" else None
    if request.method == "HEAD":
        response = HttpResponse(content_type=content_type, status=status)
    elif local is not None:
        response = FileResponse(local, content_type=content_type, status=status)
    else:
        response = StreamingHttpResponse(
            _chunks(field_file, start, length), content_type=content_type, status=status
        )
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition
    if status == 206:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return with_headers(response)


def serve_thumbnail(request, field_file, label, boxes):
    """Answer with the ``label`` thumbnail of a row's stored image, made on first request.

    ``boxes`` maps the labels the caller serves to the box (width, height) each fits in;
    any other label, like a missing or damaged image, is a 404. The caller has checked
    that the visitor may see the row (a ``core.publishing`` model): a published row's
    thumbnail may be cached anywhere for a day, a staff preview of a draft is never stored.
    """
    if label not in boxes:
        raise Http404("No such size.")
    if not field_file:
        raise Http404("No image.")
    try:
        name = images.ensure_thumbnail(field_file, label, boxes[label])
    except FileNotFoundError:
        raise Http404("The image is missing.") from None
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("Cannot make the %s thumbnail of %s: %s", label, field_file.name, error)
        raise Http404("The image is damaged.") from None
    row = field_file.instance
    public = row.is_published
    return serve_file(
        request,
        FieldFile(row, field_file.field, name),
        filename=f"{getattr(row, 'slug', '') or 'image'}-{label}.webp",
        content_type=images.mime_type_for(name),
        as_attachment=False,
        cache_control=f"public, max-age={THUMBNAIL_MAX_AGE}" if public else "private, no-store",
    )
