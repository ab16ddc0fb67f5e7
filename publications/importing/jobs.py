"""The import's background jobs (django-tasks), for files too large to do inside a request.

The import commits a chunk of records at a time and records each record's fingerprint, so
the batch's page shows its progress, and a job run again after a failure carries on.
"""

import logging

from django_tasks import task

from publications.importing import service
from publications.importing.models import ImportBatch

logger = logging.getLogger(__name__)


@task()
def analyse_import(batch_id: int) -> str:
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return "deleted"
    try:
        service.analyse(batch=batch)
    except Exception as error:
        logger.exception("Import %s could not be analysed", batch_id)
        service.fail(batch, error)
        raise
    return batch.status


@task()
def run_import(batch_id: int) -> str:
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return "deleted"
    try:
        report = service.import_batch(batch=batch, chunk=service.job_chunk())
    except Exception as error:
        logger.exception("Import %s failed", batch_id)
        service.fail(batch, error)
        raise
    return f"{len(report.created)} created, {len(report.merged)} merged"
