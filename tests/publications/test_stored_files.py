"""A replaced or deleted publication file leaves no bytes behind in the media folder."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from publications.pdf import simple_pdf
from tests.publications.factories import PublicationFileFactory

pytestmark = pytest.mark.django_db


def stored(file):
    return file.storage.exists(file.name)


def test_replacing_a_file_deletes_the_old_bytes(django_capture_on_commit_callbacks):
    row = PublicationFileFactory()
    old = row.file.name
    assert row.file.storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        row.file.save("new.pdf", ContentFile(simple_pdf(["Новый текст"])), save=True)
    assert row.file.name != old
    assert stored(row.file)
    assert not row.file.storage.exists(old)


def test_saving_without_replacing_keeps_the_bytes(django_capture_on_commit_callbacks):
    row = PublicationFileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        row.label = "Другая подпись"
        row.save()
    assert stored(row.file)


def test_deleting_a_file_or_its_publication_deletes_the_bytes(django_capture_on_commit_callbacks):
    first, second = PublicationFileFactory(), PublicationFileFactory()
    storage, first_name, second_name = first.file.storage, first.file.name, second.file.name
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
        second.publication.delete()
    assert not storage.exists(first_name)
    assert not storage.exists(second_name)


def test_a_rolled_back_deletion_keeps_the_bytes():
    row = PublicationFileFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        row.delete()
        raise RuntimeError("the change is abandoned")
    assert row.file.storage.exists(row.file.name)
