"""Usage statistics by the COUNTER R5.1 rules: recorded request sequences, counted exactly."""

import datetime

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from publications.models import PlatformUsageDay, Publication, UsageDay, UsageEvent, UsageMetric
from publications.usage import aggregate, events, robots
from tests import redis_server
from tests.publications.factories import PublicationFactory, PublicationFileFactory

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
BROWSERS = [
    FIREFOX,
    CHROME,
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 YaBrowser/24.12.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.6778.81 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
]
ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "GPTBot/1.2",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "Wget/1.21.4",
    "",
]
TII = UsageMetric.TOTAL_ITEM_INVESTIGATIONS
UII = UsageMetric.UNIQUE_ITEM_INVESTIGATIONS
TIR = UsageMetric.TOTAL_ITEM_REQUESTS
UIR = UsageMetric.UNIQUE_ITEM_REQUESTS
START = datetime.datetime(2026, 3, 10, 10, 5, tzinfo=datetime.UTC)


class Clock:
    def __init__(self):
        self.now = START

    def at(self, **delta):
        self.now = START + datetime.timedelta(**delta)
        return self


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(events, "now", lambda: clock.now)
    return clock


@pytest.fixture
def book():
    return PublicationFactory()


def view(publication, agent=FIREFOX, ip="203.0.113.7", client=None):
    client = client or Client(REMOTE_ADDR=ip)
    return client.get(publication.get_absolute_url(), headers={"User-Agent": agent})


def download(file, agent=FIREFOX, ip="203.0.113.7", method="get", client=None, **headers):
    client = client or Client(REMOTE_ADDR=ip)
    response = getattr(client, method)(
        reverse("publications:download", kwargs={"pk": file.pk}),
        headers={"User-Agent": agent, **headers},
    )
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def counted(publication):
    """Every metric of a publication, after the worker has counted what was recorded."""
    aggregate.aggregate(now=START)
    totals = dict.fromkeys((TII, UII, TIR, UIR), 0)
    for row in UsageDay.objects.filter(publication=publication):
        totals[row.metric] += row.count
    return totals


def platform():
    totals = {}
    for row in PlatformUsageDay.objects.all():
        totals[row.metric] = totals.get(row.metric, 0) + row.count
    return totals


# The double-click filter


def test_two_views_29_seconds_apart_are_one_and_31_seconds_apart_two(clock, book):
    other = PublicationFactory()
    view(book)
    clock.at(seconds=29)
    view(book)
    clock.at(minutes=10)
    view(other)
    clock.at(minutes=10, seconds=31)
    view(other)
    assert counted(book) == {TII: 1, UII: 1, TIR: 0, UIR: 0}
    assert counted(other) == {TII: 2, UII: 1, TIR: 0, UIR: 0}


def test_double_clicks_on_a_download(clock, book):
    file = PublicationFileFactory(publication=book)
    download(file)
    clock.at(seconds=29)
    download(file)
    assert counted(book) == {TII: 1, UII: 1, TIR: 1, UIR: 1}
    clock.at(seconds=60)  # 31 s after the last one
    download(file)
    assert counted(book) == {TII: 2, UII: 1, TIR: 2, UIR: 1}
    book.refresh_from_db()
    file.refresh_from_db()
    assert file.download_count == 2 and book.total_downloads == 2


def test_the_double_click_is_per_user_not_per_address(clock, book):
    view(book, agent=FIREFOX)
    view(book, agent=CHROME)  # same address, another browser: another user and session
    assert counted(book) == {TII: 2, UII: 2, TIR: 0, UIR: 0}


def test_a_double_click_is_seen_across_two_runs_of_the_worker(clock, book):
    view(book)
    aggregate.aggregate(now=START)
    clock.at(seconds=10)
    view(book)
    assert counted(book) == {TII: 1, UII: 1, TIR: 0, UIR: 0}


# Unique items per session (address + user agent + date + hour)


def test_unique_once_per_session_hour(clock, book):
    view(book)  # 10:05
    clock.at(minutes=40)  # 10:45: the same session
    view(book)
    clock.at(minutes=56)  # 11:01: a new session, an hour started
    view(book)
    assert counted(book) == {TII: 3, UII: 2, TIR: 0, UIR: 0}


def test_two_sessions_an_hour_apart_and_two_people(clock, book):
    file = PublicationFileFactory(publication=book)
    view(book, ip="198.51.100.1")
    download(file, ip="198.51.100.1")
    download(file, ip="198.51.100.2")
    clock.at(hours=1)
    download(file, ip="198.51.100.1")
    assert counted(book) == {TII: 4, UII: 3, TIR: 3, UIR: 3}
    assert platform()[UsageMetric.UNIQUE_TITLE_REQUESTS] == 3


def test_no_address_is_stored(clock, book):
    view(book, ip="192.0.2.99")
    event = UsageEvent.objects.get()
    stored = " ".join(str(value) for value in vars(event).values())
    assert "192.0.2.99" not in stored
    assert len(event.visitor) == 64 and event.visitor != event.session


# Robots and staff


@pytest.mark.parametrize("agent", BROWSERS)
def test_browsers_count(clock, book, agent):
    assert not robots.is_robot(agent)
    view(book, agent=agent)
    assert counted(book)[TII] == 1


@pytest.mark.parametrize("agent", ROBOTS)
def test_robots_do_not_count(clock, book, agent):
    file = PublicationFileFactory(publication=book)
    assert view(book, agent=agent).status_code == 200
    assert download(file, agent=agent).status_code == 200
    assert counted(book) == {TII: 0, UII: 0, TIR: 0, UIR: 0}
    assert not UsageEvent.objects.exists()


def test_the_robot_list_is_counter_robots():
    assert robots.LIST_VERSION == "2025.11"
    assert len(robots.patterns()) > 300


def test_staff_do_not_count(clock, book, django_user_model):
    file = PublicationFileFactory(publication=book)
    staff = Client(REMOTE_ADDR="203.0.113.50")
    staff.force_login(django_user_model.objects.create_user("ed", password="pw", is_staff=True))
    view(book, client=staff)
    download(file, client=staff)
    assert counted(book) == {TII: 0, UII: 0, TIR: 0, UIR: 0}
    # A logged-in reader who is not staff counts.
    reader = Client(REMOTE_ADDR="203.0.113.51")
    reader.force_login(django_user_model.objects.create_user("reader", password="pw"))
    view(book, client=reader)
    assert counted(book)[TII] == 1


# Which answers count


def test_a_run_of_range_requests_is_one_request(clock, book):
    file = PublicationFileFactory(publication=book, content=b"%PDF-1.4\n" + b"x" * 5000)
    for second, chunk in ((0, "0-999"), (40, "1000-1999"), (200, "2000-2999"), (900, "3000-")):
        clock.at(seconds=second)
        assert download(file, Range=f"bytes={chunk}").status_code == 206
    assert counted(book) == {TII: 1, UII: 1, TIR: 1, UIR: 1}
    # The next hour is another session: its run is another Request.
    clock.at(hours=1)
    download(file, Range="bytes=0-999")
    clock.at(hours=1, minutes=5)
    download(file, Range="bytes=1000-1999")
    assert counted(book) == {TII: 2, UII: 2, TIR: 2, UIR: 2}


def test_a_reader_that_starts_with_a_whole_answer_then_ranges_is_one_request(clock, book):
    file = PublicationFileFactory(publication=book, content=b"%PDF-1.4\n" + b"x" * 5000)
    download(file)  # the reader's first GET, cancelled once it sees Accept-Ranges
    clock.at(seconds=1)
    download(file, Range="bytes=0-999")
    clock.at(seconds=50)
    download(file, Range="bytes=1000-1999")
    assert counted(book) == {TII: 1, UII: 1, TIR: 1, UIR: 1}


def test_not_modified_counts_and_head_missing_and_unsatisfiable_do_not(clock, book):
    file = PublicationFileFactory(publication=book)
    assert download(file, If_None_Match=f'"{file.sha256}"').status_code == 304
    assert counted(book)[TIR] == 1
    clock.at(minutes=1)
    assert download(file, method="head").status_code == 200
    assert download(file, Range="bytes=999999-").status_code == 416
    missing = Client().get(reverse("publications:download", kwargs={"pk": 999999}))
    assert missing.status_code == 404
    assert Client().get("/ru/publications/no-such-book/").status_code == 404
    assert counted(book)[TIR] == 1


def test_only_successful_answers_are_recorded(rf, book):
    for status, kept in ((200, True), (206, True), (304, True), (404, False), (500, False)):
        request = rf.get("/", headers={"User-Agent": FIREFOX})
        assert events.record(request, status_code=status, publication_id=book.pk) is kept


def test_staff_only_files_and_drafts_are_not_counted(clock, staff_client):
    draft = PublicationFactory(draft=True)
    assert view(draft, client=staff_client).status_code == 200
    public = PublicationFactory()
    hidden = PublicationFileFactory(publication=public, access="staff")
    assert download(hidden).status_code == 404
    assert not UsageEvent.objects.exists()


# Roll-up of a collection and its articles


def test_an_article_is_also_an_investigation_of_its_collection(clock):
    collection = PublicationFactory(type=Publication.Type.COLLECTION)
    article = PublicationFactory(type=Publication.Type.ARTICLE, parent=collection)
    file = PublicationFileFactory(publication=article)
    view(article)
    clock.at(seconds=5)
    download(file)
    clock.at(minutes=1)
    view(collection)
    assert counted(article) == {TII: 2, UII: 1, TIR: 1, UIR: 1}
    # Two of the article's, one of its own; one session.
    assert counted(collection) == {TII: 3, UII: 1, TIR: 0, UIR: 0}
    # The platform counts each use once.
    totals = platform()
    assert totals[TII] == 3 and totals[TIR] == 1
    assert totals[UII] == 2  # the article and the collection, each once in the session
    assert totals[UsageMetric.UNIQUE_TITLE_INVESTIGATIONS] == 1


# Views served from the page cache


@pytest.mark.parametrize("backend", ["locmem"])
def test_a_page_from_the_page_cache_is_counted(clock, book, backend):
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        PORTAL_PAGE_CACHE_SECONDS=300,
    ):
        caches["default"].clear()
        first = view(book)
        clock.at(minutes=2)
        second = view(book)
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
        assert "X-Portal-Usage-Item" not in first and "X-Portal-Usage-Item" not in second
        caches["default"].clear()
    assert counted(book)[TII] == 2


# The worker


def test_counted_events_are_forgotten_after_two_hours(clock, book):
    view(book)
    aggregate.aggregate(now=START)
    assert UsageEvent.objects.filter(processed=True).count() == 1
    assert aggregate.aggregate(now=START + datetime.timedelta(hours=2, minutes=1)) == 0
    assert not UsageEvent.objects.exists()
    assert counted(book)[TII] == 1  # the count stays


def test_the_worker_job_counts(clock, book):
    from science_portal import tasks

    view(book)
    result = tasks.aggregate_usage.enqueue()
    assert result.return_value == "1 events counted"
    assert UsageDay.objects.get(publication=book, metric=TII).count == 1


def test_events_ask_for_the_worker_once_per_interval(clock, book, settings, monkeypatch):
    asked = []
    monkeypatch.setattr(events, "_schedulers", [lambda: asked.append(1)])
    monkeypatch.setattr(events, "_next_schedule", 0.0)
    settings.PORTAL_USAGE_AGGREGATE_SECONDS = 60
    for second in range(3):
        clock.at(minutes=second)
        view(book)
    assert asked == [1]


def test_the_redis_buffer(clock, book, settings):
    redis_server.require()
    settings.REDIS_URL = redis_server.CACHE_URL
    settings.PORTAL_USAGE_BUFFER = "redis"
    settings.PORTAL_USAGE_REDIS_KEY = "science-test:usage:events"
    events._redis(settings.REDIS_URL).delete(settings.PORTAL_USAGE_REDIS_KEY)
    view(book)
    assert not UsageEvent.objects.exists()  # waiting in Redis, not in the database
    assert counted(book) == {TII: 1, UII: 1, TIR: 0, UIR: 0}
    assert events._redis(settings.REDIS_URL).llen(settings.PORTAL_USAGE_REDIS_KEY) == 0


def test_the_day_is_the_local_day(clock, book):
    clock.now = datetime.datetime(2026, 3, 10, 22, 30, tzinfo=datetime.UTC)  # 01:30 in Moscow
    view(book)
    counted(book)
    assert UsageDay.objects.get(publication=book, metric=TII).day == datetime.date(2026, 3, 11)
    assert timezone.get_current_timezone_name() == "Europe/Moscow"
