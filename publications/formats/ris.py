"""RIS (Research Information Systems) records, UTF-8, one tag per line."""

from core.languages import translated
from publications.formats import common
from publications.models import Publication

EOL = "\r\n"  # the RIS specification ends every line with CR LF


def reference_type(publication):
    parent = common.container(publication)
    types = Publication.Type
    if publication.type in (types.MONOGRAPH, types.TEXTBOOK, types.COLLECTION):
        # An edited book (no authors of its own) lists its editors as its creators.
        return "BOOK" if common.authors(publication) or not _own_editors(publication) else "EDBOOK"
    if publication.type == types.PROCEEDINGS:
        return "CONF"
    if publication.type == types.REPORT:
        return "RPRT"
    if parent is not None:
        return "CPAPER" if parent.type == types.PROCEEDINGS else "CHAP"
    if publication.source_title:
        return "JOUR"
    return "GEN"


def _own_editors(publication):
    return common.editors(publication) or common.compilers(publication)


def _name(person, script):
    return common.inverted_name(person, script)


def _clean(value):
    """One line: RIS has no escaping, so line breaks become spaces."""
    return " ".join(str(value).split())


def tags(publication, *, url=""):
    """The record as (tag, value) pairs, TY first and ER last."""
    script = common.script(publication)
    language = common.text_language(publication)
    parent = common.container(publication)
    source = parent or publication
    source_script, source_language = common.script(source), common.text_language(source)
    title, subtitle = common.original_title(publication)
    pairs = [("TY", reference_type(publication))]
    kind = pairs[0][1]
    if kind == "EDBOOK":
        # The editors are the creators of an edited book (AU), as the RIS specification has it.
        pairs += [("AU", _name(person, script)) for person in _own_editors(publication)]
    else:
        pairs += [("AU", _name(person, script)) for person in common.authors(publication)]
        editors = common.editors(parent) if parent is not None else _own_editors(publication)
        pairs += [("A2", _name(person, source_script)) for person in editors]
    pairs += [("A4", _name(person, script)) for person in common.translators(publication)]
    pairs.append(("TI", f"{title}: {subtitle}" if subtitle else title))
    if parent is not None:
        parent_title, parent_subtitle = common.original_title(parent)
        full = f"{parent_title}: {parent_subtitle}" if parent_subtitle else parent_title
        pairs.append(("T2", full))
    elif publication.source_title:
        pairs.append(("T2", publication.source_title))
        if publication.source_volume:
            pairs.append(("VL", publication.source_volume))
        if publication.source_issue:
            pairs.append(("IS", publication.source_issue))
    series = translated(source, "series", source_language)
    if series:
        pairs.append(("T3", series))
    pairs.append(("PY", str(publication.year)))
    if publication.date:
        pairs.append(("DA", publication.date.strftime("%Y/%m/%d")))
    place = translated(source, "place", source_language)
    if place:
        pairs.append(("CY", place))
    publishers = common.publisher_names(source, source_language)
    if publishers:
        pairs.append(("PB", "; ".join(publishers)))
    first, last = common.page_range(publication)
    if first and common.is_part(publication):
        pairs.append(("SP", first))
        if last:
            pairs.append(("EP", last))
    elif publication.pages:
        pairs.append(("SP", str(publication.pages)))  # for a book, SP is the number of pages
    isbn = publication.isbn or (parent.isbn if parent is not None else "")
    if isbn:
        pairs.append(("SN", isbn))
    if publication.doi:
        pairs.append(("DO", publication.doi))
    if url:
        pairs.append(("UR", url))
    pairs.append(("LA", publication.language))
    pairs += [("KW", word) for word in common.keywords(publication, language)]
    abstract = translated(publication, "abstract", language)
    if abstract:
        pairs.append(("AB", abstract))
    pairs.append(("ER", ""))
    return [(tag, _clean(value)) for tag, value in pairs]


def record(publication, *, url=""):
    """One RIS record."""
    return "".join(
        f"{tag}  - {value}".rstrip() + EOL if tag != "ER" else "ER  - " + EOL
        for tag, value in tags(publication, url=url)
    )


def records(publications, *, url_for=None):
    """Many records, separated by a blank line."""
    return EOL.join(
        record(publication, url=url_for(publication) if url_for else "")
        for publication in publications
    )
