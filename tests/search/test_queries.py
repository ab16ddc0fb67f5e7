"""The search page runs a fixed number of SQL queries, whatever the number of results."""

import pytest
from django.db import connection

from publications.pdf import simple_pdf
from tests.events.factories import EventFactory
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# Candidates of publications and of the four other kinds (together: they give the counts),
# topics for the facets (type, year and language are counted from the candidates), the
# ranked page, its publications and their authors, snippets, previews of the other kinds;
# no session or user queries for an anonymous visitor.
# On PostgreSQL the candidate queries run in two savepoints (a test runs in a transaction)
# with SET LOCAL, so that they use the right index: three more queries each; and the
# planner's estimate of the publications' matches (an EXPLAIN) chooses that index: one more.
# There nearly every row matches, so the candidates are found by walking the recency index,
# which ranks them as it finds them: the ranked page is not a query of its own.
POSTGRES = connection.vendor == "postgresql"
AROUND = 6 if POSTGRES else 0
ESTIMATE = 1 if POSTGRES else 0
RANKING = 0 if POSTGRES else 1
PAGE_QUERIES = 7 + RANKING + AROUND + ESTIMATE
KIND_QUERIES = 5 + AROUND + ESTIMATE
EMPTY_QUERIES = 3 + AROUND + ESTIMATE


def build(size):
    topic = TopicFactory(name="Zeppelin topic", slug=f"zt-{size}")
    for n in range(size):
        publication = PublicationFactory(
            title=f"Zeppelin volume {n}", year=2000 + n % 7, abstract="About zeppelins."
        )
        publication.topics.add(topic)
        for _ in range(2):
            AuthorshipFactory(publication=publication, person=PersonFactory())
        if n % 3 == 0:
            PublicationFileFactory(publication=publication, content=simple_pdf(["zeppelin"]))
        PersonFactory(family_name_lat=f"Zeppelinov{n}")
        EventFactory(title=f"Zeppelin meeting {n}")
        OrganizationFactory(name=f"Zeppelin works {n}")


@pytest.mark.parametrize("size", [3, 30])
def test_results_page(client, django_assert_num_queries, size):
    build(size)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get("/ru/search/", {"q": "zeppelin"})
    assert response.status_code == 200
    assert response.content.decode().count('class="search-hit ') == min(size, 20)


@pytest.mark.parametrize("size", [3, 30])
def test_results_page_with_facets(client, django_assert_num_queries, size):
    build(size)
    # The topic is looked up, and the candidates are chosen again under the filters.
    with django_assert_num_queries(PAGE_QUERIES + 2 + AROUND // 2 + ESTIMATE):
        response = client.get(
            "/ru/search/", {"q": "zeppelin", "topic": f"zt-{size}", "year": "2000", "page": "1"}
        )
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_one_kind_page(client, django_assert_num_queries, size):
    build(size)
    with django_assert_num_queries(KIND_QUERIES):
        response = client.get("/ru/search/", {"q": "zeppelin", "kind": "event"})
    assert response.content.decode().count('class="search-hit ') == min(size, 20)


@pytest.mark.parametrize("size", [3, 30])
def test_no_results_page(client, django_assert_num_queries, size):
    build(size)
    with django_assert_num_queries(EMPTY_QUERIES):
        response = client.get("/ru/search/", {"q": "zepelin"})
    assert "zeppelin" in response.content.decode()


def test_empty_query_runs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/ru/search/", {"q": "  "}).status_code == 200


def test_suggestions_run_one_query(client, django_assert_num_queries):
    build(3)
    with django_assert_num_queries(1):
        assert client.get("/ru/search/suggest/", {"q": "zeppel"}).json()["results"]
