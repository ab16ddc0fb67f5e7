"""Identifiers, the parent chain, publishing rules and the queries other pages use."""

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from core import publishing
from core.publishing import Visibility
from publications import queries
from publications.models import Authorship, Publication
from publications.validators import isbn_is_valid, validate_doi, validate_isbn
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import AuthorshipFactory, PublicationFactory, PublisherFactory


@pytest.mark.parametrize(
    "isbn", ["978-3-16-148410-0", "9780306406157", "0-306-40615-2", "0306406152", "0-8044-2957-X"]
)
def test_valid_isbns(isbn):
    assert isbn_is_valid(isbn)
    validate_isbn(isbn)


@pytest.mark.parametrize(
    "isbn", ["978-3-16-148410-1", "0-306-40615-3", "12345", "977-0-00-000000-0", "ISBN", ""]
)
def test_invalid_isbns(isbn):
    with pytest.raises(ValidationError):
        validate_isbn(isbn)


@pytest.mark.parametrize("doi", ["10.1000/xyz123", "10.12345/abc.def-2021(04)"])
def test_valid_dois(doi):
    validate_doi(doi)


@pytest.mark.parametrize(
    "doi", ["doi:10.1000/x", "10.10/x", "https://doi.org/10.1000/x", "10.1000/"]
)
def test_invalid_dois(doi):
    with pytest.raises(ValidationError):
        validate_doi(doi)


@pytest.mark.django_db
def test_a_publication_cannot_be_its_own_part():
    book = PublicationFactory()
    book.parent = book
    with pytest.raises(ValidationError) as error:
        book.full_clean()
    assert "parent" in error.value.message_dict


@pytest.mark.django_db
def test_parent_cycles_are_refused():
    top = PublicationFactory()
    middle = PublicationFactory(parent=top)
    bottom = PublicationFactory(parent=middle)
    top.parent = bottom
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "parent" in error.value.message_dict
    bottom.full_clean()  # a plain chain is fine


@pytest.mark.django_db
def test_page_range_must_not_run_backwards():
    article = PublicationFactory.build(first_page=20, last_page=10, slug="backwards")
    with pytest.raises(ValidationError):
        article.full_clean()


@pytest.mark.django_db
def test_publishing_sets_the_date_once():
    draft = PublicationFactory(draft=True)
    assert not Publication.objects.published().exists()
    publishing.publish(objects=Publication.objects.all())
    draft.refresh_from_db()
    first_date = draft.published_at
    assert draft.status == Visibility.PUBLISHED and first_date is not None
    publishing.withdraw(objects=Publication.objects.all())
    assert not Publication.objects.published().exists()
    publishing.publish(objects=Publication.objects.all())
    draft.refresh_from_db()
    assert draft.published_at == first_date


@pytest.mark.django_db
def test_a_published_status_without_a_date_gets_one_on_clean():
    publication = PublicationFactory.build(status=Visibility.PUBLISHED, published_at=None, slug="x")
    publication.full_clean()
    assert publication.published_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 50])
def test_person_publications_by_role(django_assert_num_queries, rows):
    person = PersonFactory()
    for _ in range(rows):
        AuthorshipFactory(person=person)
        AuthorshipFactory(publication=AuthorshipFactory(person=person).publication)
    edited = AuthorshipFactory(person=person, role=Authorship.Role.EDITOR).publication
    AuthorshipFactory(person=person, publication=PublicationFactory(draft=True))
    # how many by role; the newest of each role, their authors, publishers, downloadable files.
    with django_assert_num_queries(5):
        groups = queries.person_publications_by_role(person)
        html = render_to_string(
            "publications/includes/person_publications.html", {"publications_by_role": groups}
        )
    shown = min(2 * rows, queries.SECTION_LIMIT)
    assert [(g["role"], len(g["publications"]), g["total"]) for g in groups] == [
        ("author", shown, 2 * rows),
        ("editor", 1, 1),
    ]
    assert edited.get_absolute_url() in html
    # Past the limit, the rest are one link away: the list filtered by the person.
    more = f"/ru/publications/?author={person.slug}"
    assert (more in html) == (2 * rows > queries.SECTION_LIMIT)
    assert groups[1]["more_url"] == ""


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 50])
def test_organization_publications(django_assert_num_queries, rows):
    organization = OrganizationFactory()
    for _ in range(rows):
        publication = PublisherFactory(organization=organization, order=1).publication
        PublisherFactory(publication=publication, order=0)
        AuthorshipFactory(publication=publication)
    hidden = PublisherFactory(
        organization=organization, publication=PublicationFactory(draft=True)
    ).publication
    # how many; the newest, their authors, publishers and downloadable files.
    with django_assert_num_queries(5):
        found = queries.organization_publications(organization)
        html = render_to_string(
            "publications/includes/organization_publications.html",
            {"organization_publications": found},
        )
    assert len(found["publications"]) == min(rows, queries.SECTION_LIMIT)
    assert found["total"] == rows
    assert hidden.get_absolute_url() not in html
    more = f"/ru/publications/?publisher={organization.slug}"
    assert (more in html) == (rows > queries.SECTION_LIMIT)


def test_empty_includes_say_so():
    html = render_to_string(
        "publications/includes/person_publications.html", {"publications_by_role": []}
    )
    assert "empty-state" in html
