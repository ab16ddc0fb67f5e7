"""verify_files finds every stored file that is gone or whose bytes changed since upload."""

import os

import pytest
from django.core.management import CommandError

from tests.events.factories import TalkFactory
from tests.people.factories import PersonFactory, image_upload
from tests.publications.factories import PublicationFactory, PublicationFileFactory

from .conftest import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(media_root):
    """One stored file of each kind: a publication file (with a checksum), a cover, a photo
    and slides (without one)."""
    publication = PublicationFactory(cover=image_upload("cover.jpg"))
    file = PublicationFileFactory(publication=publication, content=b"%PDF-1.4 original bytes")
    person = PersonFactory(photo=image_upload())
    talk = TalkFactory(slides=image_upload("slides.pdf"))
    return {"file": file, "cover": publication, "photo": person, "slides": talk}


def path_of(field_file):
    return field_file.storage.path(field_file.name)


def test_a_clean_store_passes(store):
    output = run("verify_files")
    assert (
        "Checked 4 stored files: 1 match their recorded SHA-256, 3 are present (no checksum "
        "recorded), 0 missing, 0 changed." in output
    )


def test_changed_and_missing_files_are_listed(store):
    file, photo, slides = store["file"], store["photo"].photo, store["slides"].slides
    with open(path_of(file.file), "r+b") as handle:
        handle.write(b"%PDF-1.4 tampered")  # the same size, other bytes
    os.remove(path_of(photo))
    os.remove(path_of(slides))

    with pytest.raises(CommandError) as error:
        run("verify_files")

    message = str(error.value)
    assert "0 match their recorded SHA-256, 1 are present" in message
    assert "2 missing, 1 changed." in message
    assert f"changed: publications.PublicationFile {file.pk} file: {file.file.name}" in message
    assert f"missing: people.Person {store['photo'].pk} photo: {photo.name}" in message
    assert f"missing: events.Talk {store['slides'].pk} slides: {slides.name}" in message
    # The cover is intact and not listed.
    assert store["cover"].cover.name not in message
