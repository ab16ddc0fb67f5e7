"""Media in S3-compatible object storage (MinIO, Ceph RGW, a cloud S3), when configured.

``S3MediaStorage`` is django-storages' ``S3Storage`` with the rules of ``MediaStorage``: a
failed write (the bucket missing, access denied, the quota reached, the endpoint down)
removes what it had stored and raises ``StorageFailure`` — a form error, no row saved —
and every other call that fails on the network or in the service raises ``StorageFailure``
too (an ``OSError``, as a failing disk would), so the health check and the cleanup treat
both storages alike. Objects are private: no ACL is set, and nothing links to the bucket.

Downloads stream through the portal (``core.media.downloads``) after its access checks:
``describe()`` reads an object's size and date in one HEAD request, ``stream()`` sends one
byte range with a ranged GET, never reading the rest of the object.
"""

import errno
import functools
import re

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from core.media.storage import SafeWritesMixin, StorageFailure

S3_ERRORS = (BotoCoreError, ClientError, Boto3Error)

# S3 error codes -> the errno whose message fits them (StorageFailure words it).
ERROR_CODES = {
    "QuotaExceeded": errno.ENOSPC,  # Ceph RGW, MinIO
    "XMinioStorageFull": errno.ENOSPC,
    "AccessDenied": errno.EACCES,
    "AllAccessDisabled": errno.EACCES,
    "InvalidAccessKeyId": errno.EACCES,
    "SignatureDoesNotMatch": errno.EACCES,
}
_CODE_RE = re.compile(r"An error occurred \((\w+)\)")


def error_code(error):
    """The S3 error code of a failure ("NoSuchBucket"), or ""."""
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code", "")
    match = _CODE_RE.search(str(error))  # upload_fileobj wraps it in S3UploadFailedError
    return match.group(1) if match else ""


def as_os_error(error):
    if isinstance(error, OSError):
        return error
    return OSError(ERROR_CODES.get(error_code(error), errno.EIO), str(error))


def _translated(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except S3_ERRORS as error:
            raise StorageFailure(as_os_error(error)) from error

    return wrapper


class S3MediaStorage(SafeWritesMixin, S3Storage):
    """The media bucket: private objects, failures raised as ``StorageFailure``."""

    write_errors = (OSError, *S3_ERRORS)

    def as_os_error(self, error):
        return as_os_error(error)

    exists = _translated(S3Storage.exists)
    delete = _translated(S3Storage.delete)
    size = _translated(S3Storage.size)
    get_modified_time = _translated(S3Storage.get_modified_time)
    listdir = _translated(S3Storage.listdir)
    _open = _translated(S3Storage._open)

    def _key(self, name):
        return self._normalize_name(clean_name(name))

    @_translated
    def describe(self, name):
        """(size, last modified) of a stored object in one request, or None if it is missing."""
        try:
            head = self.connection.meta.client.head_object(
                Bucket=self.bucket_name, Key=self._key(name)
            )
        except ClientError as error:
            if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                return None
            raise
        return head["ContentLength"], head["LastModified"]

    def stream(self, name, start, length, chunk_size):
        """The bytes ``start`` … ``start + length - 1`` of an object, in chunks: one ranged GET."""
        if length <= 0:
            return
        try:
            response = self.connection.meta.client.get_object(
                Bucket=self.bucket_name,
                Key=self._key(name),
                Range=f"bytes={start}-{start + length - 1}",
            )
        except S3_ERRORS as error:
            raise StorageFailure(as_os_error(error)) from error
        body = response["Body"]
        try:
            yield from body.iter_chunks(chunk_size)
        finally:
            body.close()
