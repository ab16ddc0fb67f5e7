"""What an uploaded publication file is, decided by its content and never by its name.

A PDF or an EPUB, checked as ``core.media.documents`` checks every uploaded document: a real
parse, no scripts, no bombs.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.media import documents

CHUNK_SIZE = 1024 * 1024


def max_size():
    return getattr(settings, "PUBLICATION_FILE_MAX_SIZE", 500 * 1024 * 1024)


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
    head = documents.read_head(upload, len(documents.ZIP_SIGNATURE) + 1)
    if head.startswith(documents.PDF_SIGNATURE):
        return documents.check_pdf(upload)
    if head.startswith(documents.ZIP_SIGNATURE):
        return documents.check_epub(upload)
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
