"""References in APA style (7th edition), as plain text or as HTML with italics.

Names are given in Latin letters. A work not in English keeps its original title
(transliterated when Cyrillic) followed by the English title in square brackets, as APA 7
asks; titles keep the capitalisation they were entered with (automatic sentence case would
lower-case proper names such as "World Customs Organization").
"""

from django.utils.html import escape

from core import text
from core.languages import translated
from publications.formats import common
from publications.formats.genre import BOOKS, Genre, genre
from publications.models import Language

DASH = "–"


def name(person):
    """ "Mozer, S." """
    return common.name_with_initials(person, text.LATIN)


def name_initials_first(person):
    """ "S. Mozer", for editors of the book a chapter is in."""
    return common.name_with_initials(person, text.LATIN, initials_first=True)


def name_list(names):
    """APA's list: "A, & B"; "A, B, & C"; from 21 names the first 19, an ellipsis, the last."""
    if len(names) > 20:
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def editor_list(names):
    """Editors in the "In" clause: "A & B"; "A, B, & C"."""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _ends_sentence(text):
    return text.endswith((".", "?", "!"))


def _title_parts(publication):
    """(title as it is cited, English translation in brackets or "")."""
    full = common.joined_title(*common.original_title(publication))
    if publication.language == Language.ENGLISH:
        return full, ""
    if text.has_cyrillic(full):
        full = text.transliterate(full)
    english = common.english_title(publication)
    english_subtitle = translated(publication, "subtitle", "en", fallback=False)
    if english and english_subtitle:
        english = f"{english}: {english_subtitle}"
    return full, english if english and english != full else ""


def _segments(publication, *, url=""):
    """The reference as (text, italic) pieces."""
    work = common.Facts(publication)
    parent = work.parent
    authors = [name(person) for person in work.authors]
    own_editors = work.editors
    title, translation = _title_parts(publication)
    is_book = genre(publication) in BOOKS | {Genre.REPORT}
    italic_title = is_book or not work.is_part
    date = f"({publication.year})."
    pieces = []

    def title_pieces():
        out = [(title, italic_title)]
        if translation:
            out.append((f" [{translation}]", False))
        last = translation or title
        out.append(("" if _ends_sentence(last) and not translation else ".", False))
        return out

    if authors:
        creators = name_list(authors)
    elif own_editors and is_book:
        label = "Ed." if len(own_editors) == 1 else "Eds."
        creators = f"{name_list([name(p) for p in own_editors])} ({label})"
    else:
        creators = ""
    if creators:
        pieces.append((creators + ("" if creators.endswith(".") else ".") + " ", False))
        pieces.append((date + " ", False))
        pieces += title_pieces()
    else:  # no creator: the title takes the author's place
        pieces += title_pieces()
        pieces.append((" " + date, False))

    first, last = work.pages
    pages = f"{first}{DASH}{last}" if last else first
    if parent is not None:
        parent_title, parent_translation = _title_parts(parent)
        editors = [name_initials_first(person) for person in work.source_editors]
        pieces.append((" In ", False))
        if editors:
            label = "Ed." if len(editors) == 1 else "Eds."
            pieces.append((f"{editor_list(editors)} ({label}), ", False))
        pieces.append((parent_title, True))
        if parent_translation:
            pieces.append((f" [{parent_translation}]", False))
        if pages:
            pieces.append((f" ({'pp.' if last else 'p.'} {pages})", False))
        pieces.append((".", False))
        publishers = common.publisher_names(parent, "en")
    elif work.is_part:
        pieces.append((" ", False))
        pieces.append((publication.source_title, True))
        if publication.source_volume:
            pieces.append((", ", False))
            pieces.append((publication.source_volume, True))
        if publication.source_issue:
            pieces.append((f"({publication.source_issue})", False))
        if pages:
            pieces.append((f", {pages}", False))
        pieces.append((".", False))
        publishers = []
    else:
        publishers = common.publisher_names(publication, "en")

    if publishers:
        pieces.append((" " + "; ".join(publishers) + ".", False))
    link = common.doi_url(publication.doi) or url
    if link:
        pieces.append((" " + link, False))
    return pieces


def reference(publication, *, url=""):
    """The reference as plain text (italics lost)."""
    return "".join(text for text, _italic in _segments(publication, url=url))


def reference_html(publication, *, url=""):
    """The reference as HTML, titles of books and journals in <i>."""
    return "".join(
        f"<i>{escape(text)}</i>" if italic else escape(text)
        for text, italic in _segments(publication, url=url)
    )
