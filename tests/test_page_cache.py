"""Whole pages cached for anonymous visitors, and dropped the moment content changes."""

import contextlib
import gzip
import threading
import time
import zlib
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from core import pagecache, publishing
from tests import redis_server
from tests.publications.factories import PublicationFactory, PublicationFileFactory

pytestmark = pytest.mark.django_db

BACKENDS = {
    "locmem": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    "redis": {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.CACHE_URL,
            "KEY_PREFIX": "science-test",
        }
    },
}


@pytest.fixture(params=list(BACKENDS))
def page_cache(request):
    if request.param == "redis":
        redis_server.require()
    with override_settings(CACHES=BACKENDS[request.param], PORTAL_PAGE_CACHE_SECONDS=300):
        caches["default"].clear()
        yield request.param
        caches["default"].clear()


def test_a_page_is_served_from_the_cache_without_the_database(
    client, page_cache, django_assert_num_queries
):
    publication = PublicationFactory(title="Кешируемая книга")
    first = client.get(publication.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(publication.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"]  # headers added outside the cache still come
    assert second["Content-Language"] == "ru"


def test_a_withdrawn_record_leaves_every_cached_page_at_once(
    client, page_cache, django_capture_on_commit_callbacks
):
    publication = PublicationFactory(title="Снимаемая книга")
    pages = [publication.get_absolute_url(), "/ru/publications/", "/ru/"]
    for url in pages:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    assert "Снимаемая книга" in client.get("/ru/publications/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(objects=[publication], reason="Дубликат")

    assert client.get(publication.get_absolute_url()).status_code == 410
    listed = client.get("/ru/publications/")
    assert listed.get("X-Page-Cache") == "miss"
    assert "Снимаемая книга" not in listed.content.decode()


def test_an_edit_shows_at_once(client, page_cache, django_capture_on_commit_callbacks):
    publication = PublicationFactory(title="Первое название")
    url = publication.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        publication.title = "Второе название"
        publication.save()
    assert "Второе название" in client.get(url).content.decode()


def test_staff_pages_are_never_cached(staff_client, page_cache):
    draft = PublicationFactory(draft=True, title="Черновик куратора")
    for _ in range(2):
        response = staff_client.get(draft.get_absolute_url())
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "X-Page-Cache" not in staff_client.get("/ru/admin/")


def test_downloads_and_a_visitors_own_pages_are_not_cached(client, page_cache):
    file = PublicationFileFactory()
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(file.get_absolute_url())
    client.cookies["sessionid"] = "someone"
    assert "X-Page-Cache" not in client.get("/ru/")


def test_nothing_is_cached_when_the_cache_is_off(client):
    publication = PublicationFactory()
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(publication.get_absolute_url())


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_sitemap_file_is_kept_once_streamed_whole_and_apart_when_gzipped(
    client, page_cache, django_assert_num_queries
):
    publication = PublicationFactory(title="Книга в карте сайта")
    url = "/sitemap-publications-1.xml"
    first = client.get(url)
    assert first.streaming and first["X-Page-Cache"] == "miss"
    plain = _body(first)
    assert publication.slug.encode() in plain
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and _body(second) == plain
    assert "Content-Encoding" not in second

    # A crawler that takes gzip gets the same XML, compressed, cached under its own key.
    zipped = client.get(url, headers={"accept-encoding": "gzip, deflate"})
    assert zipped["X-Page-Cache"] == "miss" and zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(_body(zipped)) == plain
    with django_assert_num_queries(0):
        again = client.get(url, headers={"accept-encoding": "gzip"})
    assert again["X-Page-Cache"] == "hit" and again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content) == plain
    assert "Accept-Encoding" in again["Vary"]


# A real request cycle: closing a response cut short closes the database connection, as a
# server does when the client goes away (inside a test transaction it could not reopen).
@pytest.mark.django_db(transaction=True)
def test_a_streamed_body_past_the_bound_or_cut_short_is_not_kept(client, page_cache, settings):
    PublicationFactory()
    url = "/sitemap-publications-1.xml"
    settings.PORTAL_PAGE_CACHE_MAX_BYTES = 100  # a sitemap file is larger
    whole = client.get(url)
    assert whole.streaming and len(_body(whole)) > 100
    again = client.get(url)
    assert again["X-Page-Cache"] == "miss"  # sent whole, but not kept
    _body(again)

    settings.PORTAL_PAGE_CACHE_MAX_BYTES = 8 * 1024 * 1024
    cut = client.get(url)
    next(iter(cut.streaming_content))  # the client reads one chunk and goes away
    cut.close()
    read_whole = client.get(url)
    assert read_whole["X-Page-Cache"] == "miss"
    _body(read_whole)
    assert client.get(url)["X-Page-Cache"] == "hit"  # read whole once, it is kept


def test_an_export_of_a_list_is_kept_and_dropped_when_a_record_is_withdrawn(
    client, page_cache, django_capture_on_commit_callbacks
):
    publication = PublicationFactory(title="Экспортируемая книга")
    url = "/ru/export/publications.ris"
    first = client.get(url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert "Экспортируемая книга" in _body(first).decode()
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second["Content-Disposition"] == first["Content-Disposition"]

    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(objects=[publication], reason="Дубликат")
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss"
    assert "Экспортируемая книга" not in _body(after).decode()


def _filling_mark(url, **headers):
    request = RequestFactory().get(url, headers=headers)
    return pagecache.PageCacheMiddleware._key(request)


def test_a_page_being_made_is_waited_for_and_served_from_its_copy(client, page_cache, settings):
    """Many clients asking for one long export just after a change: it is made once."""
    settings.PORTAL_PAGE_CACHE_WAIT_SECONDS = 5
    PublicationFactory(title="Ожидаемая книга")
    url = "/ru/export/publications.ris"
    key = _filling_mark(url)
    made = client.get(url)
    made_body = _body(made)
    caches["default"].delete(key)  # as if the copy were still being made by another worker
    assert caches["default"].add(key + pagecache.FILLING, 1, 60)
    copy = pagecache.PageCacheMiddleware._freeze(made, made_body)
    threading.Timer(0.3, caches["default"].set, (key, copy, 60)).start()
    with _counted_waits() as waits:
        waited = client.get(url)
    assert waited["X-Page-Cache"] == "hit"  # the other worker's copy, not a second export
    assert waited.content == made_body
    assert waits  # it did wait for it


def test_a_page_whose_maker_gives_up_is_made_after_the_wait(client, page_cache, settings):
    settings.PORTAL_PAGE_CACHE_WAIT_SECONDS = 0.3
    publication = PublicationFactory()
    url = publication.get_absolute_url()
    key = _filling_mark(url)
    assert caches["default"].add(key + pagecache.FILLING, 1, 60)  # and never keeps a copy
    with _counted_waits() as waits:
        response = client.get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert waits  # waited its bound, then made the page itself
    # Made once it is free, with no wait: the mark is gone with the maker's answer.
    caches["default"].clear()
    with _counted_waits() as waits:
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert waits == []
    assert caches["default"].get(key + pagecache.FILLING) is None


@contextlib.contextmanager
def _counted_waits():
    """The pauses the page cache makes while it waits for another request's copy."""
    waits = []
    real_sleep = time.sleep

    def sleep(seconds):
        waits.append(seconds)
        real_sleep(seconds)

    with mock.patch.object(pagecache.time, "sleep", sleep):
        yield waits


def test_a_plain_streamed_body_is_kept_deflated_and_served_whole(client, page_cache, settings):
    PublicationFactory.create_batch(40)
    url = "/sitemap-publications-1.xml"
    plain = _body(client.get(url))
    assert len(plain) > 20_000
    # Larger than the bound as XML, within it deflated: kept.
    settings.PORTAL_PAGE_CACHE_MAX_BYTES = len(plain) // 3
    caches["default"].clear()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss" and _body(first) == plain
    kept = caches["default"].get(_filling_mark(url))
    assert kept is not None and len(kept[2]) <= len(plain) // 3
    hit = client.get(url)
    assert hit["X-Page-Cache"] == "hit" and "Content-Encoding" not in hit
    assert _body(hit) == plain
    assert hit["Content-Type"] == first["Content-Type"]


def test_a_plain_streamed_body_goes_out_gzipped_to_the_clients_that_take_gzip(
    client, page_cache, django_assert_num_queries
):
    PublicationFactory(title="Сжатая книга")
    url = "/ru/export/publications.ris"
    first = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert first["X-Page-Cache"] == "miss" and "Content-Encoding" not in first
    plain = _body(first)
    assert "Сжатая книга" in plain.decode()
    with django_assert_num_queries(0):
        hit = client.get(url, headers={"accept-encoding": "gzip"})
    assert hit["X-Page-Cache"] == "hit" and hit["Content-Encoding"] == "gzip"
    assert not hit.streaming and gzip.decompress(hit.content) == plain
    assert "Accept-Encoding" in hit["Vary"]
    assert hit["Content-Disposition"] == first["Content-Disposition"]
    # The control: a client that does not take gzip has its own copy, plain.
    made = client.get(url)
    assert made["X-Page-Cache"] == "miss" and _body(made) == plain
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit" and "Content-Encoding" not in again
    assert _body(again) == plain


def test_a_gzipped_copy_weakens_its_etag():
    stored = (200, [("ETag", '"abc"')], gzip.compress(b"body"), pagecache.GZIPPED)
    response = pagecache.PageCacheMiddleware._rebuild(stored)
    assert response["ETag"] == 'W/"abc"' and response["Content-Encoding"] == "gzip"
    plain = pagecache.PageCacheMiddleware._rebuild((200, [("ETag", '"abc"')], b"body", ""))
    assert plain["ETag"] == '"abc"' and "Content-Encoding" not in plain


def test_a_copy_kept_before_gzipped_copies_is_still_served_whole():
    # Kept by the previous release: a flag for "deflated" instead of the copy's form.
    deflated = pagecache.PageCacheMiddleware._rebuild((200, [], zlib.compress(b"body"), True))
    assert b"".join(deflated.streaming_content) == b"body"
    assert pagecache.PageCacheMiddleware._rebuild((200, [], b"body", False)).content == b"body"
