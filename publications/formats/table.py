"""The portal's CSV table of publications: the columns the list export writes and the import
reads, in that order, with their Russian and English headers.

One row per publication, people as "Family, Given Patronymic" joined by "; ", in the work's
own script; a cell that a spreadsheet would run as a formula is written with a leading
apostrophe, which the import takes off again.
"""

import csv
import io

from django.utils.translation import gettext_lazy as _

from core.languages import translated
from publications.formats import common

# (name, Russian header, English header, what goes in it)
COLUMNS = [
    (
        "type",
        "Тип",
        "Type",
        _("monograph, collection, article, textbook, proceedings, report, abstract (or its name)"),
    ),
    ("title", "Заглавие", "Title", _("the title in the language of the text (required)")),
    ("subtitle", "Подзаголовок", "Subtitle", _("what follows the title")),
    (
        "title_en",
        "Заглавие на английском",
        "English title",
        _("the English title of a work in Russian"),
    ),
    ("authors", "Авторы", "Authors", _("“Family, Given Patronymic”, separated by semicolons")),
    ("editors", "Редакторы", "Editors", _("as the authors")),
    ("compilers", "Составители", "Compilers", _("as the authors")),
    ("translators", "Переводчики", "Translators", _("as the authors")),
    ("year", "Год", "Year", _("four digits (required)")),
    ("date", "Дата", "Date", _("YYYY-MM-DD, when the full date is known")),
    ("language", "Язык", "Language", _("ru, en, fr, de, zh or other")),
    ("publishers", "Издательства", "Publishers", _("separated by semicolons")),
    ("place", "Место издания", "Place", _("the city")),
    ("pages", "Страниц", "Pages", _("the number of pages of a book")),
    ("isbn", "ISBN", "ISBN", _("ISBN-10 or ISBN-13, checked")),
    ("doi", "DOI", "DOI", _("10.xxxx/…, or its https://doi.org/ address")),
    ("edn", "EDN", "EDN", _("the eLibrary number, six letters")),
    ("udc", "УДК", "UDC", ""),
    ("bbk", "ББК", "BBK", ""),
    ("series", "Серия", "Series", ""),
    ("edition", "Издание", "Edition", _("as printed, e.g. 2nd ed.")),
    ("source_title", "Источник", "Printed in", _("the journal or book an article is printed in")),
    ("source_volume", "Том", "Volume", ""),
    ("source_issue", "Выпуск", "Issue", ""),
    ("source_pages", "Страницы", "Page range", _("e.g. 12–34")),
    ("abstract", "Аннотация", "Abstract", ""),
    ("keywords", "Ключевые слова", "Keywords", _("separated by commas")),
    ("topics", "Темы", "Topics", _("the portal's topics, separated by semicolons")),
    ("license", "Лицензия", "Licence", _("e.g. CC-BY-4.0")),
    ("file", "Файл", "File", _("the name of a PDF or EPUB in the ZIP uploaded with the table")),
    ("url", "Адрес", "URL", _("the page on the portal (written by the export, not read)")),
]
NAMES = [column[0] for column in COLUMNS]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def header(language="en"):
    return [column[1] if language == "ru" else column[2] for column in COLUMNS]


def neutralise(value):
    """A cell a spreadsheet would not run: "=1+2" is written "'=1+2"."""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _people(people, script):
    return "; ".join(common.inverted_name(person, script) for person in people)


def row(publication, *, url=""):
    """The publication's cells, by column name."""
    work = common.Facts(publication)
    title, subtitle = common.original_title(publication)
    language = common.text_language(publication)
    topics = sorted(publication.topics.all(), key=lambda topic: (topic.name, topic.pk))
    return {
        "type": publication.type,
        "title": title,
        "subtitle": subtitle,
        "title_en": common.english_title(publication) if language == "ru" else "",
        "authors": _people(work.authors, work.script),
        "editors": _people(work.editors, work.script),
        "compilers": _people(work.compilers, work.script),
        "translators": _people(work.translators, work.script),
        "year": publication.year,
        "date": publication.date.isoformat() if publication.date else "",
        "language": publication.language,
        "publishers": "; ".join(common.publisher_names(publication, language)),
        "place": translated(publication, "place", language),
        "pages": publication.pages or "",
        "isbn": publication.isbn,
        "doi": publication.doi,
        "edn": publication.edn,
        "udc": publication.udc,
        "bbk": publication.bbk,
        "series": translated(publication, "series", language),
        "edition": publication.edition,
        "source_title": publication.source_title,
        "source_volume": publication.source_volume,
        "source_issue": publication.source_issue,
        "source_pages": publication.source_pages,
        "abstract": translated(publication, "abstract", language),
        "keywords": ", ".join(common.keywords(publication, language)),
        "topics": "; ".join(translated(topic, "name", "ru") for topic in topics),
        "license": publication.license,
        "file": "",
        "url": url,
    }


def _line(cells):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()


def rows_parts(publications, *, url_for=None, language="en"):
    """The table a line at a time: the header, then one line per publication (UTF-8 with a
    byte-order mark, which spreadsheets need to read Cyrillic)."""
    yield "\ufeff" + _line(header(language))
    for publication in publications:
        cells = row(publication, url=url_for(publication) if url_for else "")
        yield _line([cells[name] for name in NAMES])


def rows(publications, *, url_for=None, language="en"):
    return "".join(rows_parts(publications, url_for=url_for, language=language))


def template(language="en"):
    """The header and one example row: the file the import page offers to fill in."""
    example = {
        "type": "monograph",
        "title": "Цифровая таможня. Опыт ВТамО",
        "title_en": "Digital Customs. WCO Experience",
        "authors": "Мозер, Сергей Александрович",
        "year": "2019",
        "language": "ru",
        "publishers": "Российская таможенная академия",
        "place": "Москва",
        "pages": "180",
        "isbn": "978-5-9590-1054-6",
        "keywords": "цифровая таможня, ВТамО",
        "file": "mozer-2019.pdf",
    }
    return "\ufeff" + _line(header(language)) + _line([example.get(name, "") for name in NAMES])
