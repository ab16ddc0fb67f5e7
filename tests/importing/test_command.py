"""manage.py import_publications: a summary, a dry run, and flags for duplicates."""

import io

import pytest
from django.core.management import CommandError, call_command

from publications.models import Publication
from tests.importing.conftest import DATA, pdf_zip
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def command(*args):
    out = io.StringIO()
    call_command("import_publications", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_says_what_would_be_done_and_writes_nothing(sergei):
    out = command(str(DATA / "zotero.bib"), "--dry-run")
    assert "BibTeX: 3 records." in out
    assert "Dry run, nothing written: would create 3, merge 0" in out
    assert "2 new people" in out
    assert not Publication.objects.exists()


def test_an_import_then_the_same_again(sergei):
    out = command(str(DATA / "catalogue.ris"))
    assert "Created 3, merged 0, unchanged 0, left out 0, refused 0; new people 1" in out
    out = command(str(DATA / "catalogue.ris"))
    assert "Nothing changed: all 3 records were already imported." in out
    assert Publication.objects.count() == 3


def test_duplicates_are_listed_and_left_unless_asked(sergei):
    existing = PublicationFactory(title_ru="Старое", doi="10.5555/rta.2020.73.12", year=2020)
    out = command(str(DATA / "catalogue.ris"))
    assert f"left out, duplicate of #{existing.pk} “Старое” (exact: the same DOI" in out
    assert Publication.objects.count() == 3
    out = command(str(DATA / "catalogue.ris"), "--create-duplicates")
    assert "Created 1," in out and Publication.objects.filter(doi=existing.doi).count() == 2


def test_files_come_from_the_zip(sergei, tmp_path):
    archive = tmp_path / "files.zip"
    archive.write_bytes(pdf_zip("model.pdf").getvalue())
    out = command(str(DATA / "catalogue.ris"), "--files", str(archive))
    assert "files 1." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent.bib"], "No such file or directory"),
        ([str(DATA / "catalogue.ris"), "--files", "/nonexistent.zip"], "No such file"),
    ],
)
def test_bad_arguments_are_clear_errors(args, message):
    with pytest.raises(CommandError, match=message):
        command(*args)


def test_a_refused_file_is_a_clear_error(tmp_path):
    path = tmp_path / "x.bib"
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(CommandError, match="not a text file"):
        command(str(path))
