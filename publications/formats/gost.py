"""Bibliographic records to GOST R 7.0.100-2018, the Russian standard for reference lists.

A Russian-language work is described in Cyrillic with Russian descriptors; a work in any
other language in Latin letters with English ones ("[S. l.]", "p.", "Text : unmediated").
Areas are separated by ". – " (full stop, en dash), as the standard prescribes.
"""

import datetime

from core import text
from core.languages import translated
from publications.formats import common
from publications.models import Publication

DASH = "–"
SEPARATOR = f". {DASH} "

LABELS = {
    text.CYRILLIC: {
        "no_place": "[Б. м.]",
        "no_publisher": "[б. и.]",
        "no_place_publisher": "[Б. м. : б. и.]",
        "et_al": "[и др.]",
        "pages_total": "{} с.",
        "pages": "С. {}",
        "volume": "Т. {}",
        "issue": "№ {}",
        "print": "Текст : непосредственный",
        "electronic": "Текст : электронный",
        "accessed": "дата обращения",
        "editor": "ответственный редактор {}",
        "editors": "редакционная коллегия: {}",
        "compiler": "составитель {}",
        "compilers": "составители: {}",
        "translator": "перевод {}",
        "translators": "перевод: {}",
        Publication.Type.MONOGRAPH: "монография",
        Publication.Type.TEXTBOOK: "учебник",
        Publication.Type.COLLECTION: "сборник статей",
        Publication.Type.PROCEEDINGS: "материалы конференции",
    },
    text.LATIN: {
        "no_place": "[S. l.]",
        "no_publisher": "[s. n.]",
        "no_place_publisher": "[S. l. : s. n.]",
        "et_al": "[et al.]",
        "pages_total": "{} p.",
        "pages": "P. {}",
        "volume": "Vol. {}",
        "issue": "no. {}",
        "print": "Text : unmediated",
        "electronic": "Text : electronic",
        "accessed": "date of access",
        "editor": "edited by {}",
        "editors": "edited by {}",
        "compiler": "compiled by {}",
        "compilers": "compiled by {}",
        "translator": "translated by {}",
        "translators": "translated by {}",
        Publication.Type.MONOGRAPH: "monograph",
        Publication.Type.TEXTBOOK: "textbook",
        Publication.Type.COLLECTION: "collection of articles",
        Publication.Type.PROCEEDINGS: "conference proceedings",
    },
}


def heading_name(person, script):
    """The heading form: "Мозер, С." (family name, comma, initials)."""
    return common.name_with_initials(person, script)


def statement_name(person, script):
    """The form after the slash: "С. Мозер" (initials first)."""
    return common.name_with_initials(person, script, initials_first=True)


def _people(people, script):
    return ", ".join(statement_name(person, script) for person in people)


def _role_statement(people, script, single, plural):
    labels = LABELS[script]
    if not people:
        return ""
    return labels[single if len(people) == 1 else plural].format(_people(people, script))


def _join(areas, separator=SEPARATOR):
    """Join areas with the separator, never doubling a full stop an area already ends with."""
    text = ""
    for area in areas:
        if not area:
            continue
        if not text:
            text = area
        elif text.endswith((".", "?", "!")):
            text += separator[1:] + area
        else:
            text += separator + area
    return text


def _end(text):
    return text if text.endswith((".", "?", "!")) else text + "."


def _title_area(work, script, *, designation=True):
    """Heading, title, other title information and the statement of responsibility."""
    labels = LABELS[script]
    authors = work.authors
    heading = heading_name(authors[0], script) if 1 <= len(authors) <= 3 else ""
    body = work.title
    if work.subtitle:
        body += f" : {work.subtitle}"
    # The designation says what the work is ("монография", "учебник"): its type, not its genre.
    if designation and work.publication.type in labels:
        body += f" : {labels[work.publication.type]}"
    responsibility = []
    if len(authors) >= 5:
        responsibility.append(f"{_people(authors[:3], script)} {labels['et_al']}")
    elif authors:
        responsibility.append(_people(authors, script))
    for single, plural, people in (
        ("editor", "editors", work.editors),
        ("compiler", "compilers", work.compilers),
        ("translator", "translators", work.translators),
    ):
        statement = _role_statement(people, script, single, plural)
        if statement:
            responsibility.append(statement)
    if responsibility:
        body += " / " + " ; ".join(responsibility)
    return f"{heading} {body}" if heading else body


def _publication_area(publication, script):
    labels = LABELS[script]
    language = common.text_language(publication)
    place = translated(publication, "place", language)
    publishers = common.publisher_names(publication, language)
    if not place and not publishers:
        where = labels["no_place_publisher"]
    else:
        names = " : ".join(publishers) or labels["no_publisher"]
        where = f"{place or labels['no_place']} : {names}"
    return f"{where}, {publication.year}"


def _identifiers(publication, script):
    labels = LABELS[script]
    language = common.text_language(publication)
    areas = []
    if publication.pages:
        areas.append(labels["pages_total"].format(publication.pages))
    series = translated(publication, "series", language)
    if series:
        areas.append(f"({series})")
    return areas


def _content_and_access(script, url, accessed):
    labels = LABELS[script]
    if not url:
        return [labels["print"]]
    accessed = accessed or datetime.date.today()
    return [
        labels["electronic"],
        f"URL: {url} ({labels['accessed']}: {accessed:%d.%m.%Y})",
    ]


def _pages(work, script):
    first, last = work.pages
    if not first:
        return ""
    return LABELS[script]["pages"].format(f"{first}{DASH}{last}" if last else first)


def reference(publication, *, url="", accessed=None):
    """The full reference as plain text.

    Without ``url`` the work is described as printed ("Текст : непосредственный"); with it, as
    an electronic resource with its address and the date of access (``accessed``, today by
    default).
    """
    work = common.Facts(publication)
    script = work.script
    labels = LABELS[script]
    standard = []
    if publication.isbn:
        standard.append(f"ISBN {publication.isbn}")
    if publication.doi:
        standard.append(f"DOI {publication.doi}")
    content = _content_and_access(script, url, accessed)

    if work.parent is not None:
        # The host is described in its own language, whatever the article's.
        volume = common.Facts(work.parent)
        host = _join(
            [
                _title_area(volume, volume.script),
                work.parent.edition,
                _publication_area(work.parent, volume.script),
                f"ISBN {work.parent.isbn}" if work.parent.isbn else "",
                _pages(work, volume.script),
            ]
        )
        own = _join([_title_area(work, script, designation=False), content[0]])
        doi = f"DOI {publication.doi}" if publication.doi else ""
        return _end(_join([f"{own} // {host}", doi, *content[1:]]))

    if work.is_part:
        journal = publication.source_title
        numbering = ", ".join(
            part
            for part in (
                publication.source_volume and labels["volume"].format(publication.source_volume),
                publication.source_issue and labels["issue"].format(publication.source_issue),
            )
            if part
        )
        host = _join([journal, str(publication.year), numbering, _pages(work, script)])
        own = _join([_title_area(work, script, designation=False), content[0]])
        doi = f"DOI {publication.doi}" if publication.doi else ""
        return _end(_join([f"{own} // {host}", doi, *content[1:]]))

    areas = [
        _title_area(work, script),
        publication.edition,  # the edition area, as printed
        _publication_area(publication, script),
        *_identifiers(publication, script),
        *standard,
        *content,
    ]
    return _end(_join(areas))
