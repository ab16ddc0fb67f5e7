"""BibTeX for biblatex: UTF-8 text (Cyrillic as is), LaTeX special characters escaped.

biblatex with biber reads UTF-8 natively, and biblatex-gost typesets Russian references from
it, so letters are not turned into LaTeX accent macros; only the characters LaTeX treats
specially are escaped, and capitalised abbreviations are braced so styles keep their case.
"""

import re
import unicodedata

from core import text
from publications.formats import common
from publications.formats.genre import Genre, genre
from publications.models import Language

LANGIDS = {
    Language.RUSSIAN: "russian",
    Language.ENGLISH: "english",
    Language.FRENCH: "french",
    Language.GERMAN: "german",
    Language.CHINESE: "chinese",
}

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_ABBREVIATION = re.compile(r"\b\w*[A-ZА-ЯЁ]\w*[A-ZА-ЯЁ]\w*")


def escape(text):
    """Escape the characters LaTeX treats specially; letters stay UTF-8."""
    return "".join(_SPECIAL.get(char, char) for char in text)


def escape_title(text):
    """Escape, then brace abbreviations such as WCO or ВТамО so that styles keep their case."""
    return _ABBREVIATION.sub(lambda match: "{" + match.group(0) + "}", escape(text))


def _protect_and(value):
    """A name or organisation containing " and " is braced so it stays one item."""
    return "{" + value + "}" if re.search(r"\band\b", value) else value


ENTRY_TYPES = {
    Genre.BOOK: "book",
    Genre.EDITED_BOOK: "book",
    Genre.COLLECTION: "collection",
    Genre.PROCEEDINGS: "proceedings",
    Genre.REPORT: "report",
    Genre.CHAPTER: "incollection",
    Genre.CONFERENCE_PAPER: "inproceedings",
    Genre.ARTICLE: "article",
    Genre.OTHER: "misc",
}


def name(person, script):
    return escape(common.inverted_name(person, script))


def names(people, script):
    return " and ".join(_protect_and(name(person, script)) for person in people)


def entry_type(publication):
    return ENTRY_TYPES[genre(publication)]


def _ascii_word(word):
    # Romanised first (BGN/PCGN: "ё" is "yo"), then any accent that is left is dropped.
    word = unicodedata.normalize("NFKD", text.transliterate(word))
    return re.sub(r"[^a-z0-9]", "", word.encode("ascii", "ignore").decode().lower())


def citation_key(publication):
    """A readable key: first creator's family name, year, first word of the title."""
    people = common.authors(publication) or common.editors(publication)
    family = text.name_parts(people[0], text.LATIN).family if people else ""
    title = common.english_title(publication) or common.original_title(publication)[0]
    words = [_ascii_word(word) for word in title.split()]
    words = [word for word in words if len(word) > 3] or [word for word in words if word]
    key = f"{_ascii_word(family)}{publication.year}{words[0] if words else ''}"
    return key or f"publication{publication.pk}"


def fields(publication, *, url=""):
    """The entry's fields as (name, value) pairs, values already escaped."""
    work = common.Facts(publication)
    pairs = []

    if work.authors:
        pairs.append(("author", names(work.authors, work.script)))
    if work.source_editors:
        pairs.append(("editor", names(work.source_editors, work.source_script)))
    elif work.compilers:
        pairs.append(("editor", names(work.compilers, work.script)))
        pairs.append(("editortype", "compiler"))
    if work.translators:
        pairs.append(("translator", names(work.translators, work.script)))

    pairs.append(("title", escape_title(work.title)))
    if work.subtitle:
        pairs.append(("subtitle", escape_title(work.subtitle)))
    if work.parent is not None:
        pairs.append(("booktitle", escape_title(work.parent_title)))
        if work.parent_subtitle:
            pairs.append(("booksubtitle", escape_title(work.parent_subtitle)))
    elif publication.source_title:
        pairs.append(("journaltitle", escape_title(publication.source_title)))
        if publication.source_volume:
            pairs.append(("volume", escape(publication.source_volume)))
        if publication.source_issue:
            pairs.append(("number", escape(publication.source_issue)))

    if work.series:
        pairs.append(("series", escape(work.series)))
    if work.edition:
        pairs.append(("edition", escape(work.edition)))
    if work.publishers:
        label = "institution" if genre(publication) == Genre.REPORT else "publisher"
        pairs.append((label, " and ".join(_protect_and(escape(p)) for p in work.publishers)))
    if work.place:
        pairs.append(("location", escape(work.place)))
    pairs.append(("year", str(publication.year)))
    if publication.date:
        pairs.append(("date", publication.date.isoformat()))

    first, last = work.pages
    if first:
        pairs.append(("pages", f"{first}--{last}" if last else first))
    elif publication.pages:
        pairs.append(("pagetotal", str(publication.pages)))
    if work.isbn:
        pairs.append(("isbn", work.isbn))
    if publication.doi:
        pairs.append(("doi", escape(publication.doi)))
    if publication.edn:
        # biblatex prints an eprint of a type it has no macro for as "EDN: ABCDEF".
        pairs.append(("eprint", publication.edn))
        pairs.append(("eprinttype", "EDN"))
    if url:
        pairs.append(("url", url))
    if publication.license:
        # No standard field in BibTeX or biblatex: "license" is the name tools that know one use.
        pairs.append(("license", publication.license))
    if publication.language in LANGIDS:
        pairs.append(("langid", LANGIDS[publication.language]))
    if work.keywords:
        pairs.append(("keywords", escape(", ".join(work.keywords))))
    if work.abstract:
        pairs.append(("abstract", escape(" ".join(work.abstract.split()))))
    return pairs


def entry(publication, *, url="", key=None):
    """One BibTeX entry."""
    key = key or citation_key(publication)
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields(publication, url=url))
    return f"@{entry_type(publication)}{{{key},\n{body}}}\n"


def bibliography(publications, *, url_for=None):
    """Many entries, their keys made unique with a letter suffix (mozer2019digitala, ...b)."""
    return "".join(bibliography_parts(publications, url_for=url_for))


def bibliography_parts(publications, *, url_for=None):
    """``bibliography()`` one entry at a time, for a streamed download (joined, the same text)."""
    seen = {}
    for number, publication in enumerate(publications):
        key = citation_key(publication)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            key = f"{key}{_suffix(count)}"
        url = url_for(publication) if url_for else ""
        yield ("\n" if number else "") + entry(publication, url=url, key=key)


def _suffix(number):
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
