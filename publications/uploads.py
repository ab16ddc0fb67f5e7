"""What an uploaded publication file is, decided by its content and never by its name."""

import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"
EPUB_MIMETYPE = b"application/epub+zip"
CHUNK_SIZE = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    mime_type: str
    extension: str


PDF = FileKind("application/pdf", ".pdf")
EPUB = FileKind("application/epub+zip", ".epub")


def max_size():
    return getattr(settings, "PUBLICATION_FILE_MAX_SIZE", 500 * 1024 * 1024)


def _read_head(upload, length):
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _is_epub(upload):
    """An EPUB is a ZIP whose first entry, stored uncompressed, is ``mimetype``."""
    head = _read_head(upload, 58)
    if not head.startswith(ZIP_SIGNATURE) or head[30:38] != b"mimetype":
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size > 100:
                return False
            return archive.read(info).strip() == EPUB_MIMETYPE
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError):
        return False
    finally:
        upload.seek(0)


def identify(upload):
    """The kind of an uploaded file (PDF or EPUB), or a ValidationError saying why not."""
    limit = max_size()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if _read_head(upload, len(PDF_SIGNATURE)) == PDF_SIGNATURE:
        return PDF
    if _is_epub(upload):
        return EPUB
    raise ValidationError(
        _("This is not a PDF or EPUB file (its content was checked, not its name)."),
        code="file_type",
    )


def sha256_of(upload):
    """The SHA-256 of a file, read in chunks so that a big book never sits in memory."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK_SIZE), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
