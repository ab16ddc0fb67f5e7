"""Background jobs: the slow work a save would otherwise do inside the request.

- ``extract_file_text``: the text of an uploaded publication file, for search; its state
  (pending, done, failed with the error) is kept on the PublicationFile row for the admin.
- ``make_thumbnails``: the thumbnails of a new photo or cover (the image views still make a
  missing one on first request).
- ``rebuild_index``: the whole search index (``manage.py reindex --background``).
- ``cut_file_preview``: the public preview of a restricted PDF's first pages
  (``publications.preview``), cut after the file is saved.
- ``aggregate_usage``: count the buffered page views and downloads by the COUNTER rules
  (``publications.usage``); asked for about once a minute while events come in.

Jobs are enqueued once the transaction that made the change commits (``enqueue_on_commit``),
so the worker never reads a row that is not there yet. A job that raises is enqueued again
up to ``PORTAL_TASK_ATTEMPTS`` runs in all (django-tasks does not retry by itself); every run
leaves its own result (the database backend shows them in the admin: "Task results").
"""

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.media import images
from events.models import COVER_THUMBNAILS as EVENT_COVER_THUMBNAILS
from people.models import PHOTO_SIZES
from publications import preview
from publications.models import COVER_THUMBNAILS, PublicationFile
from publications.usage import aggregate
from science_portal.search import extract, index

logger = logging.getLogger(__name__)

# The image fields whose thumbnails are made ahead: model label -> (field, labels and boxes).
THUMBNAILS = {
    "people.person": ("photo", PHOTO_SIZES),
    "publications.publication": ("cover", COVER_THUMBNAILS),
    "events.event": ("cover", EVENT_COVER_THUMBNAILS),
}


def max_attempts():
    return max(1, getattr(settings, "PORTAL_TASK_ATTEMPTS", 3))


def retry_delay(attempt):
    """Seconds before the next run of a failed job (PORTAL_TASK_RETRY_DELAY, doubled each time)."""
    return getattr(settings, "PORTAL_TASK_RETRY_DELAY", 30) * 2 ** (attempt - 1)


def enqueue_on_commit(job, *args, **kwargs):
    """Enqueue ``job`` once the current transaction commits (at once outside of one).

    With PORTAL_TASKS_WAIT_FOR_COMMIT off (the test suite, whose transactions never commit,
    on the immediate backend) the job runs at once.
    """

    def enqueue():
        try:
            job.enqueue(*args, **kwargs)
        except Exception:  # A queue that is down must not fail the save that was committed.
            logger.exception("Tasks: %s could not be enqueued", job.name)

    if getattr(settings, "PORTAL_TASKS_WAIT_FOR_COMMIT", True):
        transaction.on_commit(enqueue)
    else:
        enqueue()


def _again(job, attempt, *args):
    """Enqueue the next run of a job that failed on ``attempt``; False after the last one."""
    if attempt >= max_attempts():
        return False
    delay = retry_delay(attempt)
    if delay and job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    job.enqueue(*args, attempt + 1)
    return True


def _error_text(error):
    return f"{type(error).__name__}: {error}"[:2000]


def _file_state(file_id, **fields):
    PublicationFile.objects.filter(pk=file_id).update(extraction_updated=timezone.now(), **fields)


def mark_pending(file_id):
    _file_state(
        file_id,
        extraction_state=PublicationFile.Extraction.PENDING,
        extraction_attempts=0,
        extraction_error="",
    )


@task()
def extract_file_text(file_id: int, attempt: int = 1) -> str:
    """Extract a publication file's text and index it (when public); retried on failure."""
    Extraction = PublicationFile.Extraction
    file = PublicationFile.objects.select_related("publication").filter(pk=file_id).first()
    if file is None:
        return "deleted"
    try:
        cached = index.ensure_extracted(file, bounds=extract.save_bounds(), strict=True)
        index.refresh_file(file, extract=False)
    except Exception as error:
        final = attempt >= max_attempts()
        _file_state(
            file_id,
            extraction_state=Extraction.FAILED if final else Extraction.PENDING,
            extraction_attempts=attempt,
            extraction_error=_error_text(error),
        )
        logger.warning(
            "Tasks: extracting the text of file %s failed (attempt %s of %s): %s",
            file_id,
            attempt,
            max_attempts(),
            error,
        )
        _again(extract_file_text, attempt, file_id)
        raise
    _file_state(
        file_id, extraction_state=Extraction.DONE, extraction_attempts=attempt, extraction_error=""
    )
    return f"{len(cached.text)} characters from {cached.pages} pages"


@task()
def make_thumbnails(model: str, pk: int, attempt: int = 1) -> int:
    """Make every thumbnail of a row's image (``model`` is a label from THUMBNAILS)."""
    field_name, boxes = THUMBNAILS[model]
    row = apps.get_model(model).objects.filter(pk=pk).first()
    field_file = getattr(row, field_name, None)
    if not field_file:
        return 0
    try:
        for label, box in boxes.items():
            images.ensure_thumbnail(field_file, label, box)
    except FileNotFoundError:
        return 0  # Replaced or deleted since: the new image has its own job.
    except Exception:
        logger.warning("Tasks: thumbnails of %s %s failed", model, pk, exc_info=True)
        _again(make_thumbnails, attempt, model, pk)
        raise
    return len(boxes)


def thumbnails_after_upload(row, field_name):
    """Make the thumbnails of a row's new image in the background, once it is committed."""
    model = row._meta.label_lower
    if model in THUMBNAILS and getattr(row, field_name):
        enqueue_on_commit(make_thumbnails, model, row.pk)


@task()
def rebuild_index(extract_files: bool = False) -> str:
    """Rebuild the whole search index (the reindex command, in the worker)."""
    index.rebuild(extract_files=extract_files, bounds=extract.reindex_bounds())
    return "rebuilt"


@task()
def cut_file_preview(file_id: int, attempt: int = 1) -> str:
    """Cut (or remove) a file's public preview; retried when the storage fails."""
    file = PublicationFile.objects.filter(pk=file_id).first()
    if file is None:
        return "deleted"
    try:
        return preview.refresh(file)
    except Exception as error:
        logger.warning("Tasks: the preview of file %s failed (attempt %s)", file_id, attempt)
        if not _again(cut_file_preview, attempt, file_id):
            PublicationFile.objects.filter(pk=file_id).update(preview_error=_error_text(error))
        raise


def preview_after_save(sender, instance, raw=False, **kwargs):
    """Cut a saved file's preview in the background, once the save is committed."""
    if not raw and preview.needs_work(instance):
        enqueue_on_commit(cut_file_preview, instance.pk)


@task()
def aggregate_usage() -> str:
    """Count the buffered uses into the daily statistics (publications.usage.aggregate)."""
    return f"{aggregate.aggregate()} events counted"


def schedule_usage_aggregation():
    """Ask the worker to count the buffered uses (called by publications.usage.events)."""
    aggregate_usage.enqueue()
