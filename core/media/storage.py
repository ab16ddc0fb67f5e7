"""Storing uploads when the media disk fails: a form error, no partial file, no half-saved row.

Every upload reaches the disk through ``MediaStorage`` (settings ``STORAGES["default"]``), or
the bucket through ``core.media.s3.S3MediaStorage`` when object storage is configured: a
write that fails (the disk full, read-only, not writable; the bucket missing, access denied,
the endpoint down) removes the bytes it had written and raises ``StorageFailure``, an
``OSError`` that says in words what happened.

``all_or_nothing()`` wraps a save that writes files and rows together (an admin page, a
service): if anything in it fails, the files it had already stored are removed as well, and
the rows roll back with the caller's transaction. ``report(failure)`` then marks a second,
unsaved pass of the same page: every chosen upload of its forms shows the failure
(``core.media.forms.RechooseUploadMixin``), beside the field and in the list at the top.
"""

import errno
import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

FULL = {errno.ENOSPC, errno.EDQUOT}
READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}

# The files stored since all_or_nothing() began: [(storage, name)], or None outside one.
_written = ContextVar("core_media_written", default=None)
# The failure a page is shown again with, while report() is active.
_reported = ContextVar("core_media_reported", default=None)


class StorageFailure(OSError):
    """A file could not be stored; ``message`` says why, for the form."""

    def __init__(self, error):
        super().__init__(error.errno, error.strerror or str(error))
        if error.errno in FULL:
            self.message = _(
                "The file could not be stored: the storage is full; nothing was saved."
            )
        elif error.errno in READ_ONLY:
            self.message = _(
                "The file could not be stored: the storage is read-only; nothing was saved."
            )
        else:
            self.message = _("The file could not be stored (a storage error); nothing was saved.")

    def as_validation_error(self):
        return ValidationError(self.message, code="storage")


class SafeWritesMixin:
    """A failed write leaves nothing behind and raises ``StorageFailure``.

    ``write_errors`` are the exceptions a failed write raises (``OSError`` on disk);
    ``as_os_error(error)`` turns one into an ``OSError`` whose errno says what happened.
    """

    write_errors = (OSError,)

    def as_os_error(self, error):
        return error

    def _save(self, name, content):
        try:
            name = super()._save(name, content)
        except FileExistsError:
            raise
        except self.write_errors as error:
            failure = StorageFailure(self.as_os_error(error))
            self._remove_partial(name)
            logger.error("Cannot store %s: %s", name, error)
            raise failure from error
        written = _written.get()
        if written is not None:
            written.append((self, name))
        return name

    def _remove_partial(self, name):
        try:
            self.delete(name)
        except OSError:
            logger.exception("Cannot remove the partial file %s", name)


class MediaStorage(SafeWritesMixin, FileSystemStorage):
    """The media folder: a failed write leaves nothing behind and raises ``StorageFailure``."""


def forget(written):
    """Remove stored files [(storage, name)], logging those that cannot be removed."""
    for storage, name in reversed(written):
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Cannot remove %s after a failed save", name)


@contextmanager
def all_or_nothing():
    """Files stored within the block are removed again if the block raises."""
    written = []
    token = _written.set(written)
    try:
        yield written
    except BaseException:
        forget(written)
        raise
    finally:
        _written.reset(token)


@contextmanager
def report(failure):
    """Within the block, forms show ``failure`` at every file chosen for them."""
    token = _reported.set(failure)
    try:
        yield
    finally:
        _reported.reset(token)


def reported_failure():
    """The failure being reported (see ``report``), or None."""
    return _reported.get()
