"""BibTeX, RIS and CSL-JSON read back by independent parsers give the same fields."""

import json

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from publications.formats import bibtex, csl_json, ris


def parse_bibtex(text):
    library = bibtexparser.parse_string(
        text,
        append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()],
    )
    assert not library.failed_blocks
    return library.entries


def names(parts):
    return [(" ".join(p.last), " ".join(p.first)) for p in parts]


# --- BibTeX ----------------------------------------------------------------------------


def test_bibtex_monograph_reads_back(monograph):
    (entry,) = parse_bibtex(bibtex.entry(monograph, url="https://portal.example/ru/p/"))
    assert entry.entry_type == "book"
    assert entry.key == "mozer2019digital"
    assert names(entry["author"]) == [("Мозер", "Сергей")]
    assert entry["title"] == "Цифровая таможня. Опыт ВТамО"
    assert entry["year"] == "2019"
    # biblatex's list separator keeps the two publishers apart, in their order.
    assert entry["publisher"].split(" and ") == [
        "Региональный учебный центр Всемирной таможенной организации",
        "Российская таможенная академия",
    ]
    assert entry["langid"] == "russian"
    assert entry["url"] == "https://portal.example/ru/p/"


def test_bibtex_article_in_a_collection_is_incollection_with_editors_and_pages(article):
    (entry,) = parse_bibtex(bibtex.entry(article))
    assert entry.entry_type == "incollection"
    assert names(entry["author"]) == [("Мозер", "Сергей"), ("Ёлкин", "Жан-Поль Иванович")]
    assert names(entry["editor"]) == [("Tkachenko", "Marina"), ("Mozer", "Sergei")]
    assert entry["title"] == "Цифровая таможня ВТамО: «подходы» & перспективы"
    assert entry["booktitle"] == "Customs & Trade: 100% Digital_Future {2021}"
    assert entry["pages"] == "10–24"  # "10--24" decoded from LaTeX
    assert entry["doi"] == "10.1234/rca.2021.5"
    assert entry["isbn"] == "978-5-9590-1234-5"


def test_bibtex_escapes_latex_special_characters(article):
    text = bibtex.entry(article)
    assert r"booktitle = {Customs \& Trade: 100\% Digital\_Future \{2021\}}" in text
    assert "title = {Цифровая таможня {ВТамО}: «подходы» \\& перспективы}" in text


def test_bibtex_backslash_tilde_and_caret_are_escaped():
    assert bibtex.escape("a\\b~c^d#e$f") == (
        r"a\textbackslash{}b\textasciitilde{}c\textasciicircum{}d\#e\$f"
    )


def test_bibtex_list_keys_are_unique(monograph, db):
    from tests.publications.factories import AuthorshipFactory, PublicationFactory

    twin = PublicationFactory(title_en="Digital twins", title="Цифровые двойники", year=2019)
    AuthorshipFactory(publication=twin, person=monograph.authorships.first().person)
    from publications.formats.queries import for_citation

    entries = parse_bibtex(bibtex.bibliography(for_citation().order_by("pk")))
    assert [e.key for e in entries] == ["mozer2019digital", "mozer2019digitala"]


# --- RIS -------------------------------------------------------------------------------


def test_ris_monograph_reads_back(monograph):
    (record,) = rispy.loads(ris.record(monograph, url="https://portal.example/ru/p/"))
    assert record["type_of_reference"] == "BOOK"
    assert record["authors"] == ["Мозер, Сергей"]
    assert record["title"] == "Цифровая таможня. Опыт ВТамО"
    assert record["year"] == "2019"
    assert record["language"] == "ru"
    assert record["urls"] == ["https://portal.example/ru/p/"]
    assert "Российская таможенная академия" in record["publisher"]


def test_ris_chapter_has_container_title_editors_and_pages(article):
    text = ris.record(article)
    assert text.startswith("TY  - CHAP\r\n") and text.endswith("ER  - \r\n")
    (record,) = rispy.loads(text)
    assert record["type_of_reference"] == "CHAP"
    assert record["authors"] == ["Мозер, Сергей", "Ёлкин, Жан-Поль Иванович"]
    assert record["secondary_authors"] == ["Tkachenko, Marina", "Mozer, Sergei"]
    assert record["secondary_title"] == "Customs & Trade: 100% Digital_Future {2021}"
    assert (record["start_page"], record["end_page"]) == ("10", "24")
    assert record["doi"] == "10.1234/rca.2021.5"
    assert record["issn"] == "978-5-9590-1234-5"  # rispy names SN "issn"; it holds the ISBN


def test_ris_edited_book_lists_its_editors_as_creators(collection):
    from publications.formats.queries import for_citation

    (record,) = rispy.loads(ris.record(for_citation().get(pk=collection.pk)))
    assert record["type_of_reference"] == "EDBOOK"
    assert record["authors"] == ["Tkachenko, Marina", "Mozer, Sergei"]


def test_ris_list_reads_back_every_record_in_order(monograph, article):
    from publications.formats.queries import for_citation

    publications = list(for_citation().order_by("pk"))
    records = rispy.loads(ris.records(publications))
    assert [r["title"] for r in records] == [
        "Цифровая таможня. Опыт ВТамО",
        "Customs & Trade: 100% Digital_Future {2021}",
        "Цифровая таможня ВТамО: «подходы» & перспективы",
    ]


# --- CSL-JSON --------------------------------------------------------------------------


def test_csl_json_reads_back_with_citeproc(monograph, article):
    items = json.loads(csl_json.dumps([monograph, article]))
    source = CiteProcJSON(items)
    book = source["digital-customs-wco-experience"]
    assert book["type"] == "book"
    assert str(book["title"]) == "Цифровая таможня. Опыт ВТамО"
    assert [str(a["family"]) for a in book["author"]] == ["Мозер"]
    assert book["issued"]["year"] == 2019
    chapter = source["wco-digital-customs-article"]
    assert chapter["type"] == "chapter"
    assert [str(a["family"]) for a in chapter["author"]] == ["Мозер", "Ёлкин"]
    assert [str(e["family"]) for e in chapter["editor"]] == ["Tkachenko", "Mozer"]
    assert str(chapter["container_title"]) == "Customs & Trade: 100% Digital_Future {2021}"
    assert str(chapter["DOI"]) == "10.1234/rca.2021.5"
    assert str(chapter["ISBN"]) == "978-5-9590-1234-5"


def test_csl_json_renders_through_a_citation_style(monograph):
    import glob
    import os

    import citeproc

    styles = glob.glob(os.path.join(os.path.dirname(citeproc.__file__), "data/styles/*.csl"))
    if not styles:
        pytest.skip("citeproc-py ships no style")
    source = CiteProcJSON(json.loads(csl_json.dumps([monograph])))
    style = CitationStylesStyle(styles[0], validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem("digital-customs-wco-experience")]))
    (rendered,) = [str(item) for item in bibliography.bibliography()]
    assert "Мозер" in rendered and "Цифровая таможня. Опыт ВТамО" in rendered
    assert "2019" in rendered


def test_csl_json_is_utf8_text_not_escapes(monograph):
    text = csl_json.dumps([monograph])
    assert "Мозер" in text and "\\u" not in text
    assert json.loads(text)[0]["language"] == "ru"
