"""GOST R 7.0.100-2018 and APA 7 references: exact text for the demo monograph and others."""

import pytest

from publications.formats import apa, gost
from publications.formats.queries import for_citation
from publications.models import Authorship
from tests.people.factories import PersonFactory
from tests.publications.factories import AuthorshipFactory, PublicationFactory

MONOGRAPH_GOST = (
    "Мозер, С. Цифровая таможня. Опыт ВТамО : монография / С. Мозер. – [Б. м.] : "
    "Региональный учебный центр Всемирной таможенной организации : "
    "Российская таможенная академия, 2019. – Текст : непосредственный."
)
MONOGRAPH_APA = (
    "Mozer, S. (2019). Tsifrovaya tamozhnya. Opyt VTamO [Digital Customs. WCO Experience]. "
    "WCO Regional Training Center; Russian Customs Academy."
)


def test_gost_reference_of_the_demo_monograph(monograph):
    assert gost.reference(monograph) == MONOGRAPH_GOST


def test_apa_reference_of_the_demo_monograph(monograph):
    assert apa.reference(monograph) == MONOGRAPH_APA


def test_apa_html_italicises_the_book_title(monograph):
    html = apa.reference_html(monograph)
    assert "<i>Tsifrovaya tamozhnya. Opyt VTamO</i> [Digital Customs. WCO Experience]" in html


def test_gost_electronic_resource_gives_url_and_date_of_access(monograph):
    import datetime

    text = gost.reference(
        monograph, url="https://example.org/ru/p/", accessed=datetime.date(2024, 2, 1)
    )
    assert text.endswith(
        "2019. – Текст : электронный. – URL: https://example.org/ru/p/ "
        "(дата обращения: 01.02.2024)."
    )


def test_gost_article_in_a_collection_describes_the_host_in_its_own_language(article):
    assert gost.reference(article) == (
        "Мозер, С. Цифровая таможня ВТамО: «подходы» & перспективы / С. Мозер, "
        "Ж.-П. И. Ёлкин. – Текст : непосредственный // "
        "Customs & Trade: 100% Digital_Future {2021} : collection of articles / "
        "edited by M. Tkachenko, S. Mozer. – Moscow : Russian Customs Academy, 2021. – "
        "ISBN 978-5-9590-1234-5. – P. 10–24. – DOI 10.1234/rca.2021.5."
    )


def test_apa_chapter_in_an_edited_book(article):
    assert apa.reference(article) == (
        "Mozer, S., & Yolkin, J.-P. I. (2021). Tsifrovaya tamozhnya VTamO: «podkhody» & "
        "perspektivy [WCO digital customs: approaches and prospects]. In M. Tkachenko & "
        "S. Mozer (Eds.), Customs & Trade: 100% Digital_Future {2021} (pp. 10–24). "
        "Russian Customs Academy. https://doi.org/10.1234/rca.2021.5"
    )


def test_apa_edited_book_lists_its_editors_as_creators(collection):
    publication = for_citation().get(pk=collection.pk)
    assert apa.reference(publication) == (
        "Tkachenko, M., & Mozer, S. (Eds.). (2021). Customs & Trade: 100% Digital_Future "
        "{2021}. Russian Customs Academy."
    )


def test_gost_edited_collection_begins_with_its_title(collection):
    publication = for_citation().get(pk=collection.pk)
    assert gost.reference(publication).startswith(
        "Customs & Trade: 100% Digital_Future {2021} : collection of articles / "
        "edited by M. Tkachenko, S. Mozer. – Moscow : Russian Customs Academy, 2021. – "
        "ISBN 978-5-9590-1234-5. – Text : unmediated."
    )


@pytest.mark.parametrize(
    ("count", "statement"),
    [
        (3, "Автор1, А. Книга : монография / А. Автор1, А. Автор2, А. Автор3."),
        (4, "Книга : монография / А. Автор1, А. Автор2, А. Автор3, А. Автор4."),
        (5, "Книга : монография / А. Автор1, А. Автор2, А. Автор3 [и др.]."),
    ],
)
def test_gost_heading_and_statement_depend_on_the_number_of_authors(db, count, statement):
    publication = PublicationFactory(title="Книга", language="ru", year=2020)
    for number in range(1, count + 1):
        person = PersonFactory(family_name_cyr=f"Автор{number}", given_name_cyr="Анна")
        AuthorshipFactory(
            publication=publication, person=person, role=Authorship.Role.AUTHOR, order=number
        )
    text = gost.reference(for_citation().get(pk=publication.pk))
    assert text.startswith(statement)
    assert text.endswith("– [Б. м. : б. и.], 2020. – Текст : непосредственный.")


def test_apa_more_than_twenty_authors_is_shortened_with_an_ellipsis(db):
    publication = PublicationFactory(title_en="Big", language="en", year=2020)
    for number in range(1, 23):
        person = PersonFactory(family_name_lat=f"Author{number}", given_name_lat="Ann")
        AuthorshipFactory(publication=publication, person=person, order=number)
    text = apa.reference(for_citation().get(pk=publication.pk))
    assert "Author19, A., . . . Author22, A. (2020)." in text
    assert "Author20" not in text


def test_an_abstract_in_a_journal_is_described_as_a_part_of_it(mozer):
    from publications.formats import bibtex, ris
    from publications.models import Publication

    publication = PublicationFactory(
        type=Publication.Type.ABSTRACT,
        title="Цифровая таможня",
        language="ru",
        year=2021,
        source_title="Таможенная политика",
        source_issue="2",
        first_page=10,
        last_page=12,
    )
    AuthorshipFactory(publication=publication, person=mozer)
    publication = for_citation().get(pk=publication.pk)
    assert gost.reference(publication) == (
        "Мозер, С. Цифровая таможня / С. Мозер. – Текст : непосредственный // "
        "Таможенная политика. – 2021. – № 2. – С. 10–12."
    )
    assert "pages = {10--12}" in bibtex.entry(publication)
    assert "SP  - 10\r\nEP  - 12\r\n" in ris.record(publication)
