"""What the reader may show a visitor: a PDF in full, or the preview of a restricted one.

The reader loads the full text through the download view (which checks access, counts the
reading and answers its Range requests) and a preview through the preview view; a file the
visitor may neither download nor preview is not readable at all.
"""

from dataclasses import dataclass

from django.urls import reverse

from publications import preview
from publications.models import PublicationFile


@dataclass(frozen=True)
class Readable:
    file: PublicationFile
    is_preview: bool

    @property
    def source_url(self):
        """Where the reader fetches the PDF from."""
        name = "publications:preview" if self.is_preview else "publications:download"
        return reverse(name, kwargs={"pk": self.file.pk})

    @property
    def reader_url(self):
        return reverse(
            "publications:read_file",
            kwargs={"slug": self.file.publication.slug, "pk": self.file.pk},
        )

    @property
    def preview_pages(self):
        return self.file.preview_pages

    @property
    def total_pages(self):
        return self.file.preview_total_pages

    @property
    def available_from(self):
        """The day the full text becomes public (an embargo's end), None if on request."""
        return self.file.embargo_until if self.is_preview else None


def readable(file, *, staff):
    """The file as the visitor may read it, or None. ``staff`` may read every file in full
    (the download view lets them have it); the public a downloadable file of a published
    publication in full, a restricted file only through its ready preview."""
    if not file.is_pdf:
        return None
    if staff or (file.is_downloadable and file.publication.is_published):
        return Readable(file, is_preview=False)
    if preview.is_public(file):
        return Readable(file, is_preview=True)
    return None


def readables(files, *, staff):
    """The readable ones of a publication's files, in their order (no query: files are read)."""
    return [item for file in files if (item := readable(file, staff=staff)) is not None]
