"""Each format read into records, field by field, with its errors in plain words."""

import pytest
from django.core.exceptions import ValidationError

from publications.importing import reader
from tests.importing.conftest import data


def read(name, content=None):
    return reader.read(content if content is not None else data(name), name)


def test_a_zotero_bibtex_export_with_latex_escapes():
    parsed = read("zotero.bib")
    assert parsed.format == "bibtex"
    book, article, chapter = parsed.records
    assert (book.key, book.line) == ("mozer_cifrovaja_2019", 2)
    assert book.type == "monograph"
    assert book.title == "Цифровая таможня. Опыт ВТамО"
    assert book.isbn == "978-5-9590-1054-6"
    assert book.place == "Москва"
    assert book.publishers == ["Российская таможенная академия"]
    assert book.language == "ru"
    assert book.keywords == ["ВТамО", "цифровая таможня"]
    assert book.file == "mozer-2019.pdf"
    assert [(n.family, n.given, n.patronymic) for n in book.names] == [("Мозер", "С.", "А.")]
    assert article.title == "Zollgrenzen und digitale Verfahren: ein Überblick"
    assert article.source_title == "Zeitschrift für Zollrecht"
    assert (article.source_volume, article.source_issue) == ("12", "3")
    assert article.source_pages == "45–67"
    assert article.doi == "10.1234/zoll.2020.12"
    assert article.language == "de"
    assert (
        article.abstract
        == "Ein Überblick über digitale Verfahren – von der Anmeldung bis zur Freigabe."
    )
    assert [n.text for n in article.names] == ["Müller, Jörg", "Moser, Sergei"]
    assert chapter.title == "La douane électronique à l'épreuve"
    assert chapter.source_title == "Mélanges en l'honneur de Jean Dupont"
    assert [n.text for n in chapter.names] == ["Garçon, François"]
    assert chapter.language == "en"  # not given: Latin letters are read as English
    assert all(not record.errors for record in parsed.records)


def test_a_jabref_export_with_macros_dates_and_an_unknown_type():
    parsed = read("jabref.bib")
    book, report, thesis = parsed.records
    assert book.publishers == ["Российская таможенная академия"]
    assert book.pages == 212
    assert book.file == "mozer2021.pdf"
    assert report.type == "report"
    assert report.year == 2018 and report.date == "2018-11-30"
    assert report.title == "Отчёт о НИР «Таможенное администрирование»"
    assert [n.text for n in report.names] == ["Петров, Иван Сергеевич", "Sidorova, A. B."]
    assert report.names[0].patronymic == "Сергеевич"
    assert thesis.type == "monograph"
    assert thesis.title == "Customs Valuation in the EAEU"
    assert thesis.warnings == ["The entry type “thesis” is not known; imported as “Monograph”."]


def test_a_library_catalogue_ris():
    book, collection, article = read("catalogue.ris").records
    assert book.key == "RGB-000123" and book.line == 1
    assert book.pages == 180
    assert book.keywords == ["Таможенное дело", "Цифровизация"]
    assert book.names[0].text == "Мозер, Сергей Александрович"
    assert collection.type == "collection" and collection.year == 2015
    assert collection.isbn == "5-85270-001-0"
    assert [(n.text, n.role) for n in collection.names] == [("Козлов, П. П.", "editor")]
    assert article.source_title.endswith("филиала Российской таможенной академии")
    assert article.source_pages == "12–19"
    assert article.file == "model.pdf"
    assert article.names[0].text == "Мозер, С."


def test_a_spreadsheet_with_russian_headers():
    first, textbook, article = read("spreadsheet.csv").records
    assert first.line == 2
    assert first.type == "monograph" and textbook.type == "textbook" and article.type == "article"
    assert [n.text for n in first.names] == ["Иванова, Анна Петровна", "Mozer, S."]
    assert first.topics == ["Цифровая таможня"]
    assert first.pages == 240
    assert article.language == "en"


def test_a_csv_in_windows_1251_is_detected_and_said():
    text = data("spreadsheet.csv").decode("utf-8-sig")
    parsed = read("spreadsheet.csv", text.encode("cp1251"))
    assert parsed.records[0].title == "Таможенная статистика внешней торговли"
    assert parsed.notes == ["The file was read as Windows-1251 (Cyrillic) text, not UTF-8."]


def test_csl_json():
    content = b"""[{"id": "a", "type": "book", "title": "Digital customs",
      "author": [{"family": "Moser", "given": "Sergei"}], "issued": {"date-parts": [[2019, 6, 1]]},
      "publisher": "RCA", "ISBN": "978-5-9590-1054-6", "language": "en", "number-of-pages": "180"},
      {"id": "b", "type": "thesis", "title": "T", "issued": {"date-parts": [[1700]]}}]"""
    good, bad = read("items.json", content).records
    assert (good.year, good.date, good.pages, good.publishers) == (2019, "2019-06-01", 180, ["RCA"])
    assert good.names[0].text == "Moser, Sergei"
    assert bad.errors == ["The year 1700 is out of range (1800–2100)."]
    assert "not known" in bad.warnings[0]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (";2019", "The title is missing."),
        ("T;", "The year is missing."),
        (
            "T;2019;978-5-9590-1054-7",
            "The ISBN 978-5-9590-1054-7 is not valid: its check digit does not match.",
        ),
        ("T;2019;;10.12/x", "The DOI 10.12/x is not valid: a DOI starts with 10. and a slash."),
        (
            "=cmd|' /C calc'!A0;2019",
            "The “title” cell starts like a spreadsheet formula (“=cmd|' /C ca…”); it was refused.",
        ),
        (
            "T;2019;@SUM(1+1)",
            "The “isbn” cell starts like a spreadsheet formula (“@SUM(1+1)…”); it was refused.",
        ),
    ],
)
def test_each_bad_record_says_why_with_its_line(row, error):
    parsed = read("t.csv", f"title;year;isbn;doi\n{row}\n".encode())
    record = parsed.records[0]
    assert error in record.errors
    assert record.where == "line 2, entry 2"


def test_broken_bibtex_keeps_the_good_entries_and_names_the_broken_line():
    content = (
        b"@book{a, title={One}, year=2001}\n\n"
        b"@book{b, title={Never closed, year=2002\n\n"
        b"@book{c, title={Three}, year=2003}\n"
    )
    parsed = read("x.bib", content)
    assert [r.key for r in parsed.records] == ["a", "c"]
    assert parsed.errors == [(3, "A brace is never closed.")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "x.bib",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "This is not a text file (it has binary content).",
        ),
        ("x.bib", b"", "The file is empty."),
        ("x.bib", b"just some words", "No record could be read from this BibTeX file."),
        (
            "x.ris",
            b"@book{a, title={T}, year=2001}",
            "The file is named like RIS but reads like BibTeX.",
        ),
        ("x.doc", b"hello", "The format is not recognised"),
        ("x.csv", b"\xff\xfe\x00b\x00a", "This is not a text file"),
    ],
)
def test_files_that_are_refused_whole(name, content, message):
    with pytest.raises(ValidationError) as caught:
        read(name, content)
    assert message in " ".join(caught.value.messages)


def test_limits(settings):
    settings.IMPORT_MAX_RECORDS = 2
    content = b"".join(b"@book{k%d, title={T%d}, year=2001}\n" % (i, i) for i in range(3))
    with pytest.raises(ValidationError, match="at most 2 are imported at once"):
        read("x.bib", content)
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="the largest accepted is 10"):
        read("x.bib", content)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_template_reads_as_one_good_record(language):
    from publications.formats import table

    [record] = read("template.csv", table.template(language).encode()).records
    assert record.errors == [] and record.warnings == []
    assert (record.title, record.year, record.names[0].text) == (
        "Цифровая таможня. Опыт ВТамО",
        2019,
        "Мозер, Сергей Александрович",
    )


def test_a_braced_corporate_author_is_not_made_a_person():
    content = (
        b"@report{wco, author={{World Customs Organization} and Mozer, S.}, "
        b"title={Digital Customs Maturity Model}, year=2019}"
    )
    [record] = read("x.bib", content).records
    assert [n.text for n in record.names] == ["Mozer, S."]
    assert record.warnings == [
        "“World Customs Organization” is an organisation, not a person: left out of the creators."
    ]


def test_a_table_of_more_than_20000_rows_is_refused_whole():
    content = "title,year\n" + "".join(f"Заглавие {n},2001\n" for n in range(20_001))
    with pytest.raises(ValidationError) as caught:
        read("big.csv", content.encode())
    assert caught.value.messages == [
        "The file has 20001 records; at most 20000 are imported at once: split it."
    ]
