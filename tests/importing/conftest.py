"""Fixtures of the import tests: the sample files, ZIPs of PDFs, Sergei Mozer."""

import io
import zipfile
from pathlib import Path

import pytest

from publications.importing import service
from tests.people.factories import mozer
from tests.publications.factories import pdf_bytes

DATA = Path(__file__).parent / "data"


def data(name):
    return (DATA / name).read_bytes()


def zip_of(members):
    """A ZIP holding ``members`` (name -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    buffer.seek(0)
    buffer.name = "files.zip"
    return buffer


def pdf_zip(*names):
    return zip_of({name: pdf_bytes(f"Full text of {name}") for name in names})


def run(name, content=None, **options):
    """Import a sample file (or ``content`` under that name); the (parsed, plan, report)."""
    return service.import_file(
        data=content if content is not None else data(name), name=name, **options
    )


@pytest.fixture
def sergei(db):
    return mozer()


@pytest.fixture(autouse=True)
def in_english():
    """The messages are checked in English (their Russian is in the catalogue)."""
    from django.utils import translation

    with translation.override("en"):
        yield
