"""Google Scholar, Dublin Core, Open Graph and JSON-LD in the page head; "how to cite"."""

import datetime
import json

import lxml.html
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from publications.formats.page import PublicationCitation
from publications.formats.queries import for_citation
from publications.models import PublicationFile
from tests.events.factories import EventFactory
from tests.people.factories import OrganizationFactory
from tests.publications.factories import PublicationFactory, PublicationFileFactory


def render(template, publication, language="ru"):
    request = RequestFactory().get(f"/{language}/publications/{publication.slug}/")
    with translation.override(language):
        citation = PublicationCitation(request, publication)
        return render_to_string(template, {"citation": citation}, request=request)


def head(publication, language="ru"):
    html = render("publications/includes/scholar_meta.html", publication, language)
    return lxml.html.fromstring(f"<html><head>{html}</head><body></body></html>")


def metas(tree, name):
    return [m.get("content") for m in tree.xpath(f'//meta[@name="{name}"]')]


def properties(tree, name):
    return [m.get("content") for m in tree.xpath(f'//meta[@property="{name}"]')]


def test_scholar_tags_of_the_demo_monograph(monograph):
    tree = head(monograph)
    page = "http://testserver/ru/publications/digital-customs-wco-experience/"
    pdf = monograph.public_files[0]
    assert metas(tree, "citation_title") == ["Цифровая таможня. Опыт ВТамО"]
    assert metas(tree, "citation_author") == ["Мозер, Сергей"]
    assert metas(tree, "citation_publication_date") == ["2019"]
    assert metas(tree, "citation_publisher") == [
        "Региональный учебный центр Всемирной таможенной организации",
        "Российская таможенная академия",
    ]
    assert metas(tree, "citation_language") == ["ru"]
    assert metas(tree, "citation_abstract_html_url") == [page]
    assert metas(tree, "citation_pdf_url") == [f"http://testserver/ru/publications/files/{pdf.pk}/"]


def test_scholar_tags_in_english_use_the_english_title_and_latin_names(monograph):
    tree = head(monograph, "en")
    assert metas(tree, "citation_title") == ["Digital Customs. WCO Experience"]
    assert metas(tree, "citation_author") == ["Mozer, Sergei"]
    assert metas(tree, "citation_abstract_html_url") == [
        "http://testserver/en/publications/digital-customs-wco-experience/"
    ]


def test_scholar_tags_of_an_article_in_a_collection(article):
    tree = head(article)
    assert metas(tree, "citation_author") == ["Мозер, Сергей", "Ёлкин, Жан-Поль Иванович"]
    assert metas(tree, "citation_inbook_title") == ["Customs & Trade: 100% Digital_Future {2021}"]
    assert metas(tree, "citation_firstpage") == ["10"]
    assert metas(tree, "citation_lastpage") == ["24"]
    assert metas(tree, "citation_doi") == ["10.1234/rca.2021.5"]
    assert metas(tree, "citation_isbn") == ["978-5-9590-1234-5"]
    assert metas(tree, "citation_editor") == ["Ткаченко, Марина", "Мозер, Сергей"]
    assert metas(tree, "citation_pdf_url") == []  # no file at all


def test_the_book_itself_names_no_citation_editor(collection):
    """The control: editors are given as the chapter's book's, not as a book's own tag."""
    tree = head(for_citation().get(pk=collection.pk))
    assert metas(tree, "citation_title")
    assert metas(tree, "citation_editor") == []
    assert metas(tree, "citation_inbook_title") == []


@pytest.mark.parametrize(
    "access",
    [
        {"access": PublicationFile.Access.STAFF},
        {
            "access": PublicationFile.Access.EMBARGOED,
            "embargo_until": datetime.date.today() + datetime.timedelta(days=30),
        },
    ],
)
def test_no_pdf_url_for_a_file_the_public_cannot_download(db, access):
    publication = PublicationFactory()
    PublicationFileFactory(publication=publication, **access)
    tree = head(publication)
    assert metas(tree, "citation_title")
    assert metas(tree, "citation_pdf_url") == []


def test_dublin_core_and_open_graph(monograph):
    tree = head(monograph)
    assert tree.xpath('//link[@rel="schema.DC"]/@href') == ["http://purl.org/dc/elements/1.1/"]
    assert metas(tree, "DC.title") == ["Цифровая таможня. Опыт ВТамО"]
    assert metas(tree, "DC.creator") == ["Мозер, Сергей"]
    assert metas(tree, "DC.date") == ["2019"]
    assert metas(tree, "DC.language") == ["ru"]
    assert "Цифровая таможня" in metas(tree, "DC.subject")
    assert properties(tree, "og:type") == ["book"]
    assert properties(tree, "og:title") == ["Цифровая таможня. Опыт ВТамО"]
    assert properties(tree, "og:url") == [
        "http://testserver/ru/publications/digital-customs-wco-experience/"
    ]
    assert properties(tree, "book:release_date") == ["2019"]


def test_json_ld_book_with_person_and_organizations(monograph):
    tree = head(monograph)
    (script,) = tree.xpath('//script[@type="application/ld+json"]/text()')
    data = json.loads(script)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Book"
    assert data["name"] == "Цифровая таможня. Опыт ВТамО"
    assert data["alternateName"] == "Digital Customs. WCO Experience"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Мозер Сергей",
            "familyName": "Мозер",
            "givenName": "Сергей",
            "url": "http://testserver/ru/people/sergei-mozer/",
        }
    ]
    assert [o["name"] for o in data["publisher"]] == [
        "Региональный учебный центр Всемирной таможенной организации",
        "Российская таможенная академия",
    ]
    assert all(o["@type"] == "Organization" for o in data["publisher"])
    assert data["datePublished"] == "2019"
    assert data["encoding"]["contentUrl"].startswith("http://testserver/ru/publications/files/")


def test_json_ld_chapter_is_part_of_its_book(article):
    (script,) = head(article).xpath('//script[@type="application/ld+json"]/text()')
    data = json.loads(script)
    assert data["@type"] == "Chapter"
    assert data["isPartOf"]["name"] == "Customs & Trade: 100% Digital_Future {2021}"
    assert (data["pageStart"], data["pageEnd"]) == ("10", "24")


@pytest.mark.parametrize(
    ("language", "names"),
    [("ru", ["John Smith", "Мозер Сергей"]), ("en", ["John Smith", "Мозер Сергей"])],
)
def test_json_ld_names_a_person_known_in_one_script_as_the_site_does(db, language, names):
    from publications.formats import jsonld
    from tests.people.factories import PersonFactory
    from tests.publications.factories import AuthorshipFactory

    publication = PublicationFactory()
    smith = PersonFactory(
        family_name_cyr="", given_name_cyr="", family_name_lat="Smith", given_name_lat="John"
    )
    mozer = PersonFactory(
        family_name_cyr="Мозер", given_name_cyr="Сергей", family_name_lat="", given_name_lat=""
    )
    AuthorshipFactory(publication=publication, person=smith, order=0)
    AuthorshipFactory(publication=publication, person=mozer, order=1)
    data = jsonld.publication(publication, page_url="https://portal.example/", language=language)
    assert [author["name"] for author in data["author"]] == names
    with translation.override(language):
        assert names == [smith.full_name, mozer.full_name]
    assert [author["familyName"] for author in data["author"]] == ["Smith", "Мозер"]


def test_json_ld_cannot_break_out_of_its_script_element(db):
    publication = PublicationFactory(title="</script><script>alert(1)</script>")
    html = render("publications/includes/scholar_meta.html", publication)
    assert "</script><script>alert" not in html
    assert "\\u003C/script\\u003E" in html


def test_nothing_machine_readable_for_a_draft(db):
    draft = PublicationFactory(draft=True)
    html = render("publications/includes/scholar_meta.html", draft)
    assert "citation_" not in html
    assert "DC." not in html
    assert "ld+json" not in html
    assert "og:" not in html


def test_how_to_cite_shows_gost_and_apa_with_copy_buttons_and_exports(monograph):
    html = render("publications/includes/how_to_cite.html", monograph)
    tree = lxml.html.fromstring(html)
    gost = tree.get_element_by_id("cite-gost").text_content()
    assert gost.startswith("Мозер, С. Цифровая таможня. Опыт ВТамО : монография")
    apa = tree.get_element_by_id("cite-apa")
    assert apa.xpath("string(.//i)") == "Tsifrovaya tamozhnya. Opyt VTamO"
    targets = tree.xpath("//button/@data-copy-target")
    assert targets == ["cite-gost", "cite-apa"]
    links = tree.xpath("//a[@download]/@href")
    assert links == [
        "/ru/export/publications/digital-customs-wco-experience.bib",
        "/ru/export/publications/digital-customs-wco-experience.ris",
        "/ru/export/publications/digital-customs-wco-experience.json",
    ]


def test_how_to_cite_offers_no_exports_for_a_draft_preview(db):
    draft = PublicationFactory(draft=True, title="Черновик")
    html = render("publications/includes/how_to_cite.html", draft)
    assert "Черновик" in html
    assert "/export/" not in html


def test_citation_texts_cost_no_queries_once_loaded(monograph, django_assert_num_queries):
    request = RequestFactory().get("/ru/")
    with translation.override("ru"):
        citation = PublicationCitation(request, monograph)
        with django_assert_num_queries(0):
            assert citation.gost and citation.apa and citation.highwire and citation.jsonld


def test_event_json_ld(rf, db):
    from publications.formats import jsonld

    organizer = OrganizationFactory(name="Российская таможенная академия")
    event = EventFactory(
        slug="digital-technologies-in-customs-summer-school-2021",
        title="Цифровые технологии в таможенном деле",
        start_date=datetime.date(2021, 6, 28),
        end_date=datetime.date(2021, 7, 5),
        city="Москва",
        country="RU",
    )
    event.organizers.add(organizer)
    request = rf.get("/ru/events/x/")
    with translation.override("ru"):
        html = render_to_string(
            "events/includes/event_jsonld.html",
            {"event_jsonld": jsonld.event_script(request, event)},
        )
    (script,) = lxml.html.fromstring(f"<div>{html}</div>").xpath("//script/text()")
    data = json.loads(script)
    assert data["@type"] == "Event"
    assert data["name"] == "Цифровые технологии в таможенном деле"
    assert (data["startDate"], data["endDate"]) == ("2021-06-28", "2021-07-05")
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Москва",
        "addressCountry": "RU",
    }
    assert data["organizer"][0]["name"] == "Российская таможенная академия"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"


def test_event_json_ld_is_empty_for_a_draft(rf, db):
    from publications.formats import jsonld

    event = EventFactory(status="draft")
    assert jsonld.event_script(rf.get("/"), event) == ""
