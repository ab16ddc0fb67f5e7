"""Export downloads: one publication, a filtered list; drafts never, fixed query counts."""

import json

import bibtexparser
import pytest
import rispy
from django.urls import reverse

from publications.models import Authorship
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
    TopicFactory,
)


def test_urls_resolve_and_reverse():
    assert reverse("exports:list", kwargs={"fmt": "bib"}) == "/ru/export/publications.bib"
    assert (
        reverse("exports:publication", kwargs={"slug": "x", "fmt": "ris"})
        == "/ru/export/publications/x.ris"
    )


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("bib", "application/x-bibtex; charset=utf-8"),
        ("ris", "application/x-research-info-systems; charset=utf-8"),
        ("json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
    ],
)
def test_one_publication_downloads_in_each_format(client, monograph, fmt, content_type):
    response = client.get(f"/ru/export/publications/digital-customs-wco-experience.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="digital-customs-wco-experience.{fmt}"'
    )
    assert "Мозер" in response.content.decode()
    assert "http://testserver/ru/publications/digital-customs-wco-experience/" in (
        response.content.decode()
    )


def test_a_draft_is_not_exported(client, db):
    draft = PublicationFactory(draft=True, slug="secret")
    for fmt in ("bib", "ris", "json"):
        assert client.get(f"/ru/export/publications/{draft.slug}.{fmt}").status_code == 404


def test_an_unknown_format_is_not_found(client, monograph):
    response = client.get("/ru/export/publications/digital-customs-wco-experience.pdf")
    assert response.status_code == 404


def test_list_export_applies_the_list_filters_and_leaves_out_drafts(client, monograph, article):
    PublicationFactory(draft=True, title="Черновик")
    other = PublicationFactory(title="Чужая книга")
    AuthorshipFactory(publication=other)

    everything = rispy.loads(client.get("/ru/export/publications.ris").content.decode())
    titles = {record["title"] for record in everything}
    assert "Черновик" not in titles
    assert {"Цифровая таможня. Опыт ВТамО", "Чужая книга"} <= titles

    response = client.get("/ru/export/publications.bib", {"author": "sergei-mozer"})
    library = bibtexparser.parse_string(response.content.decode())
    # The list's author filter takes every role: Mozer also edited the collection.
    assert sorted(entry.key for entry in library.entries) == [
        "mozer2019digital",
        "mozer2021digital",
        "tkachenko2021customs",
    ]
    assert response["Content-Disposition"] == 'attachment; filename="publications.bib"'

    items = json.loads(client.get("/ru/export/publications.json", {"type": "monograph"}).content)
    assert {item["id"] for item in items} == {"digital-customs-wco-experience", other.slug}


def test_list_export_keeps_the_list_sort_order(client, db):
    for year in (2018, 2021, 2019):
        PublicationFactory(year=year, title=f"Книга {year}")
    items = json.loads(client.get("/ru/export/publications.json", {"sort": "year"}).content)
    assert [item["issued"]["date-parts"][0][0] for item in items] == [2021, 2019, 2018]


@pytest.mark.parametrize(
    "query", [{"author": "nobody-at-all"}, {"year_from": "abc"}, {"sort": "random"}]
)
def test_invalid_filters_give_400_not_500(client, db, query):
    response = client.get("/ru/export/publications.ris", query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def _rich_publications(count):
    topic = TopicFactory()
    parent = PublicationFactory(type="collection")
    PublisherFactory(publication=parent, organization=OrganizationFactory())
    AuthorshipFactory(publication=parent, role=Authorship.Role.EDITOR)
    for number in range(count):
        publication = PublicationFactory(
            type="article", parent=parent, first_page=number + 1, last_page=number + 2
        )
        AuthorshipFactory(publication=publication, person=PersonFactory())
        AuthorshipFactory(publication=publication, person=PersonFactory())
        PublisherFactory(publication=publication, organization=OrganizationFactory())
        PublicationFileFactory(publication=publication)
        publication.topics.add(topic)


def test_list_export_runs_the_same_queries_for_3_and_50_rows(client, db, django_assert_num_queries):
    _rich_publications(3)
    small = {}
    for fmt in ("bib", "ris", "json"):
        with django_assert_num_queries(7):
            small[fmt] = len(client.get(f"/ru/export/publications.{fmt}").content)
    _rich_publications(47)
    for fmt in ("bib", "ris", "json"):
        with django_assert_num_queries(7):
            large = len(client.get(f"/ru/export/publications.{fmt}").content)
        assert large > small[fmt] * 5
