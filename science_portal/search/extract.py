"""Text of uploaded files for full-text search, extracted within bounds.

A save in the admin extracts with small bounds (pages, characters, seconds) so a 300 MB book
never blocks it for long; the ``reindex`` command can extract with larger ones.
"""

import html.parser
import logging
import re
import time
import zipfile
from dataclasses import dataclass

from django.conf import settings

from core.media import documents

logger = logging.getLogger(__name__)

# Bounds for an extraction triggered by a save, and for the reindex command.
SAVE_BOUNDS = {"pages": 300, "chars": 300_000, "seconds": 10.0}
REINDEX_BOUNDS = {"pages": 5_000, "chars": 1_000_000, "seconds": 120.0}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class Bounds:
    pages: int
    chars: int
    seconds: float


@dataclass(frozen=True)
class Extraction:
    text: str
    pages: int = 0
    complete: bool = True


def save_bounds():
    """Bounds for an extraction during a save (settings SEARCH_EXTRACT_MAX_*)."""
    return Bounds(
        pages=getattr(settings, "SEARCH_EXTRACT_MAX_PAGES", SAVE_BOUNDS["pages"]),
        chars=getattr(settings, "SEARCH_EXTRACT_MAX_CHARS", SAVE_BOUNDS["chars"]),
        seconds=getattr(settings, "SEARCH_EXTRACT_TIMEOUT", SAVE_BOUNDS["seconds"]),
    )


def reindex_bounds():
    """Bounds for the reindex command (settings SEARCH_REINDEX_EXTRACT_MAX_*)."""
    return Bounds(
        pages=getattr(settings, "SEARCH_REINDEX_EXTRACT_MAX_PAGES", REINDEX_BOUNDS["pages"]),
        chars=getattr(settings, "SEARCH_REINDEX_EXTRACT_MAX_CHARS", REINDEX_BOUNDS["chars"]),
        seconds=getattr(settings, "SEARCH_REINDEX_EXTRACT_TIMEOUT", REINDEX_BOUNDS["seconds"]),
    )


def clean_text(text):
    """Searchable text: no control characters, single spaces."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


class _Collector:
    """Gathers text up to a number of characters and says when to stop."""

    def __init__(self, bounds):
        self.bounds = bounds
        self.parts = []
        self.length = 0
        self.started = time.monotonic()
        self.complete = True

    def add(self, text):
        text = clean_text(text)
        if text:
            self.parts.append(text)
            self.length += len(text) + 1

    def should_stop(self, units_done):
        if (
            units_done >= self.bounds.pages
            or self.length >= self.bounds.chars
            or time.monotonic() - self.started >= self.bounds.seconds
        ):
            self.complete = False
            return True
        return False

    def text(self):
        """The text gathered, cut to the bound (which then marks it incomplete)."""
        joined = " ".join(self.parts)
        if len(joined) > self.bounds.chars:
            self.complete = False
        return joined[: self.bounds.chars]


def _pdf(stream, bounds):
    from pypdf import PdfReader

    reader = PdfReader(stream, strict=False)
    collector = _Collector(bounds)
    total = len(reader.pages)
    done = 0
    for index in range(total):
        if collector.should_stop(done):
            break
        try:
            collector.add(reader.pages[index].extract_text() or "")
        except Exception:  # A broken page must not lose the others.
            logger.info("Search: page %s of a PDF could not be read", index + 1, exc_info=True)
        done += 1
    text = collector.text()
    return Extraction(text, pages=done, complete=collector.complete and done == total)


class _HTMLText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _epub(stream, bounds):
    collector = _Collector(bounds)
    done = 0
    with zipfile.ZipFile(stream) as archive:
        # In reading order (the spine); by name when the book has no readable package.
        present = {info.filename: info for info in archive.infolist()}
        chapters = [present[name] for name in documents.epub_spine(archive) if name in present]
        if not chapters:
            chapters = sorted(
                (
                    info
                    for info in present.values()
                    if info.filename.lower().endswith((".xhtml", ".html", ".htm"))
                ),
                key=lambda info: info.filename,
            )
        for info in chapters:
            if collector.should_stop(done):
                break
            # Read at most what is still wanted, so a zip bomb stays a small read.
            with archive.open(info) as member:
                raw = member.read(max(bounds.chars - collector.length, 0) * 4 + 4096)
            parser = _HTMLText()
            parser.feed(raw.decode("utf-8", errors="replace"))
            collector.add(" ".join(parser.parts))
            done += 1
        text = collector.text()
        complete = collector.complete and done == len(chapters)
    return Extraction(text, pages=done, complete=complete)


def _plain(stream, bounds):
    raw = stream.read(bounds.chars * 4)
    text = clean_text(raw.decode("utf-8", errors="replace"))[: bounds.chars]
    return Extraction(text, pages=1, complete=len(raw) < bounds.chars * 4)


EXTRACTORS = {
    "application/pdf": _pdf,
    "application/epub+zip": _epub,
    "text/plain": _plain,
}


def extract_text(stream, *, mime_type, bounds=None):
    """The text of a file (an open binary stream), within bounds; empty when unreadable."""
    bounds = bounds or save_bounds()
    extractor = EXTRACTORS.get(mime_type)
    if extractor is None:
        return Extraction("", complete=True)
    try:
        return extractor(stream, bounds)
    except Exception:  # A malformed upload is not the indexer's failure.
        logger.warning(
            "Search: no text could be extracted from a %s file", mime_type, exc_info=True
        )
        return Extraction("", complete=False)


def extract_file(field_file, *, mime_type, bounds=None, strict=False):
    """The text of a stored file (a FieldFile), within bounds; empty when it cannot be read.

    With ``strict`` a storage failure (a missing file, an unreachable bucket) is raised, so a
    background job can try again; a malformed file still gives empty text.
    """
    if not field_file:
        return Extraction("", complete=True)
    try:
        with field_file.open("rb") as stream:
            return extract_text(stream, mime_type=mime_type, bounds=bounds)
    except OSError:
        if strict:
            raise
        logger.warning("Search: the file %s could not be opened", field_file.name, exc_info=True)
        return Extraction("", complete=False)
