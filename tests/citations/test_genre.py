"""One genre per publication, decided once, and every format's word for each genre."""

import pytest

from publications.formats import bibtex, csl_json, jsonld, ris
from publications.formats.genre import BOOKS, PARTS, Genre, genre
from publications.formats.queries import for_citation
from publications.models import Authorship, Publication
from publications.oai import metadata
from tests.people.factories import PersonFactory
from tests.publications.factories import AuthorshipFactory, PublicationFactory

Type = Publication.Type
Role = Authorship.Role


def make(type, *, roles=(), parent=None, source_title=""):
    publication = PublicationFactory(type=type, parent=parent, source_title=source_title)
    for order, role in enumerate(roles):
        AuthorshipFactory(publication=publication, person=PersonFactory(), role=role, order=order)
    return for_citation(Publication.objects.all()).get(pk=publication.pk)


@pytest.mark.django_db
class TestGenre:
    @pytest.mark.parametrize("type", [Type.MONOGRAPH, Type.TEXTBOOK])
    def test_a_monograph_or_textbook_by_its_authors_is_a_book(self, type):
        assert genre(make(type, roles=[Role.AUTHOR])) == Genre.BOOK
        assert genre(make(type, roles=[Role.AUTHOR, Role.EDITOR])) == Genre.BOOK
        assert genre(make(type)) == Genre.BOOK

    @pytest.mark.parametrize("role", [Role.EDITOR, Role.COMPILER])
    def test_a_monograph_with_editors_and_no_author_is_an_edited_book(self, role):
        assert genre(make(Type.MONOGRAPH, roles=[role])) == Genre.EDITED_BOOK
        assert genre(make(Type.TEXTBOOK, roles=[role, Role.TRANSLATOR])) == Genre.EDITED_BOOK

    def test_a_collection_without_authors_is_a_collection(self):
        assert genre(make(Type.COLLECTION, roles=[Role.EDITOR])) == Genre.COLLECTION
        assert genre(make(Type.COLLECTION)) == Genre.COLLECTION

    def test_a_collection_of_one_authors_articles_is_a_book(self):
        assert genre(make(Type.COLLECTION, roles=[Role.AUTHOR])) == Genre.BOOK

    def test_proceedings_and_reports_are_what_their_type_says(self):
        assert genre(make(Type.PROCEEDINGS, roles=[Role.EDITOR])) == Genre.PROCEEDINGS
        assert genre(make(Type.REPORT, roles=[Role.AUTHOR])) == Genre.REPORT

    @pytest.mark.parametrize("type", [Type.ARTICLE, Type.ABSTRACT])
    def test_a_part_of_a_collection_is_a_chapter(self, type):
        host = make(Type.COLLECTION, roles=[Role.EDITOR])
        assert genre(make(type, roles=[Role.AUTHOR], parent=host)) == Genre.CHAPTER

    @pytest.mark.parametrize("type", [Type.ARTICLE, Type.ABSTRACT])
    def test_a_part_of_proceedings_is_a_conference_paper(self, type):
        host = make(Type.PROCEEDINGS)
        assert genre(make(type, parent=host)) == Genre.CONFERENCE_PAPER

    def test_a_draft_host_does_not_make_a_part(self):
        host = PublicationFactory(type=Type.PROCEEDINGS, draft=True)
        assert genre(make(Type.ARTICLE, parent=host)) == Genre.OTHER
        assert genre(make(Type.ARTICLE, parent=host, source_title="Журнал")) == Genre.ARTICLE

    def test_a_work_that_names_its_periodical_is_an_article(self):
        assert genre(make(Type.ARTICLE, source_title="Таможенная политика")) == Genre.ARTICLE

    def test_a_volume_stays_a_volume_whatever_it_is_printed_in(self):
        host = make(Type.COLLECTION)
        assert genre(make(Type.MONOGRAPH, parent=host, source_title="Журнал")) == Genre.BOOK
        assert genre(make(Type.REPORT, parent=host)) == Genre.REPORT

    def test_anything_else_is_other(self):
        assert genre(make(Type.ARTICLE)) == Genre.OTHER
        assert genre(make(Type.ABSTRACT, roles=[Role.AUTHOR])) == Genre.OTHER


def test_books_and_parts():
    assert {Genre.BOOK, Genre.EDITED_BOOK, Genre.COLLECTION, Genre.PROCEEDINGS} == BOOKS
    assert {Genre.CHAPTER, Genre.CONFERENCE_PAPER} == PARTS


@pytest.mark.parametrize(
    "mapping",
    [bibtex.ENTRY_TYPES, ris.REFERENCE_TYPES, csl_json.ITEM_TYPES, metadata.SEMANTICS],
    ids=["bibtex", "ris", "csl-json", "oai"],
)
def test_every_format_has_a_word_for_every_genre(mapping):
    assert set(mapping) == set(Genre)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        # genre: (BibTeX, RIS, CSL-JSON, schema.org)
        (Genre.BOOK, ("book", "BOOK", "book", "Book")),
        (Genre.EDITED_BOOK, ("book", "EDBOOK", "book", "Book")),
        (Genre.COLLECTION, ("collection", "EDBOOK", "book", "Book")),
        (Genre.PROCEEDINGS, ("proceedings", "CONF", "book", "Book")),
        (Genre.REPORT, ("report", "RPRT", "report", "Report")),
        (Genre.CHAPTER, ("incollection", "CHAP", "chapter", "Chapter")),
        (Genre.CONFERENCE_PAPER, ("inproceedings", "CPAPER", "paper-conference", "Chapter")),
        (Genre.ARTICLE, ("article", "JOUR", "article-journal", "ScholarlyArticle")),
        (Genre.OTHER, ("misc", "GEN", "document", "ScholarlyArticle")),
    ],
)
def test_each_format_names_each_genre(kind, expected):
    publication = {
        Genre.BOOK: lambda: make(Type.MONOGRAPH, roles=[Role.AUTHOR]),
        Genre.EDITED_BOOK: lambda: make(Type.TEXTBOOK, roles=[Role.EDITOR]),
        Genre.COLLECTION: lambda: make(Type.COLLECTION, roles=[Role.EDITOR]),
        Genre.PROCEEDINGS: lambda: make(Type.PROCEEDINGS),
        Genre.REPORT: lambda: make(Type.REPORT),
        Genre.CHAPTER: lambda: make(Type.ARTICLE, parent=make(Type.COLLECTION)),
        Genre.CONFERENCE_PAPER: lambda: make(Type.ABSTRACT, parent=make(Type.PROCEEDINGS)),
        Genre.ARTICLE: lambda: make(Type.ARTICLE, source_title="Журнал"),
        Genre.OTHER: lambda: make(Type.ARTICLE),
    }[kind]()
    assert genre(publication) == kind
    assert (
        bibtex.entry_type(publication),
        ris.reference_type(publication),
        csl_json.item_type(publication),
        jsonld.schema_type(publication),
    ) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: make(Type.COLLECTION, roles=[Role.AUTHOR]), "book"),
        (lambda: make(Type.PROCEEDINGS), "conferenceProceedings"),
        (lambda: make(Type.ARTICLE, parent=make(Type.PROCEEDINGS)), "bookPart"),
        (lambda: make(Type.ARTICLE, source_title="Журнал"), "article"),
        (lambda: make(Type.ARTICLE), "article"),
        # The vocabulary names a conference abstract as such, wherever it is printed.
        (lambda: make(Type.ABSTRACT, parent=make(Type.COLLECTION)), "conferenceObject"),
        (lambda: make(Type.ABSTRACT), "conferenceObject"),
    ],
)
def test_oai_types(build, expected):
    root = metadata.oai_dc(build(), absolute=lambda path: f"https://portal.example{path}")
    types = [element.text for element in root.iter(f"{{{metadata.DC_NS}}}type")]
    assert types == ["Text", f"info:eu-repo/semantics/{expected}"]
