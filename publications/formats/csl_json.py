"""CSL-JSON (the Citation Style Language's data format), as read by Zotero, Pandoc, citeproc."""

import json

from core import text
from publications.formats import common
from publications.formats.genre import Genre, genre

ITEM_TYPES = {
    Genre.BOOK: "book",
    Genre.EDITED_BOOK: "book",
    Genre.COLLECTION: "book",
    Genre.PROCEEDINGS: "book",
    Genre.REPORT: "report",
    Genre.CHAPTER: "chapter",
    Genre.CONFERENCE_PAPER: "paper-conference",
    Genre.ARTICLE: "article-journal",
    Genre.OTHER: "document",
}


def item_type(publication):
    return ITEM_TYPES[genre(publication)]


def name(person, script):
    """CSL's name in two parts: {"family": "Мозер", "given": "Сергей Александрович"}."""
    parts = text.name_parts(person, script)
    result = {"family": parts.family}
    if parts.forenames:
        result["given"] = parts.forenames
    return result


def item(publication, *, url=""):
    """One CSL-JSON item as a dict."""
    work = common.Facts(publication)
    data = {"id": publication.slug, "type": item_type(publication)}

    roles = {
        "author": (work.authors, work.script),
        "editor": (work.source_editors, work.source_script),
        "compiler": (work.compilers, work.script),
        "translator": (work.translators, work.script),
    }
    for role, (people, role_script) in roles.items():
        if people:
            data[role] = [name(person, role_script) for person in people]

    data["title"] = work.full_title
    if work.parent is not None:
        data["container-title"] = work.parent_full_title
    elif publication.source_title:
        data["container-title"] = publication.source_title
        if publication.source_volume:
            data["volume"] = publication.source_volume
        if publication.source_issue:
            data["issue"] = publication.source_issue
    if work.series:
        data["collection-title"] = work.series
    if work.edition:
        data["edition"] = work.edition

    if publication.date:
        parts = [publication.date.year, publication.date.month, publication.date.day]
    else:
        parts = [publication.year]
    data["issued"] = {"date-parts": [parts]}
    if work.publishers:
        data["publisher"] = "; ".join(work.publishers)
    if work.place:
        data["publisher-place"] = work.place

    first, last = work.pages
    if first:
        data["page"] = f"{first}-{last}" if last else first
        data["page-first"] = first
    elif publication.pages:
        data["number-of-pages"] = str(publication.pages)
    if work.isbn:
        data["ISBN"] = work.isbn
    if publication.doi:
        data["DOI"] = publication.doi
    if url:
        data["URL"] = url
    if publication.license:
        data["license"] = publication.license
    if publication.edn:
        # CSL has no variable for it; a "key: value" line of the note is what Zotero and
        # citeproc-js read as an extra field.
        data["note"] = f"EDN: {publication.edn}"
    data["language"] = publication.language
    if work.keywords:
        data["keyword"] = ", ".join(work.keywords)
    if work.abstract:
        data["abstract"] = work.abstract
    return data


def dumps(publications, *, url_for=None):
    """A CSL-JSON document: always a list of items, UTF-8 text (no \\u escapes)."""
    items = [
        item(publication, url=url_for(publication) if url_for else "")
        for publication in publications
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def dumps_parts(publications, *, url_for=None):
    """``dumps()`` one item at a time, for a streamed download: the same text, joined.

    An item dumped alone is indented one level less than inside the list; JSON text holds no
    raw line breaks (they are escaped in strings), so indenting every line re-nests it.
    """
    opened = False
    for publication in publications:
        data = item(publication, url=url_for(publication) if url_for else "")
        text = json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield ("[\n  " if not opened else ",\n  ") + text
        opened = True
    yield "\n]\n" if opened else "[]\n"
