"""The demo content survives backup and restore: every row, every file's bytes, and what a
search finds, down to a word that exists only inside a PDF's extracted text."""

import hashlib
import json
import tarfile

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from publications.models import PublicationFile
from science_portal import search
from science_portal.models import ExtractedText, SearchDocument

from .conftest import TARGET, files, rows, run

pytestmark = pytest.mark.django_db(transaction=True)

# In the demo PDFs' text ("...is not included in the demo content"), in no title or abstract.
PDF_ONLY_WORD = "included"


def found(word):
    return [
        (hit.title, hit.publication.slug if hit.publication else None)
        for hit in search.search(word).hits
    ]


@pytest.fixture
def demo_backup(tmp_path, media_root, settings):
    """The demo content, indexed and backed up: (archive, rows, files, search hits)."""
    settings.DEBUG = False
    run("load_demo")
    run("reindex")
    # The control: the word is in a file's text and nowhere else in the index.
    assert SearchDocument.objects.filter(kind="file", body__icontains=PDF_ONLY_WORD).exists()
    assert not SearchDocument.objects.exclude(kind="file").filter(plain__icontains=PDF_ONLY_WORD)
    hits = found(PDF_ONLY_WORD)
    assert hits
    assert ExtractedText.objects.exists()
    archive = tmp_path / "site.tar"
    output = run("backup", output=str(archive))
    assert f"Backup written to {archive}" in output
    assert f"media: {PublicationFile.objects.count()} files" in output
    return archive, rows(), files(media_root), hits


def test_archive_holds_the_dump_the_media_and_a_manifest(demo_backup, media_root):
    archive, _rows, stored, _hits = demo_backup
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        dump = tar.extractfile(manifest["database"]["name"]).read()
    assert names[-1] == "manifest.json"
    assert sorted(names[1:-1]) == sorted(f"media/{path}" for path in stored)
    assert {entry["path"]: entry["sha256"] for entry in manifest["media"]} == stored
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["sha256"] == hashlib.sha256(dump).hexdigest()
    applied = MigrationRecorder(connection).applied_migrations()
    assert ("publications", manifest["migrations"]["publications"]) in applied
    assert manifest["portal"]["version"] == "0.1.0"
    assert archive.stat().st_mode & 0o777 == 0o600


def test_round_trip_into_the_emptied_configured_database(demo_backup, tmp_path, settings):
    archive, before, stored, hits = demo_backup
    call_command("flush", interactive=False, verbosity=0)
    assert not PublicationFile.objects.exists()
    assert found(PDF_ONLY_WORD) == []
    settings.MEDIA_ROOT = tmp_path / "new-media"

    output = run("restore", str(archive))

    assert "Verified: all 2 files and the database dump match the manifest." in output
    assert rows() == before
    assert files(settings.MEDIA_ROOT) == stored
    assert found(PDF_ONLY_WORD) == hits
    for file in PublicationFile.objects.all():
        with file.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == file.sha256


def test_round_trip_into_a_blank_database(demo_backup, blank_database, tmp_path, settings):
    archive, before, stored, _hits = demo_backup
    settings.MEDIA_ROOT = tmp_path / "new-media"

    output = run("restore", str(archive), database=TARGET)

    assert "Verified" in output
    assert rows(TARGET) == before
    assert files(settings.MEDIA_ROOT) == stored


def test_gzip_archive_round_trip(demo_backup, tmp_path, settings):
    _archive, before, stored, _hits = demo_backup
    archive = tmp_path / "site.tar.gz"
    run("backup", output=str(archive))
    with tarfile.open(archive, "r:gz") as tar:
        assert "manifest.json" in tar.getnames()
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    run("restore", str(archive))
    assert rows() == before
    assert files(settings.MEDIA_ROOT) == stored
