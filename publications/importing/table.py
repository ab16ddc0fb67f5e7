"""CSV tables read into records: the portal's columns, under English or Russian headers."""

import csv
import re

from django.utils import translation
from django.utils.translation import gettext as _

from publications.formats.table import COLUMNS, FORMULA_START, NAMES
from publications.importing import names
from publications.importing.records import (
    Record,
    clean_text,
    parse_date,
    parse_language,
    parse_year,
    split_list,
)
from publications.models import Authorship, Publication

ROLE_COLUMNS = {
    "authors": Authorship.Role.AUTHOR,
    "editors": Authorship.Role.EDITOR,
    "compilers": Authorship.Role.COMPILER,
    "translators": Authorship.Role.TRANSLATOR,
}
# Other headers spreadsheets use for the same columns.
ALIASES = {
    "название": "title",
    "наименование": "title",
    "заголовок": "title",
    "автор": "authors",
    "author": "authors",
    "редактор": "editors",
    "editor": "editors",
    "издательство": "publishers",
    "издатель": "publishers",
    "publisher": "publishers",
    "город": "place",
    "место": "place",
    "год издания": "year",
    "количество страниц": "pages",
    "объем": "pages",
    "объём": "pages",
    "тема": "topics",
    "ключевые слова": "keywords",
    "журнал": "source_title",
    "вид": "type",
    "вид издания": "type",
    "тип публикации": "type",
    "filename": "file",
    "файл pdf": "file",
}


def _key(text):
    return " ".join(re.sub(r"[^\w ]+", " ", str(text).lower().replace("ё", "е")).split())


HEADERS = {_key(alias): name for alias, name in ALIASES.items()}
for _name, _ru, _en, _help in COLUMNS:
    HEADERS[_key(_name)] = _name
    HEADERS[_key(_ru)] = _name
    HEADERS[_key(_en)] = _name


def _type_names():
    found = {}
    for value, label in Publication.Type.choices:
        found[value] = value
        for language in ("ru", "en"):
            with translation.override(language):
                found[_key(str(label))] = value
    found.update(
        {
            "книга": "monograph",
            "сборник": "collection",
            "book": "monograph",
            "статья в журнале": "article",
        }
    )
    return found


def parse_type(value):
    return _type_names().get(_key(value), "")


class _Dialect(csv.excel):
    pass


def _dialect(sample):
    """Commas, or the semicolons of a Russian spreadsheet, or tabs: whichever the header has
    most of (the csv module's sniffer guesses wrong on short, quote-less tables)."""
    first = sample.split("\n", 1)[0]
    dialect = type("Dialect", (_Dialect,), {"delimiter": max(",;\t", key=first.count)})
    return dialect


def _cell(value, column, record):
    value = str(value or "")
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]  # written so by a spreadsheet-safe export
    stripped = value.lstrip()
    if stripped.startswith(("=", "+", "@")) or re.match(r"^-\s*[^\d\s]", stripped):
        record.errors.append(
            _(
                "The “%(column)s” cell starts like a spreadsheet formula (“%(start)s…”); "
                "it was refused."
            )
            % {"column": column, "start": stripped[:12]}
        )
        return ""
    return value


def read(text):
    """Records and errors of a CSV table; its first row names the columns."""
    dialect = _dialect(text[:8192])
    reader = csv.reader(text.splitlines(keepends=True), dialect)
    try:
        head = next(reader)
    except StopIteration:
        return [], [(1, _("The table is empty."))]
    except csv.Error as error:
        return [], [(1, _("The table cannot be read: %(error)s.") % {"error": error})]
    columns = [HEADERS.get(_key(cell)) for cell in head]
    if "title" not in columns:
        return [], [
            (
                1,
                _(
                    "The first row must name the columns, a “title” (“Заглавие”) column among "
                    "them; found: %(found)s."
                )
                % {"found": ", ".join(cell for cell in head if cell)[:200] or "—"},
            )
        ]
    unknown = [cell for cell, name in zip(head, columns, strict=False) if name is None and cell]
    records, errors = [], []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            record = Record(key=str(reader.line_num), line=reader.line_num)
            values = {}
            for name, value in zip(columns, cells, strict=False):
                if name and name != "url":
                    values[name] = _cell(value, name, record)
            records.append(to_record(values, record))
    except csv.Error as error:
        errors.append(
            (reader.line_num, _("The table cannot be read: %(error)s.") % {"error": error})
        )
    if unknown and records:
        records[0].warnings.append(
            _("Columns not known and left out: %(names)s.") % {"names": ", ".join(unknown)[:200]}
        )
    return records, errors


def to_record(values, record):
    def get(name):
        return clean_text(values.get(name, ""))

    raw_type = get("type")
    record.type = parse_type(raw_type) if raw_type else ""
    if not record.type:
        record.type = (
            Publication.Type.ARTICLE if get("source_title") else Publication.Type.MONOGRAPH
        )
        if raw_type:
            record.warnings.append(
                _("The type “%(kind)s” is not known; imported as “%(type)s”.")
                % {"kind": raw_type, "type": Publication.Type(record.type).label}
            )
    for name in (
        "title", "subtitle", "title_en", "place", "isbn", "doi", "edn", "udc", "bbk", "series",
        "edition", "source_title", "source_volume", "source_issue", "source_pages", "license",
        "file",
    ):  # fmt: skip
        setattr(record, name, get(name))
    record.year = parse_year(get("year"))
    record.date = parse_date(get("date"))
    record.language = parse_language(get("language"))
    pages = re.sub(r"\D", "", get("pages").split(" ")[0]) if get("pages") else ""
    record.pages = int(pages) if pages and len(pages) < 7 else None
    record.abstract = str(values.get("abstract", "")).strip()
    record.keywords = split_list(get("keywords"), ",;")
    record.topics = split_list(get("topics"))
    record.publishers = split_list(get("publishers"))
    for column, role in ROLE_COLUMNS.items():
        for item in split_list(get(column)):
            name = names.parse(item, role)
            if name is not None:
                record.names.append(name)
    record.file = record.file.replace("\\", "/")
    return record


assert NAMES[0] == "type"
