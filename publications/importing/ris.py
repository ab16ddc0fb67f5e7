"""RIS records (library catalogues, EndNote, Zotero, Mendeley) read into records."""

import re

from django.utils.translation import gettext as _

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

Type = Publication.Type
REFERENCE_TYPES = {
    "BOOK": Type.MONOGRAPH,
    "EBOOK": Type.MONOGRAPH,
    "EDBOOK": Type.COLLECTION,
    "ANTH": Type.COLLECTION,
    "CONF": Type.PROCEEDINGS,
    "RPRT": Type.REPORT,
    "CHAP": Type.ARTICLE,
    "ECHAP": Type.ARTICLE,
    "CPAPER": Type.ARTICLE,
    "JOUR": Type.ARTICLE,
    "EJOUR": Type.ARTICLE,
    "MGZN": Type.ARTICLE,
    "NEWS": Type.ARTICLE,
    "ABST": Type.ABSTRACT,
}
_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
AUTHORS = {"AU", "A1"}
EDITORS = {"A2", "ED", "A3"}


def _tags(text):
    """Records as lists of (tag, value, line); a line that is not a tag continues the last."""
    record, start = None, 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip().lstrip("\ufeff")
        match = _TAG.match(line)
        if not match:
            if record and record[-1] and line.strip():
                tag, value, at = record[-1]
                record[-1] = (tag, f"{value} {line.strip()}", at)
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            record, start = [(tag, value, number)], number
        elif record is None:
            yield None, number
        elif tag == "ER":
            yield record, start
            record = None
        else:
            record.append((tag, value, number))
    if record:
        yield record, start


def to_record(tags, line, number):
    values = {}
    for tag, value, _at in tags:
        values.setdefault(tag, []).append(value)

    def first(*names_):
        for name in names_:
            for value in values.get(name, []):
                if value:
                    return clean_text(value)
        return ""

    kind = first("TY").upper()
    record = Record(key=first("ID") or str(number), line=line)
    record.type = REFERENCE_TYPES.get(kind, "")
    host = first("T2", "JO", "JF", "JA", "BT")
    if not record.type:
        record.type = Type.ARTICLE if host else Type.MONOGRAPH
        record.warnings.append(
            _("The reference type “%(kind)s” is not known; imported as “%(type)s”.")
            % {"kind": kind, "type": Type(record.type).label}
        )
    record.title = first("TI", "T1", "CT")
    if kind == "BOOK" and not record.title:
        record.title = first("BT")
    if record.type in (Type.ARTICLE, Type.ABSTRACT):
        record.source_title = host
    record.series = first("T3")
    record.edition = first("ET")
    record.source_volume = first("VL")
    record.source_issue = first("IS")
    record.year = parse_year(first("PY", "Y1", "DA"))
    record.date = parse_date(first("DA", "Y1"))
    creators = []
    for tag, value, _at in tags:
        if tag in AUTHORS:
            role = Authorship.Role.EDITOR if kind == "EDBOOK" else Authorship.Role.AUTHOR
        elif tag in EDITORS and record.type != Type.ARTICLE:
            role = Authorship.Role.EDITOR
        elif tag == "A4":
            role = Authorship.Role.TRANSLATOR
        else:
            continue
        name = names.parse(value, role)
        if name is not None:
            creators.append(name)
    record.names = creators
    record.publishers = [p for v in values.get("PB", []) for p in split_list(v)]
    record.place = first("CY", "PP")
    start, end = first("SP"), first("EP")
    if record.type in (Type.ARTICLE, Type.ABSTRACT):
        record.source_pages = f"{start}–{end}" if start and end else start
    elif start.isdigit():
        record.pages = int(start)
    else:
        digits = re.search(r"(\d+)\s*(?:с|p|pp|стр)\b", start)
        record.pages = int(digits.group(1)) if digits else None
    record.isbn = first("SN")
    if re.fullmatch(r"\d{4}-\d{3}[\dXx]", record.isbn):
        record.isbn = ""  # an ISSN, not a book's number
    record.doi = first("DO")
    record.language = parse_language(first("LA"))
    record.keywords = [k for value in values.get("KW", []) for k in split_list(value, ";,")]
    record.abstract = first("AB", "N2")
    record.file = first("L1").replace("\\", "/").rsplit("/", 1)[-1]
    if record.file.startswith("file:"):
        record.file = record.file[5:]
    return record


def read(text):
    records, errors = [], []
    number = 0
    for tags, line in _tags(text):
        if tags is None:
            errors.append((line, _("A tag outside any record (a record starts with TY).")))
            continue
        number += 1
        records.append(to_record(tags, line, number))
    if not records and not errors:
        errors.append((1, _("No RIS record found (each starts with “TY  - ”).")))
    return records, errors
