"""The portal's own CSV export of the list reads back in unchanged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from publications.importing import reader
from publications.models import Authorship, Publication
from tests.importing.conftest import run
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublisherFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

FIELDS = [
    "type",
    "title_ru",
    "title_en",
    "subtitle_ru",
    "year",
    "date",
    "language",
    "place_ru",
    "pages",
    "isbn",
    "doi",
    "udc",
    "bbk",
    "source_title",
    "source_volume",
    "source_issue",
    "source_pages",
    "abstract_ru",
    "keywords_ru",
    "license",
    "first_page",
    "last_page",
]


def catalogue():
    mozer = PersonFactory(
        family_name_cyr="Мозер",
        given_name_cyr="Сергей",
        patronymic_cyr="Александрович",
        family_name_lat="Mozer",
        given_name_lat="Sergei",
    )
    editor = PersonFactory(
        family_name_cyr="Козлов", given_name_cyr="Пётр", family_name_lat="", given_name_lat=""
    )
    book = PublicationFactory(
        title_ru="Цифровая таможня. Опыт ВТамО",
        title_en="Digital Customs. WCO Experience",
        subtitle_ru="=монография",
        year=2019,
        date=datetime.date(2019, 6, 18),
        place_ru="Москва",
        pages=180,
        isbn="978-5-9590-1054-6",
        udc="339.543",
        bbk="67.402",
        abstract_ru='Строка одна.\nСтрока две; с точкой с запятой, «кавычками» и "quotes".',
        keywords_ru="таможня, ВТамО",
        license="https://creativecommons.org/licenses/by/4.0/",
    )
    AuthorshipFactory(publication=book, person=mozer, order=1)
    AuthorshipFactory(publication=book, person=editor, role=Authorship.Role.EDITOR, order=2)
    PublisherFactory(publication=book, organization=OrganizationFactory(name_ru="РТА"))
    book.topics.add(TopicFactory(name_ru="Цифровая таможня"))
    article = PublicationFactory(
        type="article",
        title_ru="",
        title_en="Customs risk management",
        language="en",
        year=2022,
        source_title="World Customs Journal",
        source_volume="16",
        source_issue="1",
        source_pages="3–17",
        first_page=3,
        last_page=17,
        doi="10.55596/wcj.16.1",
    )
    AuthorshipFactory(publication=article, person=mozer, order=1)
    return [book, article]


def snapshot(publication):
    values = {name: getattr(publication, name) for name in FIELDS}
    # An empty translation is "" or NULL alike to the pages (modeltranslation falls back).
    values.update({n: v or "" for n, v in values.items() if n.endswith(("_ru", "_en"))})
    values["people"] = [
        (str(link.person.slug_source()), link.role)
        for link in publication.authorships.select_related("person").order_by("order")
    ]
    values["publishers"] = [link.organization.name_ru for link in publication.publisher_links.all()]
    values["topics"] = [topic.name_ru for topic in publication.topics.all()]
    return values


def test_the_csv_export_imports_back_field_by_field(client):
    publications = catalogue()
    before = sorted((snapshot(p) for p in publications), key=lambda v: v["year"])
    response = client.get(reverse("exports:list-csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content)
    assert "'=монография".encode() in content  # a formula-like cell is neutralised
    parsed = reader.read(content, "publications.csv")
    assert [r.errors for r in parsed.records] == [[], []]

    # Into the same catalogue: every record is already there.
    _parsed, found, _none = run("publications.csv", content, dry_run=True)
    assert [row.duplicate.kind for row in found.rows] == ["exact", "exact"]

    # Into a catalogue without them: the same publications again.
    Publication.objects.all().delete()
    _parsed, _found, report = run("publications.csv", content)
    assert len(report.created) == 2 and report.new_people == []
    after = sorted((snapshot(p) for p in Publication.objects.all()), key=lambda v: v["year"])
    assert after == before


def test_the_csv_export_url_resolves_and_reverses():
    from django.urls import resolve

    from publications import export_views

    assert reverse("exports:list-csv") == "/en/export/publications.csv"  # tests/importing: English
    assert resolve("/en/export/publications.csv").func.__wrapped__ is export_views.list_table


def test_the_csv_export_applies_the_filters_and_leaves_out_drafts(client):
    PublicationFactory(title_ru="Книга 2019", year=2019)
    PublicationFactory(title_ru="Книга 2021", year=2021)
    PublicationFactory(title_ru="Черновик 2021", year=2021, draft=True)
    text = b"".join(client.get(reverse("exports:list-csv")).streaming_content).decode("utf-8-sig")
    assert "Книга 2019" in text and "Книга 2021" in text and "Черновик" not in text
    response = client.get(reverse("exports:list-csv"), {"year_from": "2020"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Книга 2021" in text and "Книга 2019" not in text
    assert text.splitlines()[0].startswith("Type,Title,")  # the headers in the page's language
    with translation.override("ru"):
        response = client.get(reverse("exports:list-csv"))
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("Тип,Заглавие,")


def test_the_csv_export_refuses_bad_filters_and_long_lists(client, settings):
    PublicationFactory.create_batch(3)
    response = client.get(reverse("exports:list-csv"), {"year_from": "abc"})
    assert response.status_code == 400
    settings.EXPORT_LIST_LIMIT = 2
    response = client.get(reverse("exports:list-csv"))
    assert response.status_code == 400
    assert "2" in response.content.decode()


def test_the_list_page_links_the_csv_export(client):
    PublicationFactory()
    page = client.get(reverse("publications:list"), {"year_from": "2000"}).content.decode()
    assert 'href="/en/export/publications.csv?year_from=2000"' in page
