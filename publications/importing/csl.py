"""CSL-JSON items (Zotero, Pandoc, citeproc, the portal's own export) read into records."""

import json

from django.utils.translation import gettext as _

from publications.importing import names
from publications.importing.records import (
    Name,
    Record,
    clean_text,
    parse_language,
    parse_pages,
    parse_year,
    split_list,
)
from publications.models import Authorship, Publication

Type = Publication.Type
ITEM_TYPES = {
    "book": Type.MONOGRAPH,
    "report": Type.REPORT,
    "chapter": Type.ARTICLE,
    "paper-conference": Type.ARTICLE,
    "article-journal": Type.ARTICLE,
    "article-magazine": Type.ARTICLE,
    "article-newspaper": Type.ARTICLE,
    "article": Type.ARTICLE,
    "entry-encyclopedia": Type.ARTICLE,
}
ROLES = {
    "author": Authorship.Role.AUTHOR,
    "editor": Authorship.Role.EDITOR,
    "compiler": Authorship.Role.COMPILER,
    "translator": Authorship.Role.TRANSLATOR,
}


class CSLError(ValueError):
    pass


def _name(data, role):
    if isinstance(data, str):
        return names.parse(data, role)
    if not isinstance(data, dict):
        return None
    if data.get("literal"):
        return names.parse(str(data["literal"]), role)
    family = clean_text(" ".join(str(data.get(k, "")) for k in ("non-dropping-particle", "family")))
    if not family:
        return None
    parsed = names.parse(f"{family}, {clean_text(data.get('given', ''))}", role)
    return parsed or Name(family, role=role)


def _text(item, *keys):
    for key in keys:
        value = item.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value not in (None, ""):
            return clean_text(value)
    return ""


def _issued(item):
    issued = item.get("issued") or {}
    if isinstance(issued, dict):
        parts = issued.get("date-parts") or []
        if parts and isinstance(parts[0], list) and parts[0]:
            date = parts[0]
            year = parse_year(date[0])
            full = ""
            if len(date) == 3:
                try:
                    year_, month, day = (int(p) for p in date)
                    full = f"{year_:04d}-{month:02d}-{day:02d}"
                except (TypeError, ValueError):
                    full = ""
            return year, full
        return parse_year(issued.get("raw") or issued.get("literal")), ""
    return parse_year(issued), ""


def to_record(item, number):
    record = Record(key=clean_text(item.get("id", "")) or str(number), line=0)
    kind = _text(item, "type")
    record.type = ITEM_TYPES.get(kind, "")
    host = _text(item, "container-title")
    if not record.type:
        record.type = Type.ARTICLE if host else Type.MONOGRAPH
        record.warnings.append(
            _("The item type “%(kind)s” is not known; imported as “%(type)s”.")
            % {"kind": kind, "type": Type(record.type).label}
        )
    creators = {
        role: [n for n in (_name(d, ROLES[role]) for d in item.get(role) or []) if n]
        for role in ROLES
        if isinstance(item.get(role), list)
    }
    if record.type == Type.MONOGRAPH and not creators.get("author") and creators.get("editor"):
        record.type = Type.COLLECTION
    record.names = [name for people in creators.values() for name in people]
    if record.type == Type.ARTICLE:
        record.source_title = host
        record.names = [n for n in record.names if n.role != Authorship.Role.EDITOR]
    record.title = _text(item, "title")
    record.series = _text(item, "collection-title")
    record.edition = _text(item, "edition")
    record.source_volume = _text(item, "volume")
    record.source_issue = _text(item, "issue")
    record.year, record.date = _issued(item)
    record.publishers = split_list(_text(item, "publisher"))
    record.place = _text(item, "publisher-place")
    page = _text(item, "page")
    if page:
        record.source_pages = "–".join(part for part in parse_pages(page) if part)
    pages = _text(item, "number-of-pages")
    record.pages = int(pages) if pages.isdigit() else None
    record.isbn = _text(item, "ISBN")
    record.doi = _text(item, "DOI")
    record.license = _text(item, "license")
    record.language = parse_language(_text(item, "language"))
    keywords = item.get("keyword") or ""
    record.keywords = split_list(
        keywords if isinstance(keywords, str) else ",".join(keywords), ",;"
    )
    record.abstract = str(item.get("abstract") or "").strip()
    return record


def read(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [(error.lineno, _("This is not valid JSON: %(error)s.") % {"error": error.msg})]
    if isinstance(data, dict):
        data = data.get("items", [data])
    if not isinstance(data, list):
        return [], [(1, _("CSL-JSON is a list of items."))]
    records, errors = [], []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            errors.append((0, _("Item %(number)s is not an object.") % {"number": number}))
            continue
        records.append(to_record(item, number))
    return records, errors
