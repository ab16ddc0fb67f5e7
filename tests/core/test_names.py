"""Upload names are chosen by the server: random hex in the field's folder, the suffix kept."""

import re

import pytest
from django.db.migrations.writer import MigrationWriter

from core.media.names import RandomName
from events.models import Event, Talk
from people.models import Person
from publications.models import Publication, PublicationFile

NAME = re.compile(r"^publications/files/[0-9a-f]{32}(\.[a-z0-9]+)?$")


@pytest.mark.parametrize(
    ("uploaded", "suffix"),
    [
        ("Монография (итог).PDF", ".pdf"),
        ("../../etc/passwd.txt", ".txt"),
        ("archive.tar.gz", ".gz"),
        ("portrait.JPEG", ".jpeg"),
        ("no-extension", ""),
        ("x.averyveryverylongsuffix", ".averyvery"),
    ],
)
def test_the_name_is_random_hex_with_the_lower_cased_suffix(uploaded, suffix):
    name = RandomName("publications/files")(None, uploaded)
    assert NAME.match(name), name
    assert name.endswith(suffix) and len(name) == len("publications/files/") + 32 + len(suffix)
    assert "etc" not in name and "итог" not in name


def test_two_uploads_of_one_name_get_two_names():
    upload_to = RandomName("events/slides")
    assert upload_to(None, "slides.pdf") != upload_to(None, "slides.pdf")


def test_it_survives_a_migration_round_trip():
    upload_to = RandomName("people/photos")
    path, args, kwargs = upload_to.deconstruct()
    assert (path, args, kwargs) == ("core.media.names.RandomName", ("people/photos",), {})
    text, imports = MigrationWriter.serialize(upload_to)
    assert text == "core.media.names.RandomName('people/photos')"
    assert imports == {"import core.media.names"}
    assert RandomName(*args) == upload_to
    assert RandomName("people/other") != upload_to


@pytest.mark.parametrize(
    ("model", "field", "folder"),
    [
        (PublicationFile, "file", "publications/files"),
        (Publication, "cover", "publications/covers"),
        (Person, "photo", "people/photos"),
        (Event, "cover", "events/covers"),
        (Talk, "slides", "events/slides"),
    ],
)
def test_every_stored_file_of_the_portal_is_named_this_way(model, field, folder):
    upload_to = model._meta.get_field(field).upload_to
    assert upload_to == RandomName(folder)
    assert upload_to(model(), "x.PNG").startswith(f"{folder}/")
