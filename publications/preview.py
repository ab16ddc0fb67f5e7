"""Public previews of restricted files: the first N pages of a PDF, cut into a PDF of its own.

A Curator sets ``preview_pages`` on an embargoed or staff-only file; the background job
(``science_portal.tasks.cut_file_preview``) cuts those pages with pypdf and stores them as
``preview_file``. Only that file is ever served to the public, so a Range request on it can
reach nothing beyond page N, and the original's URL stays a 404. A preview counts only while
it was cut from the file as it is now and with the page count set now (``preview_of``): a
replaced file or a shorter preview hides the old cut until the new one is made.

What a cut page takes along is what it draws: its annotations (links may name later pages,
and copying them would copy those pages), its article beads and thumbnails are left out, and
fonts and images of a resource dictionary shared by the whole book are kept only when the
page uses them. The outline, the names and the metadata of the book are not copied.
"""

import io
import logging
import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core import pagecache
from publications.models import PublicationFile

logger = logging.getLogger(__name__)

# Page keys a preview page leaves behind (see the module's docstring).
EXCLUDED_PAGE_KEYS = ("/Annots", "/B", "/Thumb", "/PieceInfo", "/Metadata")
# The names a content stream draws with: "/Name Do" (an image or form), "/Name size Tf" (a font).
_DRAWN = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s+(?:Do\b|[-+.\d]+\s+Tf\b)")


class PreviewRefused(Exception):
    """The file cannot give the preview asked for (the reason is for the admin)."""


def version(file):
    """What a preview of ``file`` is cut from: its checksum and page count ('' for none)."""
    if not file.preview_pages or not file.is_pdf or not file.sha256:
        return ""
    return f"{file.sha256}:{file.preview_pages}"


def is_ready(file):
    """Whether the file has a preview cut from it as it is now."""
    wanted = version(file)
    return bool(wanted) and file.preview_of == wanted and bool(file.preview_file)


def is_public(file):
    """Whether the public may read the file's preview now: the file itself is restricted,
    its publication published, its preview ready."""
    return not file.is_downloadable and file.publication.is_published and is_ready(file)


def needs_work(file):
    """Whether the job has something to do: cut a missing or stale preview, or remove one."""
    if version(file):
        return not is_ready(file)
    return bool(file.preview_file or file.preview_of or file.preview_error)


def _used_names(page):
    """The resource names a page's content draws (fonts and XObjects), None if unreadable."""
    try:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
    except Exception:
        return None
    return {match.group(1).decode("latin-1") for match in _DRAWN.finditer(data)}


def _prune_resources(page):
    """Give the page its own resources, without the fonts and XObjects it never draws."""
    from pypdf.generic import DictionaryObject, NameObject

    resources = page.get("/Resources")
    used = _used_names(page)
    if resources is None or used is None:
        return
    resources = resources.get_object()
    # A form without resources of its own draws with the page's: what it draws is kept too.
    xobjects = resources.get("/XObject")
    for name, value in xobjects.get_object().items() if xobjects is not None else ():
        form = value.get_object()
        if name[1:] in used and form.get("/Subtype") == "/Form" and "/Resources" not in form:
            try:
                used |= {m.group(1).decode("latin-1") for m in _DRAWN.finditer(form.get_data())}
            except Exception:
                return
    own = DictionaryObject(dict(resources.items()))
    for kind in ("/XObject", "/Font"):
        entries = own.get(kind)
        if entries is None:
            continue
        entries = entries.get_object()
        own[NameObject(kind)] = DictionaryObject(
            {name: value for name, value in entries.items() if name[1:] in used}
        )
    page[NameObject("/Resources")] = own


def cut(handle, pages):
    """The first ``pages`` pages of the PDF in ``handle`` as a new PDF, and the page count of
    the whole; refuses a preview that would be the whole file."""
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(handle, strict=False)
        total = len(reader.pages)
    except Exception as error:
        raise PreviewRefused(_("The file could not be read as a PDF.")) from error
    if pages >= total:
        raise PreviewRefused(
            _(
                "The file has %(total)d pages: a preview of %(pages)d would be the whole text. "
                "Set fewer pages."
            )
            % {"total": total, "pages": pages}
        )
    writer = PdfWriter()
    for number in range(pages):
        page = reader.pages[number]
        _prune_resources(page)
        writer.add_page(page, excluded_keys=EXCLUDED_PAGE_KEYS)
    writer.add_metadata({"/Producer": "Preview"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total


def _rows(file):
    """The file's row while it still is what the preview was made for."""
    return PublicationFile.objects.filter(
        pk=file.pk, sha256=file.sha256, preview_pages=file.preview_pages
    )


def _delete_stored(name):
    if name:
        storage = PublicationFile._meta.get_field("preview_file").storage
        try:
            storage.delete(name)
        except Exception:
            logger.warning("Preview: the old preview %s could not be removed", name, exc_info=True)


def refresh(file):
    """Cut the file's preview, or remove it when none is wanted; says what it did."""
    old = file.preview_file.name if file.preview_file else ""
    wanted = version(file)
    if not wanted:
        _rows(file).update(
            preview_file="", preview_of="", preview_total_pages=None, preview_error=""
        )
        _delete_stored(old)
        return "no preview"
    if is_ready(file):
        return "up to date"
    try:
        with file.file.open("rb") as handle:
            data, total = cut(handle, file.preview_pages)
    except PreviewRefused as refusal:
        _rows(file).update(preview_file="", preview_of="", preview_error=str(refusal))
        _delete_stored(old)
        return str(refusal)
    field = PublicationFile._meta.get_field("preview_file")
    name = field.storage.save(field.generate_filename(file, "preview.pdf"), ContentFile(data))
    if not _rows(file).update(
        preview_file=name, preview_of=wanted, preview_total_pages=total, preview_error=""
    ):
        _delete_stored(name)  # changed meanwhile: its own job cuts the new preview
        return "changed meanwhile"
    _delete_stored(old)
    # Pages cached before the cut show no reader for it yet (an update sends no signal).
    transaction.on_commit(pagecache.content_changed)
    return f"{file.preview_pages} of {total} pages"
