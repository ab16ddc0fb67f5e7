"""Imports written to the catalogue: records field by field, authors matched, duplicates
decided, the second run changing nothing, files from the ZIP, bad input refused."""

import zipfile

import pytest
from django.core.exceptions import ValidationError

from core.publishing import Visibility
from people.models import Organization, Person
from publications.importing import plan as plans
from publications.models import Authorship, Publication, Topic
from tests.importing.conftest import data, pdf_zip, run, zip_of
from tests.people.factories import PersonFactory
from tests.publications.factories import PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def authors(publication):
    return [
        (link.person_id, link.role, link.order)
        for link in publication.authorships.order_by("order")
    ]


def test_a_zotero_file_creates_publications_in_review_field_by_field(sergei):
    _parsed, _plan, report = run("zotero.bib")
    assert len(report.created) == 3
    book = Publication.objects.get(isbn="978-5-9590-1054-6")
    assert book.status == Visibility.REVIEW and book.published_at is None
    assert (book.type, book.year, book.language) == ("monograph", 2019, "ru")
    assert book.title_ru == "Цифровая таможня. Опыт ВТамО"
    assert book.place_ru == "Москва"
    assert book.keywords_ru == "ВТамО, цифровая таможня"
    assert book.slug == "tsifrovaya-tamozhnya-opyt-vtamo"
    assert authors(book) == [(sergei.pk, "author", 1)]
    publisher = book.publisher_links.get().organization
    assert publisher.name_ru == "Российская таможенная академия"
    assert publisher.status == Visibility.DRAFT
    article = Publication.objects.get(doi="10.1234/zoll.2020.12")
    assert article.title_en == "Zollgrenzen und digitale Verfahren: ein Überblick"
    assert (article.source_title, article.source_volume, article.source_issue) == (
        "Zeitschrift für Zollrecht",
        "12",
        "3",
    )
    assert (article.first_page, article.last_page, article.source_pages) == (45, 67, "45–67")
    muller, moser = [link.person for link in article.authorships.order_by("order")]
    assert moser == sergei  # "Moser, Sergei" is Sergei Mozer
    assert (muller.family_name_lat, muller.given_name_lat, muller.status) == (
        "Müller",
        "Jörg",
        "draft",
    )
    assert "muller" in muller.search_names
    assert report.new_people == ["Müller, Jörg", "Garçon, François"]
    assert not Publication.objects.published().exists()


def test_every_spelling_lands_on_the_same_person(sergei):
    content = (
        "@book{a, author={Mozer, S.}, title={One}, year=2001}\n"
        "@book{b, author={Moser, Sergei}, title={Two}, year=2002}\n"
        "@book{c, author={Мозер С.}, title={Три}, year=2003}\n"
        "@book{d, author={С. А. Мозер}, title={Четыре}, year=2004}\n"
    ).encode()
    run("x.bib", content)
    assert set(Authorship.objects.values_list("person_id", flat=True)) == {sergei.pk}
    assert Person.objects.count() == 1


def test_an_ambiguous_name_asks_in_the_preview_and_becomes_a_new_person_unattended(sergei):
    other = PersonFactory(
        family_name_cyr="Мозер",
        given_name_cyr="Семён",
        family_name_lat="Mozer",
        given_name_lat="Semyon",
    )
    content = (
        b"@book{a, author={Mozer, S.}, title={One}, year=2001}\n"
        b"@book{b, author={Mozer, Sergei}, title={Two}, year=2002}\n"
    )
    _parsed, found, _none = run("x.bib", content, dry_run=True)
    first, second = (row.people[0][1] for row in found.rows)
    assert first.status == "ambiguous" and set(first.candidates) == {sergei.pk, other.pk}
    assert (second.status, second.person_id) == ("matched", sergei.pk)  # the full name settles it
    _parsed, _plan, report = run("x.bib", content)
    one = Publication.objects.get(title_en="One").authorships.get().person
    assert one not in (sergei, other) and one.status == Visibility.DRAFT
    assert report.new_people == ["Mozer, S."]


def test_the_second_import_of_the_same_file_changes_nothing_and_says_so(sergei):
    run("catalogue.ris")
    counts = (Publication.objects.count(), Person.objects.count(), Organization.objects.count())
    _parsed, found, report = run("catalogue.ris")
    assert [row.action for row in found.rows] == ["unchanged"] * 3
    assert report.changed_nothing and report.unchanged == 3
    assert (
        Publication.objects.count(),
        Person.objects.count(),
        Organization.objects.count(),
    ) == counts


def test_exact_duplicates_are_left_alone_unattended_and_merged_when_asked(sergei):
    existing = PublicationFactory(title_ru="Старое название", isbn="978-5-9590-1054-6", year=2019)
    _parsed, found, report = run("catalogue.ris")
    row = found.rows[0]
    assert (row.action, row.duplicate.kind, row.duplicate.publication_id) == (
        "skip",
        "exact",
        existing.pk,
    )
    assert row.duplicate.reason == "the same ISBN 978-5-9590-1054-6"
    assert (
        report.skipped == 1
        and not Publication.objects.filter(title_ru="Цифровая таможня. Опыт ВТамО").exists()
    )
    _parsed, found, report = run("catalogue.ris", policy=plans.Policy.unattended(merge=True))
    existing.refresh_from_db()
    assert report.merged == [existing.pk]
    assert existing.title_ru == "Старое название"  # kept; only what was empty is filled
    assert existing.place_ru == "Москва" and existing.pages == 180
    assert authors(existing) == [(sergei.pk, "author", 1)]


def test_probable_duplicates_by_title_and_year(sergei):
    existing = PublicationFactory(title_ru="Цифровая таможня: опыт ВТамО", year=2019)
    PublicationFactory(title_ru="Цифровая таможня. Опыт ВТамО", year=2005)  # another year
    _parsed, found, _report = run("catalogue.ris", dry_run=True)
    duplicate = found.rows[0].duplicate
    assert (duplicate.kind, duplicate.publication_id) == ("probable", existing.pk)
    assert duplicate.reason == "the same title and year (2019)"
    _parsed, _found, report = run("catalogue.ris", policy=plans.Policy.unattended(create=True))
    assert Publication.objects.filter(year=2019).count() == 2
    assert len(report.created) == 3


def test_the_same_work_twice_in_one_file_is_imported_once(sergei):
    content = (
        b"@book{a, title={One}, year=2001, doi={10.1000/one}}\n"
        b"@book{b, title={One again}, year=2001, doi={10.1000/ONE}}\n"
    )
    _parsed, found, report = run("x.bib", content)
    assert found.rows[1].in_file_of == 0 and found.rows[1].action == "skip"
    assert len(report.created) == 1


def test_publishers_and_topics_are_matched_by_name_or_made_drafts(sergei):
    topic = TopicFactory(name_ru="Цифровая таможня")
    run("spreadsheet.csv")
    first = Publication.objects.get(isbn="978-5-9590-0888-8")
    assert list(first.topics.all()) == [topic]
    new_topic = Topic.objects.get(name_ru="Таможенное образование")
    assert new_topic.status == Visibility.DRAFT
    assert Organization.objects.filter(name_ru="Российская таможенная академия").count() == 1
    people = [link.person for link in first.authorships.order_by("order")]
    assert people[1] == sergei
    assert (people[0].family_name_cyr, people[0].given_name_cyr, people[0].patronymic_cyr) == (
        "Иванова",
        "Анна",
        "Петровна",
    )


def test_files_from_the_zip_are_checked_and_attached(sergei):
    _parsed, _found, report = run("catalogue.ris", files=pdf_zip("scans/model.pdf"))
    article = Publication.objects.get(doi="10.5555/rta.2020.73.12")
    file = article.files.get()
    assert (file.original_name, file.mime_type) == ("model.pdf", "application/pdf")
    assert report.files == 1


def test_a_bad_file_rejects_its_row_only(sergei):
    files = zip_of({"model.pdf": b"<html><script>alert(1)</script></html>"})
    _parsed, _found, report = run("catalogue.ris", files=files)
    assert len(report.created) == 2
    assert not Publication.objects.filter(doi="10.5555/rta.2020.73.12").exists()
    [(where, _title, messages)] = report.errors
    assert where == "line 28, entry RGB-000789"
    assert "not a PDF or EPUB" in " ".join(messages)


def test_a_missing_file_is_an_error_of_its_row_in_the_preview(sergei):
    _parsed, found, _report = run("catalogue.ris", files=pdf_zip("other.pdf"), dry_run=True)
    assert found.rows[2].action == "error"
    assert found.rows[2].errors == ["The file “model.pdf” is not in the ZIP."]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../../etc/passwd.pdf": b"x"}, "names a part outside itself"),
        ({"bomb.pdf": b"\x00" * (50 * 1024 * 1024)}, "zip bomb"),
    ],
)
def test_dangerous_zips_are_refused_whole(members, message):
    with pytest.raises(ValidationError) as caught:
        run("catalogue.ris", files=zip_of(members))
    assert message in " ".join(caught.value.messages)
    assert not Publication.objects.exists()


def test_records_with_errors_are_refused_and_the_rest_imported():
    content = (
        b"@book{ok, title={Good}, year=2001}\n"
        b"@book{bad, title={Bad}, year=1700}\n"
        b"@book{isbn, title={X}, year=2001, isbn={978-5-9590-1054-7}}\n"
    )
    _parsed, found, report = run("x.bib", content)
    assert [row.action for row in found.rows] == ["create", "error", "error"]
    assert [r[0] for r in report.errors] == ["line 2, entry bad", "line 3, entry isbn"]
    assert list(Publication.objects.values_list("title_en", flat=True)) == ["Good"]


def test_a_failure_half_way_leaves_nothing(monkeypatch, sergei):
    from publications.importing import apply

    calls = []
    original = apply._write_chunk

    def failing(rows, *args, **kwargs):
        calls.append(rows)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(rows, *args, **kwargs)

    monkeypatch.setattr(apply, "_write_chunk", failing)
    with pytest.raises(RuntimeError):
        run("zotero.bib", chunk=1)
    assert not Publication.objects.exists()


def test_the_zip_module_is_what_it_says():
    assert zipfile.is_zipfile(pdf_zip("a.pdf"))
    assert data("zotero.bib").startswith(b"\n@book")


def test_a_similar_title_of_the_same_year_is_a_probable_duplicate(sergei):
    existing = PublicationFactory(title_ru="Модели зрелости цифровых таможен", year=2020)
    _parsed, found, _report = run("catalogue.ris", dry_run=True)
    duplicate = found.rows[2].duplicate
    assert (duplicate.kind, duplicate.publication_id) == ("probable", existing.pk)
    assert duplicate.reason.startswith("a similar title (")
    assert found.rows[2].action == "skip"  # unattended: left alone, and listed


SAMPLES = [
    ("Модель зрелости цифровой таможни", "Модели зрелости цифровых таможен"),
    ("Digital Customs: WCO Experience", "Digital customs. The WCO experience"),
    ("Таможенное право", "Таможенное регулирование"),
]


@pytest.mark.parametrize(("first", "second"), SAMPLES)
def test_the_similarity_is_pg_trgms(first, second):
    from django.db import connection

    from publications.importing.matching import similarity, trigram_available, trigrams

    ours = similarity(trigrams(first), trigrams(second))
    assert 0 < ours < 1
    if not trigram_available():
        pytest.skip("pg_trgm is on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [first, second])
        assert ours == pytest.approx(cursor.fetchone()[0], abs=1e-6)


def test_a_job_that_stops_half_way_carries_on_when_run_again(monkeypatch, sergei):
    from django.core.files.base import ContentFile

    from publications.importing import apply, service
    from publications.importing.models import ImportBatch

    batch = ImportBatch(source_name="zotero.bib", total=3)
    batch.source.save("zotero.bib", ContentFile(data("zotero.bib")), save=False)
    batch.save()
    original, calls = apply._write_chunk, []

    def failing(rows, *args, **kwargs):
        calls.append(rows)
        if len(calls) == 2:
            raise RuntimeError("the worker was stopped")
        return original(rows, *args, **kwargs)

    monkeypatch.setattr(apply, "_write_chunk", failing)
    with pytest.raises(RuntimeError):
        service.import_batch(batch=batch, chunk=1)
    assert Publication.objects.count() == 1  # the first chunk was committed
    assert ImportBatch.objects.get().done == 1  # and its progress shown
    monkeypatch.setattr(apply, "_write_chunk", original)
    report = service.import_batch(batch=batch, chunk=1)
    assert (report.unchanged, len(report.created)) == (1, 2)
    assert Publication.objects.count() == 3
