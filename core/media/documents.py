"""Uploaded documents (PDF, EPUB, presentations) checked by a real parse, within bounds.

The API, shared by every app that accepts a document:

- ``check_pdf(file)`` raises ``ValidationError`` unless the file parses as a PDF with pages,
  carries no HTML in its first bytes (a browser sniffing it must not see a web page), no
  JavaScript and no action that runs by itself or starts a program, and no stream that
  inflates past ``PDF_MAX_INFLATED_STREAM`` (or all of them past ``PDF_MAX_INFLATED_TOTAL``).
  Streams are inflated piece by piece and the inflated bytes thrown away, so a bomb costs
  CPU up to the bound, never memory; the whole check stops after ``PDF_CHECK_SECONDS``.
- ``open_zip(file)`` opens a ZIP whose member names stay inside it and whose declared
  sizes stay within ``ZIP_MAX_INFLATED`` and ``ZIP_MAX_RATIO``; Python's ``zipfile`` never
  reads past a declared size, so these bounds hold for every later read.
- ``check_epub(file)`` and ``identify_presentation(file)`` check the containers of EPUB
  books and of PPTX, ODP and PPT slides.

A file is refused rather than repaired: stripping a script would rewrite the scholarly
document, and its checksum would no longer be that of the file the author gave.
"""

import re
import time
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# More than the 1,445 bytes a browser reads to sniff the type of a response.
HTML_SNIFF_BYTES = 2048
# Tags that start an HTML page or a script. None of them can begin a PDF hex string
# (hex digits only), so a real PDF's header never matches.
_HTML = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta)[\s>/]", re.IGNORECASE
)
# Keys that carry scripts or actions run without the reader asking: document JavaScript,
# the /AA ("additional actions") triggered by opening pages or fields, XFA forms' scripts.
_FORBIDDEN_KEYS = {"/JS", "/JavaScript", "/AA", "/XFA"}
# Actions that run code, start a program or send data away from the document.
_FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute"}
_FLATE = {"/FlateDecode", "/Fl"}
_INFLATE_CHUNK = 1024 * 1024
_MAX_DEPTH = 64

EPUB_MIMETYPE = "application/epub+zip"
CONTAINER_XML = "META-INF/container.xml"
_CONTAINER_NS = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_XML_MAX_SIZE = 1024 * 1024


@dataclass(frozen=True)
class DocumentKind:
    mime_type: str
    extension: str
    label: str


PDF = DocumentKind("application/pdf", ".pdf", "PDF")
EPUB = DocumentKind(EPUB_MIMETYPE, ".epub", "EPUB")
PPTX = DocumentKind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PPTX"
)
ODP = DocumentKind("application/vnd.oasis.opendocument.presentation", ".odp", "ODP")
PPT = DocumentKind("application/vnd.ms-powerpoint", ".ppt", "PPT")


def _setting(name, default):
    return getattr(settings, name, default)


def _rewind(file):
    file.seek(0)


def read_head(file, length):
    """The first ``length`` bytes of a file, leaving it at the start."""
    _rewind(file)
    head = file.read(length)
    _rewind(file)
    return head


# PDF


def _refuse(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


def _not_a_pdf():
    return _refuse(
        _("The file starts like a PDF but is not a readable PDF document."), "pdf_broken"
    )


def _scripted(what):
    return _refuse(
        _(
            "The PDF contains JavaScript or actions that run by themselves (%(what)s); the "
            "portal does not accept such files. Save it again without scripts or actions "
            "(e.g. “Print to PDF” or PDF/A) and upload it again."
        ),
        "pdf_active_content",
        what=str(what).lstrip("/"),
    )


class _Budget:
    """Inflated bytes and time a PDF check may spend."""

    def __init__(self):
        self.per_stream = _setting("PDF_MAX_INFLATED_STREAM", 256 * 1024 * 1024)
        self.total = _setting("PDF_MAX_INFLATED_TOTAL", 2 * 1024 * 1024 * 1024)
        self.seconds = _setting("PDF_CHECK_SECONDS", 60.0)
        self.inflated = 0
        self.started = time.monotonic()

    def check_time(self):
        if time.monotonic() - self.started > self.seconds:
            raise _refuse(
                _("The PDF is too complex to be checked in time; it was not accepted."),
                "pdf_too_complex",
            )

    def too_large(self):
        return _refuse(
            _(
                "A part of the PDF inflates to more than %(limit)s when read (a “zip bomb”); "
                "the file was not accepted."
            ),
            "pdf_bomb",
            limit=filesizeformat(self.per_stream),
        )


def _inflated_size(data, budget):
    """How many bytes a Flate stream inflates to, counted in pieces; refuses past the bound."""
    decompressor = zlib.decompressobj()
    size = 0
    try:
        while data:
            size += len(decompressor.decompress(data, _INFLATE_CHUNK))
            if size > budget.per_stream or budget.inflated + size > budget.total:
                raise budget.too_large()
            if decompressor.eof:
                break
            data = decompressor.unconsumed_tail
            budget.check_time()
    except zlib.error:
        pass  # A damaged stream is the reader's problem; its size so far still counts.
    budget.inflated += size
    return size


def _filters(stream):
    from pypdf.generic import ArrayObject

    value = stream.get("/Filter")
    if value is None:
        return []
    value = value.get_object()
    items = value if isinstance(value, ArrayObject) else [value]
    return [str(item.get_object()) for item in items]


def _check_stream(stream, budget):
    from pypdf.errors import LimitReachedError

    filters = _filters(stream)
    if not filters:
        return
    if filters[0] in _FLATE:
        _inflated_size(stream._data, budget)  # the raw, still encoded bytes
    elif any(name in ("/LZWDecode", "/LZW", "/RunLengthDecode", "/RL") for name in filters):
        # Old codecs: pypdf decodes them with an output bound of the same size.
        from pypdf import apply_configuration

        limit = budget.per_stream
        try:
            with apply_configuration(
                lzw_maximum_output_length=limit,
                run_length_maximum_output_length=limit,
                zlib_maximum_output_length=limit,
            ):
                budget.inflated += len(stream.get_data())
        except LimitReachedError:
            raise budget.too_large() from None
        except Exception:
            return
        if budget.inflated > budget.total:
            raise budget.too_large()


def _check_actions(value, depth=0):
    """Refuse scripts and automatic actions anywhere in an object (not following references)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if depth > _MAX_DEPTH:
        raise _not_a_pdf()
    if isinstance(value, DictionaryObject):
        for key, item in dict.items(value):
            if key in _FORBIDDEN_KEYS:
                raise _scripted(key)
            if key == "/S" and isinstance(item, NameObject) and item in _FORBIDDEN_ACTIONS:
                raise _scripted(str(item))
            if key == "/OpenAction":
                action = item.get_object() if isinstance(item, IndirectObject) else item
                # A destination (open at a page) is fine; an action other than going to one
                # is not.
                if isinstance(action, DictionaryObject) and action.get("/S") != "/GoTo":
                    raise _scripted(f"/OpenAction {action.get('/S')}")
            if not isinstance(item, IndirectObject):
                _check_actions(item, depth + 1)
    elif isinstance(value, ArrayObject):
        for item in value:
            if not isinstance(item, IndirectObject):
                _check_actions(item, depth + 1)


def _object_keys(reader):
    for generation, numbers in reader.xref.items():
        for number in numbers:
            yield number, generation
    for number in reader.xref_objStm:
        yield number, 0


def check_pdf(file):
    """Refuse anything but a readable PDF without scripts, automatic actions or bombs."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError
    from pypdf.generic import IndirectObject, StreamObject

    head = read_head(file, HTML_SNIFF_BYTES)
    if not head.startswith(PDF_SIGNATURE):
        raise _not_a_pdf()
    if _HTML.search(head):
        raise _refuse(
            _(
                "The file starts like a PDF but contains a web page (HTML); such a file "
                "can be read as a page by browsers and is not accepted."
            ),
            "pdf_html",
        )
    budget = _Budget()
    size = getattr(file, "size", None) or 0
    try:
        # Streams as long as the file itself may be read (a big scan in one image); pypdf
        # reads them raw, and this check inflates them itself.
        with apply_configuration(
            maximum_declared_stream_length=max(size, 75_000_000),
            zlib_maximum_output_length=budget.per_stream,
        ):
            reader = PdfReader(file, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise _encrypted()
            if len(reader.pages) < 1:
                raise _not_a_pdf()
            _check_actions(reader.trailer)
            for number, generation in _object_keys(reader):
                budget.check_time()
                obj = reader.get_object(IndirectObject(number, generation, reader))
                _check_actions(obj)
                if isinstance(obj, StreamObject):
                    _check_stream(obj, budget)
                    # Forget the stream's bytes: a big book's images must not pile up.
                    reader.resolved_objects.pop((generation, number), None)
    except ValidationError:
        raise
    except LimitReachedError:
        raise budget.too_large() from None
    except (DependencyError, FileNotDecryptedError, NotImplementedError):
        raise _encrypted() from None
    except Exception:
        raise _not_a_pdf() from None
    finally:
        _rewind(file)
    return PDF


def _encrypted():
    return _refuse(
        _("The PDF is protected by a password or encryption; upload an unprotected copy."),
        "pdf_encrypted",
    )


# ZIP containers


def _unsafe_name(name):
    if "\x00" in name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in PurePosixPath(name).parts


def _bad_container(label):
    return _refuse(
        _("This is not a valid %(kind)s file (its content was checked, not its name)."),
        "container_invalid",
        kind=label,
    )


def open_zip(file, *, label):
    """A ``ZipFile`` of the upload, refused if its names leave it or it inflates too much."""
    max_total = _setting("ZIP_MAX_INFLATED", 2 * 1024 * 1024 * 1024)
    max_ratio = _setting("ZIP_MAX_RATIO", 200)
    max_members = _setting("ZIP_MAX_MEMBERS", 20_000)
    _rewind(file)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _bad_container(label) from None
    members = archive.infolist()
    total = 0
    for info in members:
        if _unsafe_name(info.filename):
            archive.close()
            raise _refuse(
                _("The %(kind)s file names a part outside itself (“%(name)s”)."),
                "container_path",
                kind=label,
                name=info.filename[:100],
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > max_total or (info.file_size > 1024 * 1024 and ratio > max_ratio):
            archive.close()
            raise _refuse(
                _(
                    "The %(kind)s file inflates to more than it may (%(limit)s in all, or "
                    "%(ratio)s times its packed size for one part): a “zip bomb”."
                ),
                "container_bomb",
                kind=label,
                limit=filesizeformat(max_total),
                ratio=max_ratio,
            )
    if len(members) > max_members:
        archive.close()
        raise _bad_container(label)
    return archive


def _read_member(archive, name, limit=_XML_MAX_SIZE):
    """A small member's bytes, or None when it is missing or larger than ``limit``."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        return None
    with archive.open(info) as member:
        return member.read(limit)


def parse_xml(data):
    """An XML document without a DTD (no entities to expand), or None when unreadable."""
    if data is None or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None


def epub_package_path(archive):
    """Where META-INF/container.xml says the EPUB's package document (OPF) is, or None."""
    root = parse_xml(_read_member(archive, CONTAINER_XML))
    if root is None:
        return None
    rootfile = root.find(f"{_CONTAINER_NS}rootfiles/{_CONTAINER_NS}rootfile")
    return rootfile.get("full-path") if rootfile is not None else None


def epub_spine(archive):
    """The names of an EPUB's chapters in reading order (its package's spine), or [] when the
    package cannot be read."""
    package = epub_package_path(archive)
    root = parse_xml(_read_member(archive, package)) if package else None
    if root is None:
        return []
    opf = "{http://www.idpf.org/2007/opf}"
    folder = PurePosixPath(package).parent
    hrefs = {
        item.get("id"): item.get("href", "") for item in root.iter(f"{opf}item") if item.get("id")
    }
    names = []
    for itemref in root.iter(f"{opf}itemref"):
        href = hrefs.get(itemref.get("idref"), "").split("#", 1)[0]
        if href:
            name = str(folder / unquote(href)) if str(folder) != "." else unquote(href)
            if not _unsafe_name(name):
                names.append(name)
    return names


def _first_is_mimetype(archive, expected):
    members = archive.infolist()
    if not members or members[0].filename != "mimetype":
        return False
    first = members[0]
    if first.compress_type != zipfile.ZIP_STORED or first.file_size > 100:
        return False
    return archive.read(first).strip() == expected.encode()


def check_epub(file):
    """Refuse anything but an EPUB container: ``mimetype`` first, and the package it names."""
    with _checked_zip(file, EPUB) as archive:
        if not _first_is_mimetype(archive, EPUB_MIMETYPE):
            raise _bad_container(EPUB.label)
        package = epub_package_path(archive)
        if not package or _unsafe_name(package) or package not in archive.namelist():
            raise _bad_container(EPUB.label)
    return EPUB


@contextmanager
def _checked_zip(file, kind):
    """``open_zip`` for a check: a damaged archive is a form error, the file is rewound."""
    archive = open_zip(file, label=kind.label)
    try:
        yield archive
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, KeyError) as error:
        raise _bad_container(kind.label) from error
    finally:
        archive.close()
        _rewind(file)


# Presentations

_PPTX_MAIN = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_MACROS = _("The presentation contains macros; save it without them and upload it again.")


def _check_pptx(file):
    with _checked_zip(file, PPTX) as archive:
        names = set(archive.namelist())
        types = _read_member(archive, "[Content_Types].xml")
        if types is None or "ppt/presentation.xml" not in names or _PPTX_MAIN not in types:
            raise _bad_container(PPTX.label)
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise _refuse(_MACROS, "presentation_macros")
    return PPTX


def _check_odp(file):
    with _checked_zip(file, ODP) as archive:
        names = archive.namelist()
        if not _first_is_mimetype(archive, ODP.mime_type):
            raise _bad_container(ODP.label)
        if "content.xml" not in names or "META-INF/manifest.xml" not in names:
            raise _bad_container(ODP.label)
        if any(name.startswith(("Basic/", "Scripts/")) for name in names):
            raise _refuse(_MACROS, "presentation_macros")
    return ODP


_PPT_STREAM = "PowerPoint Document".encode("utf-16-le")
_VBA_STORAGE = "_VBA_PROJECT".encode("utf-16-le")


def _check_ppt(file):
    """An old PowerPoint file: an OLE2 compound file with a "PowerPoint Document" stream.

    Its directory is searched by the names' UTF-16 spelling, in pieces; a VBA project
    (macros) is refused. This is a lighter check than the others: the format is binary.
    """
    _rewind(file)
    found = False
    tail = b""
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        window = tail + chunk
        if _VBA_STORAGE in window:
            _rewind(file)
            raise _refuse(_MACROS, "presentation_macros")
        found = found or _PPT_STREAM in window
        tail = window[-64:]
    _rewind(file)
    if not found:
        raise _bad_container(PPT.label)
    return PPT


def identify_presentation(file):
    """The kind of uploaded slides (PDF, PPTX, ODP or PPT), checked by content, or a
    ValidationError saying why not."""
    head = read_head(file, 64)
    if head.startswith(PDF_SIGNATURE):
        return check_pdf(file)
    if head.startswith(OLE_SIGNATURE):
        return _check_ppt(file)
    if head.startswith(ZIP_SIGNATURE):
        if head[30:38] == b"mimetype":
            return _check_odp(file)
        return _check_pptx(file)
    raise _refuse(
        _("This is not a PDF, PPTX, ODP or PPT file (its content was checked, not its name)."),
        "file_type",
    )
