"""Whole public pages, cached for anonymous visitors and dropped the moment content changes.

Every response to an anonymous GET (no session cookie) that may be shared is kept in the cache
under the page's address, its host and the **content version**. Any change to a record of the
content apps (``PORTAL_CONTENT_APPS``: a save, a deletion, a change of its many-to-many links),
once committed, moves the version on: no cached page of the old version is served again, so a
withdrawn record leaves every page at once. Staff (who have a session), the admin and downloads
are never cached, nor is a response that sets a cookie, varies on anything but the language,
the cookies and the encoding, or says it is private.

A streamed response (a sitemap file, an export of a list) is kept only when its view asks for
it (``cache_streamed``): it is copied into the cache as it goes out, and kept if it ended
whole and within ``PORTAL_PAGE_CACHE_MAX_BYTES`` (kept compressed unless it went out
compressed), so a client that goes away midway or a body past the bound is simply not kept. A
gzipped answer (``gzip_page``) is kept apart from the plain one: the key names the encoding
the client accepts. A body sent plain to a client that takes gzip is kept gzipped and goes
out so from then on (no inflating, a tenth of the bytes); for the others it is kept deflated
and inflated as it goes out. While one request makes a page, the
others asking for it wait for its copy (up to ``PORTAL_PAGE_CACHE_WAIT_SECONDS``) instead of
making it too: after a change, a long export asked for by many clients is made once.

On by default when the cache is shared between processes (Redis, ``REDIS_URL``);
``PORTAL_PAGE_CACHE_SECONDS`` sets how long a page lives (0 turns the cache off). A process
with a cache of its own (local memory) cannot hear of another's changes, so there it is off
unless asked for.
"""

import hashlib
import re
import time
import zlib
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_vary_headers

VERSION_KEY = "pagecache:version"
UNCACHED_PREFIXES = ("/admin/", "/api/", "/static/", "/media/")
SKIPPED_HEADERS = {"set-cookie", "content-length"}
SHAREABLE_VARY = {"cookie", "accept-language", "accept-encoding"}
# As django.middleware.gzip decides whether a client takes gzip.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
STREAMED_ATTRIBUTE = "page_cache_streamed"
# The mark of a page being made (the others asking for it wait for its copy).
FILLING = ":filling"
WAIT_STEP = 0.05
# A deflated copy is inflated this many bytes at a time (each piece some 20 times larger).
INFLATE_STEP = 64 * 1024
# How a streamed body is kept: as it went out (already compressed), deflated (for a client
# that does not take gzip: inflated for it), or gzipped (sent to the client as it is).
AS_SENT, DEFLATED, GZIPPED = "", "deflated", "gzip"


def cache_streamed(response):
    """Let the page cache keep this streamed response (its body is public and bounded)."""
    setattr(response, STREAMED_ATTRIBUTE, True)
    return response


def seconds():
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 0)


def max_bytes():
    return getattr(settings, "PORTAL_PAGE_CACHE_MAX_BYTES", 8 * 1024 * 1024)


def wait_seconds():
    return getattr(settings, "PORTAL_PAGE_CACHE_WAIT_SECONDS", 10)


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def content_changed():
    """Move the content version on: every cached page is out of date."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)


def _on_change(sender, **kwargs):
    opts = sender._meta
    if opts.app_label not in settings.PORTAL_CONTENT_APPS:
        return
    if opts.label in settings.PORTAL_NOT_CONTENT_MODELS:
        return
    transaction.on_commit(content_changed)


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"core.pagecache.{signal}")


class PageCacheMiddleware:
    """Serves and keeps the pages of anonymous visitors (after CommonMiddleware, so the host
    is valid)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ttl = seconds()
        if not ttl or not self._cacheable_request(request):
            return self.get_response(request)
        key = self._key(request)
        stored = cache.get(key)
        waits = request.method == "GET"  # a HEAD's body is never read: it marks nothing
        if stored is None and waits and not cache.add(key + FILLING, 1, wait_seconds() + 30):
            stored = self._wait_for(key)
        if stored is not None:
            return self._rebuild(stored)
        filling = waits
        try:
            response = self.get_response(request)
            if self._cacheable_response(response):
                if response.streaming:
                    source = response.streaming_content
                    response.streaming_content = self._kept_as_sent(
                        response, source, key, ttl, gzipped=self._accepts_gzip(request)
                    )
                    filling = False  # released when the body has gone out
                else:
                    cache.set(key, self._freeze(response), ttl)
                response["X-Page-Cache"] = "miss"
        finally:
            if filling:
                cache.delete(key + FILLING)
        return response

    @staticmethod
    def _wait_for(key):
        """Another request is making this page: its copy, once kept, else None (make it too).

        A long export or sitemap file asked for by many clients at once, just after a change,
        is made once instead of once per worker.
        """
        deadline = time.monotonic() + wait_seconds()
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            stored = cache.get(key)
            if stored is not None or cache.get(key + FILLING) is None:
                return stored
        return None

    def _kept_as_sent(self, response, source, key, ttl, *, gzipped=False) -> Iterator[bytes]:
        """The streamed body, passed on chunk by chunk and kept once it has ended whole.

        A body sent plain is kept compressed (a sitemap file of 50,000 addresses is some 20 MB
        of XML and one MB deflated): gzipped when the client takes gzip (``gzipped``), as the
        next such client gets it, else deflated. The bound counts the bytes kept.
        """
        limit = max_bytes()
        if response.has_header("Content-Encoding"):
            packer, form = None, AS_SENT
        elif gzipped:
            packer, form = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS), GZIPPED
        else:
            packer, form = zlib.compressobj(1), DEFLATED
        kept, size = [], 0
        try:
            for chunk in source:
                if kept is not None:
                    piece = packer.compress(chunk) if packer else chunk
                    size += len(piece)
                    if size <= limit:
                        kept.append(piece)
                    else:
                        kept = None  # too large to keep: sent on, never stored
                yield chunk
            if kept is not None and packer:
                kept.append(packer.flush())
                size += len(kept[-1])
            if kept is not None and size <= limit:
                body = b"".join(kept)
                cache.set(key, (*self._freeze(response, body), form), ttl)
        finally:
            cache.delete(key + FILLING)

    @staticmethod
    def _cacheable_request(request):
        if request.method not in ("GET", "HEAD"):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False  # logged in, or has messages waiting: pages of its own
        return not request.path_info.startswith(UNCACHED_PREFIXES)

    @staticmethod
    def _cacheable_response(response):
        if response.status_code != 200:
            return False
        if response.streaming and not getattr(response, STREAMED_ATTRIBUTE, False):
            return False
        if response.cookies or response.has_header("Set-Cookie"):
            return False
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in ("private", "no-store", "no-cache")):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        return vary <= SHAREABLE_VARY

    @staticmethod
    def _key(request):
        address = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        encoding = "gzip" if PageCacheMiddleware._accepts_gzip(request) else ""
        return f"pagecache:{content_version()}:{request.method}:{encoding}:{digest}"

    @staticmethod
    def _accepts_gzip(request):
        return bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))

    @staticmethod
    def _freeze(response, content=None):
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in SKIPPED_HEADERS | {"x-page-cache"}
        ]
        return (response.status_code, headers, response.content if content is None else content)

    @staticmethod
    def _rebuild(stored):
        status, headers, content, *kept = stored
        form = kept[0] if kept else AS_SENT
        if isinstance(form, bool):  # A copy kept before gzipped copies: True for deflated.
            form = DEFLATED if form else AS_SENT
        if form == DEFLATED:
            response = StreamingHttpResponse(_inflated(content), status=status)
        else:
            response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        if form == GZIPPED:
            response["Content-Encoding"] = "gzip"
            patch_vary_headers(response, ("Accept-Encoding",))
            etag = response.get("ETag", "")
            if etag.startswith('"'):  # As GZipMiddleware: the bytes are not the ones tagged.
                response["ETag"] = "W/" + etag
        response["X-Page-Cache"] = "hit"
        return response


def _inflated(content) -> Iterator[bytes]:
    """A deflated copy, inflated piece by piece as it goes out."""
    inflater = zlib.decompressobj()
    for start in range(0, len(content), INFLATE_STEP):
        yield inflater.decompress(content[start : start + INFLATE_STEP])
    yield inflater.flush()
