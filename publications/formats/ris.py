"""RIS (Research Information Systems) records, UTF-8, one tag per line."""

from publications.formats import common
from publications.formats.genre import Genre, genre

EOL = "\r\n"  # the RIS specification ends every line with CR LF

REFERENCE_TYPES = {
    Genre.BOOK: "BOOK",
    Genre.EDITED_BOOK: "EDBOOK",
    Genre.COLLECTION: "EDBOOK",
    Genre.PROCEEDINGS: "CONF",
    Genre.REPORT: "RPRT",
    Genre.CHAPTER: "CHAP",
    Genre.CONFERENCE_PAPER: "CPAPER",
    Genre.ARTICLE: "JOUR",
    Genre.OTHER: "GEN",
}


def reference_type(publication):
    return REFERENCE_TYPES[genre(publication)]


def _clean(value):
    """One line: RIS has no escaping, so line breaks become spaces."""
    return " ".join(str(value).split())


def tags(publication, *, url=""):
    """The record as (tag, value) pairs, TY first and ER last."""
    work = common.Facts(publication)
    kind = reference_type(publication)
    pairs = [("TY", kind)]
    own_editors = work.editors or work.compilers
    if kind == "EDBOOK":
        # The editors are the creators of an edited book (AU), as the RIS specification has it.
        pairs += [("AU", common.inverted_name(person, work.script)) for person in own_editors]
    else:
        pairs += [("AU", common.inverted_name(person, work.script)) for person in work.authors]
        editors = work.source_editors if work.parent is not None else own_editors
        pairs += [("A2", common.inverted_name(person, work.source_script)) for person in editors]
    pairs += [("A4", common.inverted_name(person, work.script)) for person in work.translators]
    pairs.append(("TI", work.full_title))
    if work.parent is not None:
        pairs.append(("T2", work.parent_full_title))
    elif publication.source_title:
        pairs.append(("T2", publication.source_title))
        if publication.source_volume:
            pairs.append(("VL", publication.source_volume))
        if publication.source_issue:
            pairs.append(("IS", publication.source_issue))
    if work.series:
        pairs.append(("T3", work.series))
    if work.edition:
        pairs.append(("ET", work.edition))
    pairs.append(("PY", str(publication.year)))
    if publication.date:
        pairs.append(("DA", publication.date.strftime("%Y/%m/%d")))
    if work.place:
        pairs.append(("CY", work.place))
    if work.publishers:
        pairs.append(("PB", "; ".join(work.publishers)))
    first, last = work.pages
    if first:
        pairs.append(("SP", first))
        if last:
            pairs.append(("EP", last))
    elif publication.pages:
        pairs.append(("SP", str(publication.pages)))  # for a book, SP is the number of pages
    if work.isbn:
        pairs.append(("SN", work.isbn))
    if publication.doi:
        pairs.append(("DO", publication.doi))
    if publication.edn:
        # The eLibrary document number is the work's accession number in that database.
        pairs.append(("DB", "eLibrary.ru"))
        pairs.append(("AN", publication.edn))
    if url:
        pairs.append(("UR", url))
    pairs.append(("LA", publication.language))
    pairs += [("KW", word) for word in work.keywords]
    if work.abstract:
        pairs.append(("AB", work.abstract))
    if publication.license:
        # RIS has no licence tag; a note is what reference managers keep and show.
        pairs.append(("N1", f"License: {publication.license}"))
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
    return "".join(record_parts(publications, url_for=url_for))


def record_parts(publications, *, url_for=None):
    """``records()`` one record at a time, for a streamed download (joined, the same text)."""
    for number, publication in enumerate(publications):
        url = url_for(publication) if url_for else ""
        yield (EOL if number else "") + record(publication, url=url)
