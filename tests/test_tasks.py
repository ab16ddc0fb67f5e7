"""Background jobs: text extraction on the real database queue and worker, retries, RQ."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from publications import services
from publications.models import PublicationFile
from science_portal import search, tasks
from tests import redis_server
from tests.publications.factories import PublicationFactory, PublicationFileFactory, pdf_bytes

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
Extraction = PublicationFile.Extraction


def run_worker():
    """The real worker, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1", verbosity=0)


@pytest.fixture
def database_queue(settings):
    """The database backend, jobs enqueued when the change commits (as in production)."""
    with override_settings(TASKS=DATABASE_TASKS, PORTAL_TASKS_WAIT_FOR_COMMIT=True):
        yield


@pytest.mark.django_db(transaction=True)
def test_worker_extracts_an_uploaded_pdf_and_search_finds_it(database_queue):
    file = PublicationFileFactory(content=pdf_bytes("Xylographic zanzibarite treatise"))
    file.refresh_from_db()
    assert file.extraction_state == Extraction.PENDING
    job = DBTaskResult.objects.get()
    assert job.status == TaskResultStatus.READY
    assert job.args_kwargs["args"] == [file.pk]
    # Not searchable until the worker ran.
    assert search.search("zanzibarite").total == 0

    run_worker()

    file.refresh_from_db()
    assert file.extraction_state == Extraction.DONE
    assert file.extraction_attempts == 1
    assert file.extraction_updated is not None
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert search.search("zanzibarite").total == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_extraction_is_retried_then_marked_failed(database_queue):
    file = PublicationFileFactory(content=pdf_bytes("Vanished pages"))
    file.file.storage.delete(file.file.name)  # The stored bytes are gone: opening fails.

    run_worker()

    file.refresh_from_db()
    assert file.extraction_state == Extraction.FAILED
    assert file.extraction_attempts == 3
    assert "FileNotFoundError" in file.extraction_error
    runs = DBTaskResult.objects.order_by("enqueued_at")
    assert [run.status for run in runs] == [TaskResultStatus.FAILED] * 3
    assert [run.args_kwargs["args"] for run in runs] == [[file.pk], [file.pk, 2], [file.pk, 3]]


@pytest.mark.django_db(transaction=True)
def test_a_retry_that_succeeds_marks_the_file_done(database_queue, settings):
    settings.PORTAL_TASK_ATTEMPTS = 2
    content = pdf_bytes("Resurrected quokkaform chapter")
    file = PublicationFileFactory(content=content)
    name = file.file.name
    storage = file.file.storage
    storage.delete(name)
    # The first run fails; put the bytes back before the second.
    call_command("db_worker", "--batch", "--no-startup-delay", "--max-tasks", "1", verbosity=0)
    file.refresh_from_db()
    assert file.extraction_state == Extraction.PENDING
    assert file.extraction_attempts == 1
    assert "FileNotFoundError" in file.extraction_error
    assert storage.save(name, ContentFile(content)) == name

    run_worker()

    file.refresh_from_db()
    assert (file.extraction_state, file.extraction_attempts, file.extraction_error) == (
        Extraction.DONE,
        2,
        "",
    )
    assert search.search("quokkaform").total == 1


@pytest.mark.django_db
def test_jobs_wait_for_the_commit(settings, django_capture_on_commit_callbacks):
    settings.PORTAL_TASKS_WAIT_FOR_COMMIT = True
    publication = PublicationFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        file = PublicationFileFactory(
            publication=publication, content=pdf_bytes("Deferred hippogriff")
        )
    file.refresh_from_db()
    assert file.extraction_state == Extraction.PENDING
    assert search.search("hippogriff").total == 0
    for callback in callbacks:
        callback()
    file.refresh_from_db()
    assert file.extraction_state == Extraction.DONE
    assert search.search("hippogriff").total == 1


@pytest.mark.django_db
def test_an_unchanged_file_is_not_extracted_again(monkeypatch):
    file = PublicationFileFactory(content=pdf_bytes("Steady text"))
    enqueued = []
    monkeypatch.setattr(tasks, "enqueue_on_commit", lambda job, *args: enqueued.append(args))
    file.label_en = "Renamed"
    file.save()
    assert enqueued == []
    file.refresh_from_db()
    assert file.extraction_state == Extraction.DONE


@pytest.mark.django_db
def test_upload_service_leaves_the_file_done_on_the_immediate_backend():
    from django.core.files.uploadedfile import SimpleUploadedFile

    publication = PublicationFactory()
    upload = SimpleUploadedFile("paper.pdf", pdf_bytes("Immediate ocelotine results"))
    file = services.add_file(publication=publication, upload=upload)
    file.refresh_from_db()
    assert file.extraction_state == Extraction.DONE
    assert search.search("ocelotine").total == 1


@pytest.mark.django_db
def test_reindex_background_enqueues_a_rebuild(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from io import StringIO

    out = StringIO()
    call_command("reindex", "--background", "--no-extract", stdout=out)
    assert "enqueued" in out.getvalue()
    (result,) = tasks.rebuild_index.get_backend().results
    assert result.task.name == "rebuild_index"
    assert result.kwargs == {"extract_files": False}


@pytest.mark.django_db(transaction=True)
def test_rq_worker_extracts_the_text(settings):
    redis_server.require()
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    settings.RQ_QUEUES = {"default": {"URL": redis_server.QUEUE_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.PORTAL_TASKS_WAIT_FOR_COMMIT = True
    queue = django_rq.get_queue("default")
    queue.connection.flushdb()
    try:
        file = PublicationFileFactory(content=pdf_bytes("Redisian pangolinate notes"))
        assert queue.count == 1
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
        file.refresh_from_db()
        assert file.extraction_state == Extraction.DONE
        assert search.search("pangolinate").total == 1
    finally:
        queue.connection.flushdb()
