"""What kind of work a publication is, decided once for every format.

Each format maps the genre to its own vocabulary (BibTeX entry types, RIS types, CSL types,
schema.org types, the OpenAIRE vocabulary) instead of deciding it again from the type. Only
what a genre does not say is still read from the type: GOST's designation ("монография",
"учебник") and OAI-PMH's conferenceObject for an abstract.
"""

import enum

from publications.formats import common
from publications.models import Publication


class Genre(enum.StrEnum):
    BOOK = "book"  # a whole volume by its authors
    EDITED_BOOK = "edited-book"  # a monograph or textbook with editors and no authors
    COLLECTION = "collection"  # a collection of works, with no overall author
    PROCEEDINGS = "proceedings"
    REPORT = "report"
    CHAPTER = "chapter"  # printed in a (published) collection or other volume
    CONFERENCE_PAPER = "conference-paper"  # printed in published proceedings
    ARTICLE = "article"  # printed in a periodical (its source title)
    OTHER = "other"


# Whole volumes: a book, whoever its creators are.
BOOKS = frozenset({Genre.BOOK, Genre.EDITED_BOOK, Genre.COLLECTION, Genre.PROCEEDINGS})
# Parts of a published volume.
PARTS = frozenset({Genre.CHAPTER, Genre.CONFERENCE_PAPER})

_VOLUMES = {
    Publication.Type.MONOGRAPH,
    Publication.Type.TEXTBOOK,
    Publication.Type.COLLECTION,
}


def genre(publication):
    """The genre, from the type, the host volume, and whether authors or editors are credited.

    A monograph or textbook is a book, or an edited book when it credits editors (or compilers)
    and no author. A collection is a collection, unless it has authors of its own (a collection
    of one author's articles is that author's book). Proceedings and reports are what their type
    says. Anything else is a part of the published volume it is printed in (a conference paper
    when that volume is proceedings, a chapter otherwise), an article when it names the
    periodical, and "other" failing both.
    """
    types = Publication.Type
    if publication.type in _VOLUMES:
        if common.authors(publication):
            return Genre.BOOK
        if publication.type == types.COLLECTION:
            return Genre.COLLECTION
        if common.editors(publication) or common.compilers(publication):
            return Genre.EDITED_BOOK
        return Genre.BOOK
    if publication.type == types.PROCEEDINGS:
        return Genre.PROCEEDINGS
    if publication.type == types.REPORT:
        return Genre.REPORT
    parent = common.container(publication)
    if parent is not None:
        return Genre.CONFERENCE_PAPER if parent.type == types.PROCEEDINGS else Genre.CHAPTER
    if publication.source_title:
        return Genre.ARTICLE
    return Genre.OTHER
