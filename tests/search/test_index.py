"""The index stays in step with its sources: names, variants, files, publication status."""

import datetime
from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from pypdf import PdfReader, PdfWriter

from core import publishing
from core.publishing import Visibility
from events.models import Event
from people.models import NameVariant
from publications.models import PublicationFile
from publications.pdf import simple_pdf
from science_portal import search
from science_portal.models import ExtractedText, SearchDocument, SearchTerm
from science_portal.search import extract, index
from tests import hostile
from tests.events.factories import EventFactory
from tests.people.factories import PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
)

from .conftest import postgres_only

pytestmark = pytest.mark.django_db


def found(query):
    return {hit.publication.slug for hit in search.search(query).hits if hit.publication}


def people(query):
    results = search.search(query, params={"kind": "person"})
    return [hit.title for hit in results.hits] if results.kind == "person" else []


def test_renaming_an_author_renames_the_works_in_the_index(monograph, sergei):
    assert found("Mozer") == {monograph.slug}
    sergei.family_name_lat = "Mauser"
    sergei.family_name_cyr = "Маузер"
    sergei.save()
    sergei.name_variants.all().delete()
    assert found("Mauser") == {monograph.slug}
    assert found("Маузер") == {monograph.slug}
    assert found("Mozer") == set()
    assert people("Mauser") == ["Маузер Сергей"]


def test_a_new_name_variant_is_found_at_once(monograph, sergei):
    assert found("Mozersky") == set()
    NameVariant.objects.create(person=sergei, name="Mozersky S. A.")
    assert found("Mozersky") == {monograph.slug}
    assert people("Mozersky") == ["Мозер Сергей"]


def test_adding_and_removing_an_author(monograph):
    person = PersonFactory(family_name_lat="Tkachenko", family_name_cyr="Ткаченко", slug="mt")
    authorship = AuthorshipFactory(publication=monograph, person=person)
    assert found("Tkatchenko") == {monograph.slug}
    authorship.delete()
    assert found("Tkatchenko") == set()


def test_replacing_a_file_replaces_its_text(monograph):
    file = PublicationFileFactory(publication=monograph, content=simple_pdf(["zeppelin"]))
    assert found("zeppelin") == {monograph.slug}
    content = simple_pdf(["dirigible"])
    file.file = ContentFile(content, name="upload.pdf")
    file.sha256 = "f" * 64
    file.save()
    assert found("zeppelin") == set()
    assert found("dirigible") == {monograph.slug}


def test_a_download_does_not_extract_again(monograph):
    file = PublicationFileFactory(publication=monograph, content=simple_pdf(["zeppelin"]))
    extracted = ExtractedText.objects.get(file_id=file.pk).extracted
    file.download_count += 1
    file.save()
    assert ExtractedText.objects.get(file_id=file.pk).extracted == extracted


def test_changing_access_hides_and_shows_the_text(monograph):
    file = PublicationFileFactory(publication=monograph, content=simple_pdf(["zeppelin"]))
    file.access = PublicationFile.Access.STAFF
    file.save()
    assert found("zeppelin") == set()
    file.access = PublicationFile.Access.PUBLIC
    file.save()
    assert found("zeppelin") == {monograph.slug}


def test_deleting_a_file_forgets_its_text(monograph):
    file = PublicationFileFactory(publication=monograph, content=simple_pdf(["zeppelin"]))
    file.delete()
    assert found("zeppelin") == set()
    assert not ExtractedText.objects.exists()


def test_unpublishing_removes_the_publication_and_its_files(monograph):
    PublicationFileFactory(publication=monograph, content=simple_pdf(["zeppelin"]))
    publishing.withdraw(objects=[monograph])
    assert found("Mozer") == set()
    assert found("zeppelin") == set()
    assert not SearchDocument.objects.filter(
        object_id=monograph.pk, kind__in=["publication", "file"]
    )
    publishing.publish(objects=[monograph])
    assert found("zeppelin") == {monograph.slug}


def test_unpublished_titles_leave_the_vocabulary(monograph):
    assert SearchTerm.objects.filter(term="wco").exists()
    publishing.withdraw(objects=[monograph])
    assert not SearchTerm.objects.filter(term="wco").exists()
    assert search.search("wko").suggestion == ""


def test_deleting_a_publication_removes_it(monograph):
    monograph.authorships.all().delete()
    monograph.delete()
    assert not SearchDocument.objects.filter(kind__in=["publication", "file"]).exists()


def test_unpublishing_a_person_or_an_event(sergei):
    event = EventFactory(title="Zeppelin summit", slug="zs")
    sergei.status = Visibility.DRAFT
    sergei.save()
    assert people("Mozer") == []
    event.status = Visibility.DRAFT
    event.save()
    assert search.search("zeppelin").total == 0


def test_reindex_rebuilds_everything(monograph, topic, academy):
    PublicationFileFactory(publication=monograph, content=simple_pdf(["zeppelin"]))
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    ExtractedText.objects.all().delete()
    assert search.search("Mozer").total == 0
    call_command("reindex", stdout=StringIO())
    assert search.search("Mozer").counts == {
        "publication": 1,
        "person": 1,
        "organization": 0,
        "topic": 0,
        "event": 0,
    }
    assert found("zeppelin") == {monograph.slug}
    assert search.search("Российская таможенная академия").counts["organization"] == 1
    assert search.search("digitl").suggestion == "digital"


def test_reindex_removes_what_is_gone(monograph):
    SearchDocument.objects.create(
        kind="event", source_id=999, object_id=999, title_ru="Orphan", public_from=index.ALWAYS
    )
    call_command("reindex", "--no-extract", stdout=StringIO())
    assert not SearchDocument.objects.filter(source_id=999).exists()
    assert not Event.objects.exists()


@postgres_only
def test_the_vector_is_weighted():
    publication = PublicationFactory(
        title="Zeppelin", title_en="", abstract="dirigible", keywords="airship", slug="w"
    )
    vector = SearchDocument.objects.get(kind="publication", source_id=publication.pk).vector
    assert "'zeppelin':1A" in vector
    assert "'airship'" in vector and "B" in vector.split("'airship':")[1].split()[0]
    assert "C" in vector.split("'dirig':")[1].split()[0]


@postgres_only
def test_indexes_exist_on_postgres():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN "
            "('science_portal_searchdocument', 'science_portal_searchterm')"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "search_document_vector_gin",
        "search_document_title_trgm",
        "search_document_names_trgm",
        "search_term_trgm",
    } <= names


# --- Extraction -------------------------------------------------------------------------------


def test_extraction_is_bounded_in_pages_and_characters():
    writer = PdfWriter()
    for _ in range(5):
        writer.add_page(PdfReader(BytesIO(simple_pdf(["page text " * 20]))).pages[0])
    buffer = BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    full = extract.extract_text(
        BytesIO(data), mime_type="application/pdf", bounds=extract.Bounds(100, 10_000, 10)
    )
    assert full.pages == 5 and full.complete
    pages = extract.extract_text(
        BytesIO(data), mime_type="application/pdf", bounds=extract.Bounds(2, 10_000, 10)
    )
    assert pages.pages == 2 and not pages.complete
    chars = extract.extract_text(
        BytesIO(data), mime_type="application/pdf", bounds=extract.Bounds(100, 50, 10)
    )
    assert len(chars.text) == 50 and not chars.complete
    timed = extract.extract_text(
        BytesIO(data), mime_type="application/pdf", bounds=extract.Bounds(100, 10_000, 0)
    )
    assert timed.pages == 0 and not timed.complete


def test_a_book_of_several_chapters_is_read_in_spine_order_and_found(monograph):
    # The names sort the other way round, and the chapter files sit in a folder of their own.
    book = hostile.epub(
        [
            ("text/a-end.xhtml", "zeppelin afterword"),
            ("text/b-start.xhtml", "dirigible foreword"),
            ("text/c-middle.xhtml", "airship body"),
        ],
        spine=["text/b-start.xhtml", "text/c-middle.xhtml", "text/a-end.xhtml"],
    )
    extraction = extract.extract_text(BytesIO(book), mime_type="application/epub+zip")
    assert extraction.text == "dirigible foreword airship body zeppelin afterword"
    assert extraction.pages == 3 and extraction.complete
    PublicationFileFactory(
        publication=monograph,
        content=book,
        mime_type="application/epub+zip",
        file=ContentFile(book, name="upload.epub"),
    )
    assert ExtractedText.objects.get().text == extraction.text
    assert found("zeppelin") == {monograph.slug}
    assert found("airship") == {monograph.slug}


def test_a_book_without_a_package_is_read_in_name_order():
    book = hostile.zip_bytes(
        [
            ("mimetype", b"application/epub+zip"),
            ("b.xhtml", hostile.chapter("two")),
            ("a.xhtml", hostile.chapter("one")),
        ]
    )
    assert extract.extract_text(BytesIO(book), mime_type="application/epub+zip").text == "one two"


def test_a_broken_file_gives_no_text_and_no_error(monograph):
    broken = extract.extract_text(BytesIO(b"%PDF-1.4 garbage"), mime_type="application/pdf")
    assert broken.text == ""
    PublicationFileFactory(publication=monograph, content=b"%PDF-1.4\nnot really a pdf")
    assert ExtractedText.objects.get().text == ""
    assert found("Mozer") == {monograph.slug}


def test_save_bounds_come_from_settings(settings):
    settings.SEARCH_EXTRACT_MAX_PAGES = 7
    settings.SEARCH_EXTRACT_MAX_CHARS = 1234
    settings.SEARCH_EXTRACT_TIMEOUT = 2.5
    assert extract.save_bounds() == extract.Bounds(7, 1234, 2.5)
    assert extract.reindex_bounds().chars >= extract.save_bounds().chars


def test_file_text_is_bounded_on_save(settings, monograph):
    settings.SEARCH_EXTRACT_MAX_CHARS = 20
    PublicationFileFactory(
        publication=monograph, content=simple_pdf(["zeppelin " * 3 + "dirigible"])
    )
    text = ExtractedText.objects.get()
    assert len(text.text) <= 20 and not text.complete
    assert found("zeppelin") == {monograph.slug}
    assert found("dirigible") == set()


def test_embargo_date_is_stored_for_the_query_time_check(monograph):
    until = datetime.date(2031, 5, 1)
    file = PublicationFileFactory(
        publication=monograph,
        content=simple_pdf(["zeppelin"]),
        access=PublicationFile.Access.EMBARGOED,
        embargo_until=until,
    )
    document = SearchDocument.objects.get(kind="file", source_id=file.pk)
    assert document.public_from.astimezone().date() >= until - datetime.timedelta(days=1)
