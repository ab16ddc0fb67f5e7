"""Export downloads: one publication, a filtered list; drafts never, fixed query counts."""

import datetime
import json
import re
from urllib.parse import urlencode

import bibtexparser
import pytest
import rispy
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from core.publishing import Visibility
from publications.export_views import in_batches
from publications.filters import PublicationFilter
from publications.formats import bibtex, csl_json, ris
from publications.formats.queries import for_citation
from publications.models import Authorship, Publication
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
    TopicFactory,
)


def body(response):
    """A download's bytes: a list export is streamed, one publication's is not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


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

    everything = rispy.loads(body(client.get("/ru/export/publications.ris")).decode())
    titles = {record["title"] for record in everything}
    assert "Черновик" not in titles
    assert {"Цифровая таможня. Опыт ВТамО", "Чужая книга"} <= titles

    response = client.get("/ru/export/publications.bib", {"author": "sergei-mozer"})
    library = bibtexparser.parse_string(body(response).decode())
    # The list's author filter takes every role: Mozer also edited the collection.
    assert sorted(entry.key for entry in library.entries) == [
        "mozer2019digital",
        "mozer2021digital",
        "tkachenko2021customs",
    ]
    assert response["Content-Disposition"] == 'attachment; filename="publications.bib"'

    items = json.loads(body(client.get("/ru/export/publications.json", {"type": "monograph"})))
    assert {item["id"] for item in items} == {"digital-customs-wco-experience", other.slug}


def test_list_export_keeps_the_list_sort_order(client, db):
    for year in (2018, 2021, 2019):
        PublicationFactory(year=year, title=f"Книга {year}")
    items = json.loads(body(client.get("/ru/export/publications.json", {"sort": "year"})))
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
    # The ids in the list's order, then one batch: the rows and their six prefetches.
    for fmt in ("bib", "ris", "json"):
        with django_assert_num_queries(1 + 7):
            small[fmt] = len(body(client.get(f"/ru/export/publications.{fmt}")))
    _rich_publications(47)
    for fmt in ("bib", "ris", "json"):
        with django_assert_num_queries(1 + 7):
            large = len(body(client.get(f"/ru/export/publications.{fmt}")))
        assert large > small[fmt] * 5


def _mixed_list():
    """Rich records, three sharing a citation key, a draft and one scheduled for later."""
    _rich_publications(3)
    person = PersonFactory()
    for _number in range(3):
        twin = PublicationFactory(title="Цифровая таможня", title_en="Digital customs", year=2020)
        AuthorshipFactory(publication=twin, person=person)
    PublicationFactory(draft=True, title="Черновик")
    PublicationFactory(published_at=timezone.now() + datetime.timedelta(days=3), title="Завтра")


NOT_STREAMED = {"bib": bibtex.bibliography, "ris": ris.records, "json": csl_json.dumps}


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
@pytest.mark.parametrize("query", [{}, {"sort": "title"}, {"type": "article"}, {"year_from": 2099}])
def test_a_streamed_list_is_the_text_the_whole_list_gives_at_once(client, db, settings, fmt, query):
    _mixed_list()
    settings.EXPORT_LIST_BATCH = 2
    response = client.get(f"/ru/export/publications.{fmt}", query)
    assert response.streaming
    published = Publication.objects.published()
    listed = PublicationFilter(QueryDict(urlencode(query)), queryset=published)
    assert listed.is_valid()
    with translation.override("ru"):
        expected = NOT_STREAMED[fmt](
            list(for_citation(listed.qs)),
            url_for=lambda publication: f"http://testserver{publication.get_absolute_url()}",
        )
    assert body(response).decode() == expected
    if fmt == "bib" and not query:
        assert "digital2020customs" not in expected  # the key is the author's, suffixed:
        assert len(re.findall(r"^@\w+\{\w+2020digital[ab]?,", expected, re.MULTILINE)) == 3


def test_a_list_export_reads_seven_queries_a_batch(client, db, settings, django_assert_num_queries):
    settings.EXPORT_LIST_BATCH = 2
    _rich_publications(4)  # and their collection: five publications, three batches
    with django_assert_num_queries(1 + 3 * 7):
        records = rispy.loads(body(client.get("/ru/export/publications.ris")).decode())
    assert len(records) == 5
    _rich_publications(1)  # seven publications: four batches
    with django_assert_num_queries(1 + 4 * 7):
        records = rispy.loads(body(client.get("/ru/export/publications.ris")).decode())
    assert len(records) == 7


def test_a_list_longer_than_the_limit_asks_to_narrow_the_filters(
    client, db, settings, django_assert_num_queries
):
    settings.EXPORT_LIST_LIMIT = 3
    for _number in range(4):
        PublicationFactory(year=2020)
    PublicationFactory(draft=True)
    with django_assert_num_queries(1):  # the ids, no records
        response = client.get("/en/export/publications.bib")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "More than 3 publications: narrow the filters to export them."
    )
    assert client.get("/ru/export/publications.json").content.decode() == (
        "Больше 3 публикаций: уточните фильтры, чтобы выгрузить их."
    )


def test_a_list_exactly_at_the_limit_is_exported(client, db, settings):
    settings.EXPORT_LIST_LIMIT = 3
    settings.EXPORT_LIST_BATCH = 2
    for year in (2019, 2020, 2021):
        PublicationFactory(year=year)
    PublicationFactory(year=2022, draft=True)
    PublicationFactory(year=2023, published_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get("/ru/export/publications.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="publications.json"'
    items = json.loads(body(response))
    assert [item["issued"]["date-parts"][0][0] for item in items] == [2021, 2020, 2019]
    PublicationFactory(year=2018)
    assert client.get("/ru/export/publications.json").status_code == 400


def test_a_publication_unpublished_while_the_list_streams_is_left_out(db):
    first, second, third = (PublicationFactory() for _number in range(3))
    second.status = Visibility.DRAFT
    second.save()
    exported = in_batches([third.pk, second.pk, first.pk], 2)
    assert [publication.pk for publication in exported] == [third.pk, first.pk]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_csl_json_in_parts_is_the_same_document(db, count):
    _rich_publications(count)
    publications = list(for_citation())
    assert "".join(csl_json.dumps_parts(publications)) == csl_json.dumps(publications)
