"""Stored bytes follow their rows: a replaced or deleted file leaves nothing behind in storage.

Every model with a file is checked the same way: the bytes (and an image's thumbnails, made
by the pages that serve them) exist first, then go once the change commits, and stay when
it rolls back. A file replaced in the admin stays while the record's history names it (a
revert brings it back), and goes with that history.
"""

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.urls import reverse
from reversion.models import Version

from core.media import images
from core.media.cleanup import followed_fields
from events.models import Event, Talk
from people.models import Person
from publications.importing.models import ImportBatch
from publications.models import Publication, PublicationFile
from tests.events.factories import EventFactory, TalkFactory
from tests.people.factories import PersonFactory, image_bytes, image_upload
from tests.publications.factories import PublicationFactory, PublicationFileFactory, pdf_bytes
from tests.publications.test_uploads import admin_add_data

pytestmark = pytest.mark.django_db


def pdf(name="new.pdf"):
    return ContentFile(pdf_bytes("Новый текст"), name=name)


def png(name="new.png"):
    return ContentFile(image_bytes("PNG", color=(200, 30, 30)), name=name)


def slides_talk():
    return TalkFactory(slides=pdf("slides.pdf"), slides_original_name="Слайды.pdf")


@dataclass
class Case:
    make: object  # () -> a row with a stored file
    field: str
    new_file: object = pdf  # () -> a file to replace it with
    thumbnail_urls: object = lambda row: []  # row -> the URLs whose answers store thumbnails
    parent: object = None  # row -> the row whose deletion takes it along
    clearable: bool = True

    def file(self, row):
        return getattr(row, self.field)


CASES = {
    "publication file": Case(
        PublicationFileFactory, "file", parent=lambda row: row.publication, clearable=False
    ),
    "publication cover": Case(
        lambda: PublicationFactory(cover=image_upload("cover.png", image_format="PNG")),
        "cover",
        png,
        lambda row: [row.cover_url("small"), row.cover_url("large")],
    ),
    "person photo": Case(
        lambda: PersonFactory(photo=image_upload("photo.jpg")),
        "photo",
        png,
        lambda row: [row.photo_url("small"), row.photo_url("medium")],
    ),
    "event cover": Case(
        lambda: EventFactory(cover=image_upload("event.jpg")),
        "cover",
        png,
        lambda row: [row.cover_url],
    ),
    "talk slides": Case(slides_talk, "slides", parent=lambda row: row.event),
    "import file": Case(lambda: import_batch(), "source", clearable=False),
}


def import_batch():
    return ImportBatch.objects.create(
        source=ContentFile("@book{a, title={Книга}, year={2020}}".encode(), name="catalogue.bib"),
        source_name="catalogue.bib",
    )


def stored_files(media_root):
    """Every file in the media folder, by its storage name."""
    if not media_root.exists():
        return set()
    return {
        path.relative_to(media_root).as_posix() for path in media_root.rglob("*") if path.is_file()
    }


def replace(case, row):
    new = case.new_file()
    case.file(row).save(new.name, new, save=True)


@pytest.fixture(params=CASES)
def case(request):
    return CASES[request.param]


@pytest.fixture
def stored_row(case, client, media_root):
    """A row, the files it has in storage (its file and thumbnails, checked present)."""
    row = case.make()
    urls = case.thumbnail_urls(row)
    for url in urls:
        assert client.get(url).status_code == 200
    files = stored_files(media_root)
    assert case.file(row).name in files
    assert len(files) == 1 + len(urls)
    return row, files


def test_replacing_the_file_removes_the_old_bytes_and_thumbnails_after_commit(
    case, stored_row, media_root, django_capture_on_commit_callbacks
):
    row, before = stored_row
    with django_capture_on_commit_callbacks(execute=True):
        replace(case, row)
        assert before <= stored_files(media_root)  # nothing goes before the commit
    new_name = case.file(row).name
    assert new_name not in before
    assert stored_files(media_root) == {new_name}


@pytest.mark.parametrize("case", [n for n, c in CASES.items() if c.clearable], indirect=True)
def test_clearing_the_file_removes_the_bytes(
    case, stored_row, media_root, django_capture_on_commit_callbacks
):
    row, _ = stored_row
    with django_capture_on_commit_callbacks(execute=True):
        setattr(row, case.field, "")
        row.save()
    assert stored_files(media_root) == set()


def test_saving_without_a_new_file_keeps_the_bytes(
    case, stored_row, media_root, django_capture_on_commit_callbacks
):
    row, before = stored_row
    with django_capture_on_commit_callbacks(execute=True):
        row.save()
        type(row).objects.get(pk=row.pk).save(update_fields=[case.field])
    assert stored_files(media_root) == before


def test_deleting_the_row_removes_the_bytes_and_thumbnails(
    case, stored_row, media_root, django_capture_on_commit_callbacks
):
    row, before = stored_row
    with django_capture_on_commit_callbacks(execute=True):
        row.delete()
        assert stored_files(media_root) == before
    assert stored_files(media_root) == set()


@pytest.mark.parametrize("case", [n for n, c in CASES.items() if c.parent], indirect=True)
def test_deleting_the_parent_removes_the_bytes(
    case, stored_row, media_root, django_capture_on_commit_callbacks
):
    row, _ = stored_row
    with django_capture_on_commit_callbacks(execute=True):
        case.parent(row).delete()
    assert not type(row).objects.filter(pk=row.pk).exists()
    assert stored_files(media_root) == set()


def test_a_rolled_back_replacement_or_deletion_keeps_the_bytes(
    case, stored_row, media_root, django_capture_on_commit_callbacks
):
    row, before = stored_row
    pk, old_name = row.pk, case.file(row).name
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        replace(case, row)
        row.delete()
        raise RuntimeError("the change is abandoned")
    assert callbacks == []
    assert before <= stored_files(media_root)
    assert case.file(type(row).objects.get(pk=pk)).name == old_name


def test_a_row_deleted_with_deferred_fields_still_removes_its_bytes(
    case, stored_row, media_root, django_capture_on_commit_callbacks
):
    row, _ = stored_row
    with django_capture_on_commit_callbacks(execute=True):
        type(row).objects.only("pk").filter(pk=row.pk).delete()
    assert stored_files(media_root) == set()


def test_a_file_another_row_still_names_is_kept(media_root, django_capture_on_commit_callbacks):
    original = PublicationFileFactory()
    copy = PublicationFile.objects.get(pk=original.pk)
    copy.pk = None
    copy.save()
    assert copy.file.name == original.file.name
    with django_capture_on_commit_callbacks(execute=True):
        copy.delete()
    assert stored_files(media_root) == {original.file.name}
    with django_capture_on_commit_callbacks(execute=True):
        original.delete()
    assert stored_files(media_root) == set()


def test_a_cover_replaced_in_the_admin_stays_while_its_history_names_it(
    staff_client, media_root, django_capture_on_commit_callbacks
):
    first = ContentFile(image_bytes("PNG"), name="first.png")
    assert (
        staff_client.post(
            reverse("admin:publications_publication_add"), admin_add_data(cover=first)
        ).status_code
        == 302
    )
    publication = Publication.objects.get()
    for size in ("small", "large"):
        assert staff_client.get(publication.cover_url(size)).status_code == 200
    before = stored_files(media_root)
    assert len(before) == 3
    second = ContentFile(image_bytes("JPEG"), name="second.jpg")
    change = reverse("admin:publications_publication_change", args=[publication.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(change, admin_add_data(cover=second)).status_code == 302
    publication.refresh_from_db()
    assert publication.cover.name.endswith(".jpg")
    # The new cover's thumbnails are made by a background job right after the save.
    new = {
        publication.cover.name,
        *(
            images.thumbnail_name(publication.cover.name, f"cover-{size}")
            for size in ("small", "large")
        ),
    }
    assert stored_files(media_root) == {*before, *new}
    # Deleted, the publication takes its history along, and with it every file it named.
    delete = reverse("admin:publications_publication_delete", args=[publication.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(delete, {"post": "yes"}).status_code == 302
    assert stored_files(media_root) == set()
    assert not Version.objects.exists()


def test_every_file_field_of_the_portal_is_followed():
    portal = {"core", "people", "publications", "events", "science_portal"}
    file_fields = {
        (model, field.name)
        for model in apps.get_models()
        if model._meta.app_label in portal
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    checked = {(Publication, "cover"), (PublicationFile, "file"), (Person, "photo")}
    checked |= {(Event, "cover"), (Talk, "slides")}
    checked |= {(ImportBatch, "source"), (ImportBatch, "files")}
    # A file's public preview is written by its job with an update and removed by the preview
    # code itself (tests/publications/test_reader.py), never by the cleanup.
    own_cleanup = {(PublicationFile, "preview_file")}
    assert file_fields == checked | own_cleanup  # a new one needs a case above and follow_rows()
    for model, name in checked:
        assert name in followed_fields(model)
    assert "preview_file" not in followed_fields(PublicationFile)
