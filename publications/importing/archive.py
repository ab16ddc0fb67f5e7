"""The ZIP of full texts uploaded with the metadata: members found by name, read safely.

``core.media.documents.open_zip`` refuses names that leave the archive ("../") and archives
that inflate past the bounds (ZIP bombs) before anything is read; each member is then copied
within the size limit of publication files and checked like any upload.
"""

import tempfile
import zipfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from core.media import documents
from publications import uploads


def _base(name):
    return name.replace("\\", "/").rsplit("/", 1)[-1].lower()


class Archive:
    def __init__(self, fileobj):
        self.zip = documents.open_zip(fileobj, label="ZIP")
        self.by_path, self.by_base = {}, {}
        for info in self.zip.infolist():
            if info.is_dir():
                continue
            self.by_path.setdefault(info.filename.lower(), info)
            self.by_base.setdefault(_base(info.filename), info)

    def find(self, name):
        name = (name or "").replace("\\", "/").strip()
        return self.by_path.get(name.lower()) or self.by_base.get(_base(name))

    def open(self, name):
        """The member as a File (a temporary copy), or a ValidationError saying why not."""
        info = self.find(name)
        if info is None:
            raise ValidationError(
                _("The file “%(name)s” is not in the ZIP.") % {"name": name}, code="missing"
            )
        limit = uploads.max_size()
        if info.file_size > limit:
            raise ValidationError(
                _("The file “%(name)s” is larger than the largest accepted.") % {"name": name},
                code="file_too_large",
            )
        copy = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the caller)
        try:
            with self.zip.open(info) as member:
                for chunk in iter(lambda: member.read(uploads.CHUNK_SIZE), b""):
                    copy.write(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            copy.close()
            raise ValidationError(
                _("The file “%(name)s” cannot be read from the ZIP.") % {"name": name},
                code="bad_member",
            ) from None
        copy.seek(0)
        upload = File(copy, name=info.filename.rsplit("/", 1)[-1])
        upload.size = info.file_size
        return upload

    def check(self, name):
        """None if the member is a PDF or EPUB as an upload must be, else why not."""
        try:
            upload = self.open(name)
        except ValidationError as error:
            return " ".join(error.messages)
        try:
            uploads.identify(upload)
        except ValidationError as error:
            return _("The file “%(name)s”: %(error)s") % {
                "name": name,
                "error": " ".join(error.messages),
            }
        finally:
            upload.close()
        return None

    def close(self):
        self.zip.close()
