"""A media disk that is full or read-only: every upload path answers with a form error, and
leaves no row, no partial file and no orphan behind; a healthy disk stores the same upload."""

import errno
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Event, Talk
from people.models import Person
from publications import services
from publications.models import Publication, PublicationFile
from tests.admin_forms import form_values
from tests.events.factories import EventFactory, TalkFactory
from tests.people.factories import PersonFactory, image_upload
from tests.publications.factories import PublicationFactory, pdf_bytes
from tests.publications.test_uploads import admin_add_data

pytestmark = pytest.mark.django_db

FULL = "Файл не удалось сохранить: хранилище заполнено; ничего не сохранено."
READ_ONLY = "Файл не удалось сохранить: хранилище доступно только для чтения; ничего не сохранено."
ORIGINAL_SAVE = FileSystemStorage._save


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def failing_disk(monkeypatch, code, *, only=""):
    """The disk fails with ``code`` for names under ``only``: half the bytes are written first,
    as a real write that runs out of space leaves them."""

    def save(storage, name, content):
        if not name.startswith(only):
            return ORIGINAL_SAVE(storage, name, content)
        path = storage.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        content.seek(0)
        with open(path, "wb") as handle:
            handle.write(content.read()[: max(content.size // 2, 1)])
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(FileSystemStorage, "_save", save)


@pytest.fixture(params=[errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES])
def broken_disk(request, monkeypatch):
    failing_disk(monkeypatch, request.param)
    return FULL if request.param in (errno.ENOSPC, errno.EDQUOT) else READ_ONLY


def post_change(client, url, **files):
    values = form_values(client.get(url))
    values.update(files)
    return client.post(url, values)


def pdf_row(upload):
    return {
        "files-TOTAL_FORMS": "1",
        "files-0-file": upload,
        "files-0-label_ru": "Текст",
        "files-0-access": "public",
        "files-0-order": "0",
    }


def assert_form_error(response, message, field_id):
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'href="#{field_id}"' in html  # listed at the top, linked to its field


# The admin's publication page: a cover and a PDF saved together, or neither.


def test_a_full_disk_while_the_pdf_is_written_keeps_no_cover_no_pdf_and_no_row(
    staff_client, media_root, monkeypatch
):
    failing_disk(monkeypatch, errno.ENOSPC, only="publications/files/")
    data = admin_add_data(
        cover=image_upload("cover.jpg"), **pdf_row(SimpleUploadedFile("book.pdf", pdf_bytes()))
    )
    response = staff_client.post(reverse("admin:publications_publication_add"), data)
    assert_form_error(response, FULL, "id_files-0-file")
    assert not Publication.objects.exists()
    assert not PublicationFile.objects.exists()
    assert stored_files(media_root) == []  # neither the stored cover nor the partial PDF


def test_the_admin_pdf_upload_with_a_broken_disk(staff_client, media_root, broken_disk):
    publication = PublicationFactory()
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    upload = SimpleUploadedFile("book.pdf", pdf_bytes())
    response = post_change(staff_client, url, **pdf_row(upload))
    assert_form_error(response, broken_disk, "id_files-0-file")
    assert not PublicationFile.objects.exists()
    assert stored_files(media_root) == []


def test_the_admin_pdf_upload_with_a_healthy_disk(staff_client, media_root):
    publication = PublicationFactory()
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    upload = SimpleUploadedFile("book.pdf", pdf_bytes())
    assert post_change(staff_client, url, **pdf_row(upload)).status_code == 302
    assert PublicationFile.objects.get().file.read() == pdf_bytes()


@pytest.mark.parametrize(
    ("admin_name", "factory", "field"),
    [
        ("publications_publication", PublicationFactory, "cover"),
        ("events_event", EventFactory, "cover"),
        ("people_person", PersonFactory, "photo"),
    ],
)
def test_an_image_upload_with_a_broken_disk(
    staff_client, media_root, broken_disk, admin_name, factory, field
):
    row = factory()
    url = reverse(f"admin:{admin_name}_change", args=[row.pk])
    response = post_change(staff_client, url, **{field: image_upload()})
    assert_form_error(response, broken_disk, f"id_{field}")
    row.refresh_from_db()
    assert not getattr(row, field)
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("admin_name", "factory", "field"),
    [
        ("publications_publication", PublicationFactory, "cover"),
        ("events_event", EventFactory, "cover"),
        ("people_person", PersonFactory, "photo"),
    ],
)
def test_an_image_upload_with_a_healthy_disk(staff_client, media_root, admin_name, factory, field):
    row = factory()
    url = reverse(f"admin:{admin_name}_change", args=[row.pk])
    assert post_change(staff_client, url, **{field: image_upload()}).status_code == 302
    row.refresh_from_db()
    assert getattr(row, field)
    assert stored_files(media_root)


def test_slides_with_a_broken_disk(staff_client, media_root, broken_disk):
    talk = TalkFactory()
    url = reverse("admin:events_talk_change", args=[talk.pk])
    response = post_change(staff_client, url, slides=SimpleUploadedFile("s.pdf", pdf_bytes()))
    assert_form_error(response, broken_disk, "id_slides")
    talk.refresh_from_db()
    assert not talk.slides
    assert stored_files(media_root) == []


def test_slides_with_a_healthy_disk(staff_client, media_root):
    talk = TalkFactory()
    url = reverse("admin:events_talk_change", args=[talk.pk])
    upload = SimpleUploadedFile("s.pdf", pdf_bytes())
    assert post_change(staff_client, url, slides=upload).status_code == 302
    assert Talk.objects.get(pk=talk.pk).slides


def test_the_upload_service_with_a_broken_disk(media_root, broken_disk):
    with pytest.raises(ValidationError) as error:
        services.add_file(
            publication=PublicationFactory(), upload=SimpleUploadedFile("a.pdf", pdf_bytes())
        )
    assert error.value.code == "storage"
    assert str(error.value.messages[0]) == broken_disk
    assert not PublicationFile.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder all the same")
def test_a_read_only_media_folder(staff_client, media_root):
    person = PersonFactory()
    url = reverse("admin:people_person_change", args=[person.pk])
    values = form_values(staff_client.get(url))
    media_root.mkdir(parents=True, exist_ok=True)
    media_root.chmod(0o555)
    try:
        response = staff_client.post(url, {**values, "photo": image_upload()})
    finally:
        media_root.chmod(0o755)
    assert_form_error(response, READ_ONLY, "id_photo")
    assert not Person.objects.get(pk=person.pk).photo
    assert stored_files(media_root) == []


def test_the_event_page_is_not_half_saved(staff_client, media_root, monkeypatch):
    event = EventFactory(title="Летняя школа")
    url = reverse("admin:events_event_change", args=[event.pk])
    values = form_values(staff_client.get(url))
    failing_disk(monkeypatch, errno.ENOSPC)
    response = staff_client.post(url, {**values, "title_ru": "Новое", "cover": image_upload()})
    assert response.status_code == 200
    assert Event.objects.get(pk=event.pk).title_ru == "Летняя школа"
