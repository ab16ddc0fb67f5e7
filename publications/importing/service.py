"""The import as the admin, the job and the command use it: read, plan, write, report."""

import contextlib
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from publications.importing import apply, plan, reader
from publications.importing.archive import Archive
from publications.importing.models import ImportBatch


def inline_limit():
    """Records an import writes inside the request; a larger one goes to the worker."""
    return getattr(settings, "IMPORT_INLINE_RECORDS", 500)


def job_chunk():
    return getattr(settings, "IMPORT_JOB_CHUNK", 500)


# A file this small is analysed inside the request; its ZIP's files are each checked as an
# upload is, so a large ZIP sends the work to the worker too.
INLINE_BYTES = 1024 * 1024
INLINE_ZIP_BYTES = 20 * 1024 * 1024


def analyses_inline(batch):
    return batch.source.size <= INLINE_BYTES and (
        not batch.files or batch.files.size <= INLINE_ZIP_BYTES
    )


def imports_inline(batch):
    return batch.total <= inline_limit() and (
        not batch.files or batch.files.size <= INLINE_ZIP_BYTES
    )


def zip_max_bytes():
    return getattr(settings, "IMPORT_ZIP_MAX_BYTES", 2 * 1024 * 1024 * 1024)


@contextlib.contextmanager
def opened_archive(fileobj):
    if not fileobj:
        yield None
        return
    archive = Archive(fileobj)
    try:
        yield archive
    finally:
        archive.close()


def _read(field):
    field.open("rb")
    try:
        return field.read()
    finally:
        field.close()


def new_batch(*, upload, files=None, user=None):
    """Store an upload (and its ZIP) as a batch to analyse; refused uploads store nothing."""
    data = upload.read()
    if len(data) > reader.max_bytes():
        reader.read(data, upload.name)  # raises the error saying the limit
    if files:
        Archive(files).close()  # a ZIP that leaves itself or inflates too much is refused now
        files.seek(0)
    batch = ImportBatch(
        source_name=upload.name.replace("\\", "/").rsplit("/", 1)[-1][:255],
        sha256=hashlib.sha256(data).hexdigest(),
        created_by=user,
    )
    upload.seek(0)
    batch.source = upload
    if files:
        batch.files = files
        batch.files_name = files.name.replace("\\", "/").rsplit("/", 1)[-1][:255]
    batch.save()
    return batch


def analyse(*, batch):
    """Read the batch's file and store its preview (READY), or why it was refused (FAILED)."""
    try:
        parsed = reader.read(_read(batch.source), batch.source_name)
        with opened_archive(batch.files.open("rb") if batch.files else None) as archive:
            found = plan.build(parsed, archive=archive, choices=batch.choices)
    except ValidationError as error:
        batch.status = ImportBatch.Status.FAILED
        batch.error = " ".join(error.messages)
        batch.save(update_fields=["status", "error", "updated"])
        return None
    finally:
        if batch.files:
            batch.files.close()
    batch.format = parsed.format
    batch.total = len(parsed.records)
    batch.preview = found.to_json()
    batch.status = ImportBatch.Status.READY
    batch.save(update_fields=["format", "total", "preview", "status", "updated"])
    return found


def import_batch(*, batch, chunk=None):
    """Import the batch as previewed, with the Curator's choices; the report is stored on it."""
    parsed = reader.read(_read(batch.source), batch.source_name)

    def progress(done, total):
        ImportBatch.objects.filter(pk=batch.pk).update(done=done, total=total)

    try:
        with opened_archive(batch.files.open("rb") if batch.files else None) as archive:
            found = plan.build(parsed, archive=archive, choices=batch.choices, check_files=False)
            report = apply.run(
                plan=found,
                batch=batch,
                archive=archive,
                people_choices=batch.choices.get("people", {}),
                chunk=chunk,
                progress=progress if chunk else None,
            )
    finally:
        if batch.files:
            batch.files.close()
    batch.report = report.to_json()
    batch.status = ImportBatch.Status.DONE
    batch.done = batch.total = len(parsed.records)
    batch.save(update_fields=["report", "status", "done", "total", "updated"])
    return report


def fail(batch, error):
    batch.status = ImportBatch.Status.FAILED
    batch.error = str(error)[:2000] or _("The import failed.")
    batch.save(update_fields=["status", "error", "updated"])


def import_file(*, data, name, files=None, policy=None, dry_run=False, progress=None, chunk=None):
    """The command's import: no person to ask, so ``policy`` decides (Policy.unattended())."""
    policy = policy or plan.Policy.unattended()
    parsed = reader.read(data, name)
    with opened_archive(files) as archive:
        found = plan.build(parsed, archive=archive, policy=policy, check_files=dry_run)
        if dry_run:
            return parsed, found, None
        with transaction.atomic():
            report = apply.run(
                plan=found,
                archive=archive,
                ambiguous_as_new=policy.ambiguous_as_new,
                chunk=chunk,
                progress=progress,
            )
    return parsed, found, report
