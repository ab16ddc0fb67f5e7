"""Lists: the pages' filters, and a cursor that walks every row exactly once."""

import datetime

import pytest
from django.utils import timezone

from publications.models import Publication
from tests.api.conftest import get_json, walk
from tests.events.factories import EventFactory
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import PublicationFactory, PublicationFileFactory, TopicFactory

pytestmark = pytest.mark.django_db


def slugs(rows):
    return [row["slug"] for row in rows]


def test_publication_filters_as_on_the_list_page(client, world):
    assert slugs(walk(client, "/api/v1/publications/", type="article")) == ["article"]
    assert slugs(walk(client, "/api/v1/publications/", year_from=2021)) == ["digital-customs"]
    assert slugs(walk(client, "/api/v1/publications/", year_to=2020)) == ["article"]
    assert slugs(walk(client, "/api/v1/publications/", language="en")) == ["article"]
    assert slugs(walk(client, "/api/v1/publications/", publisher="academy")) == ["digital-customs"]
    assert slugs(walk(client, "/api/v1/publications/", has_file="yes")) == ["digital-customs"]
    both = walk(client, "/api/v1/publications/", author="sergei-mozer", type="collection")
    assert slugs(both) == ["digital-customs"]


def test_people_filters_find_a_name_in_any_spelling(client, world):
    for query in ("Мозер", "Moser", "mozer s"):
        assert slugs(walk(client, "/api/v1/people/", q=query)) == ["sergei-mozer"]
    assert slugs(walk(client, "/api/v1/people/", letter="Т")) == ["marina-tkachenko"]
    assert slugs(walk(client, "/api/v1/people/", organization="academy")) == ["sergei-mozer"]


def test_event_filters(client, world):
    assert slugs(walk(client, "/api/v1/events/", when="upcoming")) == ["summer-school"]
    assert slugs(walk(client, "/api/v1/events/", when="past")) == ["meeting"]
    assert slugs(walk(client, "/api/v1/events/", type="meeting")) == ["meeting"]
    assert slugs(walk(client, "/api/v1/events/", year=2019)) == ["meeting"]
    assert slugs(walk(client, "/api/v1/events/", year=2000)) == []  # any year, even empty
    assert slugs(walk(client, "/api/v1/events/", organiser="academy")) == ["summer-school"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("publications", {"type": "poem"}),
        ("publications", {"year_from": "soon"}),
        ("publications", {"year_to": "99999"}),
        ("people", {"letter": "ab"}),
        ("events", {"when": "tomorrow"}),
        ("events", {"year": "1700"}),
        ("events", {"year": "next"}),
    ],
)
def test_a_bad_filter_value_is_a_400_saying_which(client, world, path, params):
    data = get_json(client, f"/api/v1/{path}/", status=400, **params)
    assert list(data) == list(params)


def test_a_bad_cursor_is_a_404(client, world):
    data = get_json(client, "/api/v1/publications/", status=404, cursor="garbage")
    assert "detail" in data


def test_the_list_is_newest_on_the_portal_first(client, world):
    assert slugs(walk(client, "/api/v1/publications/")) == ["article", "digital-customs"]


def test_the_cursor_walks_every_publication_once_even_with_equal_dates(client, db):
    moment = timezone.now() - datetime.timedelta(hours=1)
    # Rows sharing a publication time (as an import makes them), and rows with their own.
    same = [PublicationFactory(published_at=moment) for _ in range(7)]
    own = [
        PublicationFactory(published_at=moment - datetime.timedelta(minutes=n)) for n in range(1, 6)
    ]
    PublicationFactory(draft=True)
    rows = walk(client, "/api/v1/publications/", page_size=3)
    assert len(rows) == len(set(slugs(rows))) == 12
    assert set(slugs(rows)) == {p.slug for p in same + own}
    # Backwards from the last page, the same rows in the reverse order.
    page = get_json(client, "/api/v1/publications/", page_size=3)
    while page["next"]:
        page = get_json(client, page["next"])
    backwards = list(reversed(page["results"]))
    while page["previous"]:
        page = get_json(client, page["previous"])
        backwards += reversed(page["results"])
    assert slugs(backwards) == list(reversed(slugs(rows)))


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("people", PersonFactory),
        ("organisations", OrganizationFactory),
        ("events", EventFactory),
        ("topics", TopicFactory),
    ],
)
def test_the_cursor_walks_every_row_once(client, db, path, factory):
    made = {factory().slug for _ in range(7)}
    rows = walk(client, f"/api/v1/{path}/", page_size=2)
    assert len(rows) == 7
    assert set(slugs(rows)) == made


def test_page_size_is_from_1_to_100(client, db):
    for _ in range(3):
        PublicationFactory()
    assert len(get_json(client, "/api/v1/publications/", page_size=2)["results"]) == 2
    assert len(get_json(client, "/api/v1/publications/", page_size=100)["results"]) == 3
    for wrong in ("0", "101", "-1", "two", "1.5", ""):
        data = get_json(client, "/api/v1/publications/", status=400, page_size=wrong)
        assert list(data) == ["page_size"]


def test_an_empty_filter_is_no_filter(client, world):
    rows = walk(client, "/api/v1/publications/", type="", topic="", year_from="")
    assert len(rows) == 2
    assert len(walk(client, "/api/v1/events/", when="", year="")) == 2


def test_a_list_page_never_counts_the_whole_table(client, db, django_assert_num_queries):
    for _ in range(3):
        PublicationFactory()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        get_json(client, "/api/v1/publications/", page_size=2)
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


# Query counts: a fixed number per page and per detail, whatever the number of rows -------


def publication_with_everything(topic, person, organization):
    publication = PublicationFactory(type=Publication.Type.MONOGRAPH)
    publication.topics.add(topic)
    publication.authorships.create(person=person, order=0)
    publication.publisher_links.create(organization=organization, order=0)
    PublicationFileFactory(publication=publication)
    return publication


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # page, authors, publishers, files, topics
        ("/api/v1/publications/", 5),
        # page, public affiliations, name variants
        ("/api/v1/people/", 3),
        # page, public units
        ("/api/v1/organisations/", 2),
        # page, organisers, topics
        ("/api/v1/events/", 3),
        ("/api/v1/topics/", 1),
    ],
)
def test_each_list_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        get_json(client, url)
    for n in range(4):
        topic = TopicFactory()
        organization = OrganizationFactory()
        person = PersonFactory(variants=[f"Variant {n}"])
        person.affiliations.create(organization=organization)
        publication_with_everything(topic, person, organization)
        event = EventFactory()
        event.topics.add(topic)
        event.organizers.add(organization)
        OrganizationFactory(parent=organization)
    with django_assert_num_queries(queries):
        data = get_json(client, url)
    assert len(data["results"]) > 4


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # row, authors, publishers, files, topics, parts
        ("/api/v1/publications/digital-customs/", 6),
        ("/api/v1/people/sergei-mozer/", 3),
        ("/api/v1/organisations/academy/", 2),
        # row, organisers, topics, sessions, talks, speakers, talks' publications, participants
        ("/api/v1/events/summer-school/", 8),
        ("/api/v1/topics/digital/", 1),
    ],
)
def test_each_detail_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        get_json(client, url)
