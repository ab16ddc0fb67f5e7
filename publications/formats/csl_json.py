"""CSL-JSON (the Citation Style Language's data format), as read by Zotero, Pandoc, citeproc."""

import json

from core import text
from core.languages import translated
from publications.formats import common
from publications.models import Publication


def item_type(publication):
    parent = common.container(publication)
    types = Publication.Type
    if publication.type in (types.MONOGRAPH, types.TEXTBOOK, types.COLLECTION, types.PROCEEDINGS):
        return "book"
    if publication.type == types.REPORT:
        return "report"
    if parent is not None:
        return "paper-conference" if parent.type == types.PROCEEDINGS else "chapter"
    if publication.source_title:
        return "article-journal"
    return "document"


def name(person, script):
    """CSL's name in two parts: {"family": "Мозер", "given": "Сергей Александрович"}."""
    parts = text.name_parts(person, script)
    result = {"family": parts.family}
    if parts.forenames:
        result["given"] = parts.forenames
    return result


def item(publication, *, url=""):
    """One CSL-JSON item as a dict."""
    script = common.script(publication)
    language = common.text_language(publication)
    parent = common.container(publication)
    source = parent or publication
    source_script, source_language = common.script(source), common.text_language(source)
    title, subtitle = common.original_title(publication)
    data = {"id": publication.slug, "type": item_type(publication)}

    roles = {
        "author": (common.authors(publication), script),
        "editor": (common.editors(source), source_script),
        "compiler": (common.compilers(publication), script),
        "translator": (common.translators(publication), script),
    }
    for role, (people, role_script) in roles.items():
        if people:
            data[role] = [name(person, role_script) for person in people]

    data["title"] = f"{title}: {subtitle}" if subtitle else title
    if parent is not None:
        parent_title, parent_subtitle = common.original_title(parent)
        data["container-title"] = (
            f"{parent_title}: {parent_subtitle}" if parent_subtitle else parent_title
        )
    elif publication.source_title:
        data["container-title"] = publication.source_title
        if publication.source_volume:
            data["volume"] = publication.source_volume
        if publication.source_issue:
            data["issue"] = publication.source_issue
    series = translated(source, "series", source_language)
    if series:
        data["collection-title"] = series

    if publication.date:
        parts = [publication.date.year, publication.date.month, publication.date.day]
    else:
        parts = [publication.year]
    data["issued"] = {"date-parts": [parts]}
    publishers = common.publisher_names(source, source_language)
    if publishers:
        data["publisher"] = "; ".join(publishers)
    place = translated(source, "place", source_language)
    if place:
        data["publisher-place"] = place

    first, last = common.page_range(publication)
    if first and common.is_part(publication):
        data["page"] = f"{first}-{last}" if last else first
        data["page-first"] = first
    elif publication.pages:
        data["number-of-pages"] = str(publication.pages)
    isbn = publication.isbn or (parent.isbn if parent is not None else "")
    if isbn:
        data["ISBN"] = isbn
    if publication.doi:
        data["DOI"] = publication.doi
    if url:
        data["URL"] = url
    data["language"] = publication.language
    keywords = common.keywords(publication, language)
    if keywords:
        data["keyword"] = ", ".join(keywords)
    abstract = translated(publication, "abstract", language)
    if abstract:
        data["abstract"] = abstract
    return data


def dumps(publications, *, url_for=None):
    """A CSL-JSON document: always a list of items, UTF-8 text (no \\u escapes)."""
    items = [
        item(publication, url=url_for(publication) if url_for else "")
        for publication in publications
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
