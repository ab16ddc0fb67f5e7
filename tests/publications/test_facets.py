"""Facet counts at any size: the catalogue's snapshot stays in step, large sets are bounded."""

import datetime
from unittest import mock

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import publishing
from core.pagination import DeferredJoinPaginator
from publications import facets
from publications.models import Authorship, FacetSnapshot, Publication
from publications.usage import aggregate
from publications.usage import events as usage_events
from tests.people.factories import PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/ru/publications/"


def type_counts(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {o["value"]: o["count"] for o in response.context["facets"]["type"]}


def test_publishing_and_withdrawing_move_the_counts_at_once(client):
    PublicationFactory.create_batch(2, type=Publication.Type.REPORT)
    draft = PublicationFactory(type=Publication.Type.REPORT, draft=True)
    assert type_counts(client) == {"report": 2}
    assert type_counts(client) == {"report": 2}  # now from the snapshot

    publishing.publish(objects=[draft])
    assert type_counts(client) == {"report": 3}

    publishing.withdraw(objects=Publication.objects.filter(pk=draft.pk))
    assert type_counts(client) == {"report": 2}


def test_a_fresh_snapshot_is_read_in_one_query_and_a_change_makes_it_count_again(
    client, django_assert_max_num_queries
):
    publication = PublicationFactory(type=Publication.Type.ARTICLE)
    facets.refresh_snapshot()
    with django_assert_max_num_queries(1):
        counted = facets.catalogue_tally()
    assert counted["type"] == {"article": 1} and counted["total"] == 1

    publication.type = Publication.Type.MONOGRAPH
    publication.save()
    assert FacetSnapshot.objects.get().dirty
    assert facets.catalogue_tally()["type"] == {"monograph": 1}
    assert not FacetSnapshot.objects.get().dirty


@pytest.mark.parametrize(
    "change",
    [
        lambda p: AuthorshipFactory(publication=p, person=PersonFactory(slug="new-author")),
        lambda p: PublicationFileFactory(publication=p),
        lambda p: p.topics.create(name="Новая тема", slug="new-topic"),
    ],
    ids=["author added", "file added", "topic added"],
)
def test_every_kind_of_change_marks_the_snapshot_dirty(change):
    publication = PublicationFactory()
    facets.refresh_snapshot()
    assert not FacetSnapshot.objects.get().dirty  # the positive control
    change(publication)
    assert FacetSnapshot.objects.get().dirty


def test_a_scheduled_publication_is_counted_once_its_time_comes(client):
    PublicationFactory(type=Publication.Type.REPORT)
    when = timezone.now() + datetime.timedelta(hours=3)
    PublicationFactory(type=Publication.Type.REPORT, published_at=when)
    assert type_counts(client) == {"report": 1}
    assert FacetSnapshot.objects.get().valid_until == when
    later = when + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert type_counts(client) == {"report": 2}


def test_drafts_and_scheduled_rows_are_never_counted_in_a_filtered_list(client):
    PublicationFactory(type=Publication.Type.REPORT, language="en")
    PublicationFactory(type=Publication.Type.REPORT, language="en", draft=True)
    PublicationFactory(
        type=Publication.Type.REPORT,
        language="en",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert type_counts(client, language="en") == {"report": 1}


def test_a_large_filtered_list_shows_approximate_counts(client, settings):
    settings.FACET_EXACT_LIMIT = 4
    PublicationFactory.create_batch(6, type=Publication.Type.ARTICLE, language="en")
    PublicationFactory.create_batch(2, type=Publication.Type.REPORT, language="en")
    PublicationFactory(type=Publication.Type.REPORT, language="ru")

    client.get(LIST)  # the catalogue's snapshot is counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"language": "en"})
    # One filter: the list's rows are not counted, the snapshot holds their number.
    assert sum('"__count"' in q["sql"] for q in queries.captured_queries) == 0
    with CaptureQueriesContext(connection) as two_filters:
        client.get(LIST, {"language": "en", "type": "report"})
    # Two: the list's rows are counted once, and the facets scale by the paginator's count.
    own_counts = [
        q["sql"]
        for q in two_filters.captured_queries
        if '"__count"' in q["sql"] and "'report'" in q["sql"] and "'en'" in q["sql"]
    ]
    assert len(own_counts) == 1
    types = {o["value"]: o for o in response.context["facets"]["type"]}
    assert all(option["approximate"] for option in types.values())
    assert sum(option["count"] for option in types.values()) == 8  # scaled to the 8 rows
    html = response.content.decode()
    assert "facet__count--approximate" in html and "≈" in html
    # The language facet counts without its own filter: the whole catalogue, exact.
    languages = {o["value"]: o for o in response.context["facets"]["language"]}
    assert languages["en"]["count"] == 8 and languages["ru"]["count"] == 1
    assert not languages["en"]["approximate"]

    settings.FACET_EXACT_LIMIT = 100  # the control: a small list counts exactly
    response = client.get(LIST, {"language": "en"})
    types = {o["value"]: o for o in response.context["facets"]["type"]}
    assert types["article"]["count"] == 6 and types["report"]["count"] == 2
    assert not types["article"]["approximate"]
    assert "facet__count--approximate" not in response.content.decode()


def test_the_unfiltered_list_counts_its_publications_from_the_snapshot(client):
    PublicationFactory.create_batch(23)
    response = client.get(LIST)
    assert response.context["paginator"].count == 23
    assert response.context["page_obj"].paginator.num_pages == 2


@pytest.mark.parametrize("order", [["-year", "-date", "pk"], ["title", "pk"], ["-pk"]])
def test_pages_read_by_ids_are_the_pages_of_the_plain_paginator(order):
    for n in range(9):
        PublicationFactory(title=f"Публикация {n % 4}", year=2000 + n % 3)
    queryset = Publication.objects.published().order_by(*order)
    plain, deferred = Paginator(queryset, 4), DeferredJoinPaginator(queryset, 4)
    assert deferred.num_pages == plain.num_pages == 3
    for number in plain.page_range:
        assert list(deferred.page(number)) == list(plain.page(number))


def test_download_totals_follow_counted_and_removed_downloads():
    publication = PublicationFactory()
    first = PublicationFileFactory(publication=publication, download_count=3)
    PublicationFileFactory(publication=publication, download_count=4)
    publication.refresh_from_db()
    assert publication.total_downloads == 7

    request = RequestFactory().get(
        "/",
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Firefox/133.0",
        REMOTE_ADDR="10.0.0.1",
    )
    assert usage_events.record(
        request,
        status_code=200,
        publication_id=publication.pk,
        file_id=first.pk,
        action=usage_events.REQUEST,
    )
    aggregate.aggregate()
    publication.refresh_from_db()
    assert publication.total_downloads == 8

    first.delete()
    publication.refresh_from_db()
    assert publication.total_downloads == 4


def test_the_topic_list_counts_from_the_snapshot_and_follows_publishing(client):
    topic = TopicFactory(name="Цифровая таможня", slug="digital")
    empty = TopicFactory(name="Пустая тема", slug="empty")
    public, draft = PublicationFactory(), PublicationFactory(draft=True)
    for publication in (public, draft):
        publication.topics.add(topic)

    def counts():
        response = client.get("/ru/publications/topics/")
        return {t.slug: t.publication_count for t in response.context["topics"]}

    assert counts() == {"digital": 1, "empty": 0}
    publishing.publish(objects=[draft])
    assert counts() == {"digital": 2, "empty": 0}
    empty.publications.add(public)
    assert counts() == {"digital": 2, "empty": 1}


def test_the_author_facet_counts_each_publication_once_orders_ties_by_name_and_skips_drafts():
    books = PublicationFactory.create_batch(4)
    leader = PersonFactory(family_name_cyr="Яковлев", family_name_lat="Yakovlev")
    hidden = PersonFactory(family_name_cyr="Черновой", family_name_lat="Draft", status="draft")
    for book in books:  # the most of all, but a draft: never an option
        AuthorshipFactory(publication=book, person=hidden)
    for book in books[:3]:
        AuthorshipFactory(publication=book, person=leader)
    # Author and editor of one book: one publication, not two.
    AuthorshipFactory(publication=books[0], person=leader, role=Authorship.Role.EDITOR)
    tied = [
        PersonFactory(family_name_cyr=name, family_name_lat=name)
        for name in ("Борисов", "Алексеев", "Витов")
    ]
    for person in tied:
        AuthorshipFactory(publication=books[3], person=person)
    ids = [book.pk for book in books]

    options = facets.tally(ids, ["author"], related_limit=3)["author"]

    assert [(o["pk"], o["count"]) for o in options] == [
        (leader.pk, 3),
        (tied[1].pk, 1),  # Алексеев, then Борисов; Витов is past the limit
        (tied[0].pk, 1),
    ]
    assert options[0]["label"]["en"] == "Petr Yakovlev"
    every = facets.tally(ids, ["author"], related_limit=12)["author"]
    assert [o["pk"] for o in every] == [leader.pk, tied[1].pk, tied[0].pk, tied[2].pk]
