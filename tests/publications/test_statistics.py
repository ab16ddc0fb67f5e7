"""Download statistics: once per visitor and day, no robots, no resumed ranges, no raw IPs."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from publications import stats
from publications.models import DownloadVisit
from tests.publications.factories import PublicationFactory, PublicationFileFactory

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
SAFARI_PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
YANDEX_BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 YaBrowser/24.4.0.0 Safari/537.36"
)


@pytest.fixture
def file():
    return PublicationFileFactory()


def download(file, agent=FIREFOX, ip="203.0.113.7", method="get", **headers):
    client = Client(REMOTE_ADDR=ip)
    response = getattr(client, method)(
        reverse("publications:download", kwargs={"pk": file.pk}),
        headers={"User-Agent": agent, **headers},
    )
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def count(file):
    file.refresh_from_db()
    return file.download_count


def test_one_count_per_visitor_per_day(file):
    download(file)
    download(file)
    download(file, **{"Range": "bytes=0-"})
    assert count(file) == 1
    assert DownloadVisit.objects.filter(file=file).count() == 1


def test_another_visitor_counts_again(file):
    download(file)
    download(file, ip="198.51.100.20")
    download(file, agent=CHROME)  # the same address, seconds later: the same person
    assert count(file) == 2
    cache.clear()  # the double-click window (30 s) has passed
    download(file, agent=CHROME)
    assert count(file) == 3


def test_many_user_agents_from_one_address_within_seconds_count_once(file):
    for n in range(20):
        download(file, agent=f"{CHROME} build/{n}", Range="bytes=0-0")
    assert count(file) == 1
    download(file, ip="198.51.100.21", Range="bytes=0-0")  # the control: another address
    assert count(file) == 2


def test_the_next_day_counts_again(file, rf):
    request = rf.get("/", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7")
    today = datetime.date(2024, 3, 1)
    assert stats.record_download(file=file, request=request, day=today)
    assert not stats.record_download(file=file, request=request, day=today)
    assert stats.record_download(file=file, request=request, day=today + datetime.timedelta(1))
    assert count(file) == 2


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.5.0",
        "Wget/1.21.4",
        "python-requests/2.32.3",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
        "facebookexternalhit/1.1",
        "",
    ],
)
def test_robots_are_not_counted(file, agent):
    response = download(file, agent=agent)
    assert response.status_code == 200
    assert count(file) == 0


@pytest.mark.parametrize("agent", [FIREFOX, CHROME, SAFARI_PHONE, YANDEX_BROWSER])
def test_browsers_are_not_mistaken_for_robots(agent):
    assert not stats.is_robot(agent)


def test_resumed_download_is_not_counted(file):
    response = download(file, Range="bytes=100-")
    assert response.status_code == 206
    download(file, Range="bytes=-100")
    assert count(file) == 0
    download(file, Range="bytes=0-99")
    assert count(file) == 1


def test_head_and_304_are_not_counted(file):
    assert download(file, method="head").status_code == 200
    not_modified = download(file, **{"If-None-Match": f'"{file.sha256}"'})
    assert not_modified.status_code == 304
    assert count(file) == 0


def test_staff_preview_of_a_draft_is_not_counted(staff_client):
    file = PublicationFileFactory(publication=PublicationFactory(draft=True))
    response = staff_client.get(
        reverse("publications:download", kwargs={"pk": file.pk}),
        headers={"User-Agent": FIREFOX},
    )
    assert response.status_code == 200
    assert count(file) == 0


def test_no_raw_ip_is_stored(file, settings):
    settings.DOWNLOAD_VISITOR_SALT = "salt-one"
    download(file, ip="192.0.2.55")
    visit = DownloadVisit.objects.get(file=file)
    assert "192.0.2.55" not in visit.visitor
    assert len(visit.visitor) == 64
    settings.DOWNLOAD_VISITOR_SALT = "salt-two"
    download(file, ip="192.0.2.55")
    # A new salt gives a new hash: the stored value cannot be recomputed without the salt.
    assert DownloadVisit.objects.filter(file=file).count() == 2


def test_monthly_figures(file):
    other = PublicationFileFactory(publication=file.publication)
    for day, target, visitor in [
        (datetime.date(2024, 1, 5), file, "a"),
        (datetime.date(2024, 1, 9), file, "b"),
        (datetime.date(2024, 1, 9), other, "a"),
        (datetime.date(2024, 3, 1), file, "a"),
    ]:
        DownloadVisit.objects.create(file=target, visitor=visitor, day=day)
    rows = stats.monthly_downloads([file, other], today=datetime.date(2024, 3, 20))
    assert rows == [
        (datetime.date(2024, 3, 1), {file.pk: 1}, 1),
        (datetime.date(2024, 1, 1), {file.pk: 2, other.pk: 1}, 3),
    ]
