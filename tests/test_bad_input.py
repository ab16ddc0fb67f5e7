"""Bad input never gives a 500: every public URL against malformed query strings and headers.

Each public URL is requested with hostile parameters (non-numeric, negative and huge page
numbers, unknown filter and sort values, invalid dates, repeated parameters, very long values,
null bytes, SQL-looking strings, broken percent-encoding), every public address with bad slugs,
and every download with bad Range / If-None-Match / If-Modified-Since headers. The answer is
always 200 (maybe empty), 206, 304, 400, 404, 412 or 416; an HTML error page is the site's
styled one.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from publications.models import Publication
from publications.oai.views import repository_identifier
from tests.events.factories import EventFactory, SessionFactory, SpeakerFactory, TalkFactory
from tests.people.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    image_upload,
)
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
    TopicFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

SITE_HEADER = 'class="site-header"'
ACCEPTED = {200, 206, 304, 400, 404, 412, 416}
HUGE = "9" * 30


# --- A small world ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("bad-input-media")


@pytest.fixture(autouse=True)
def media_root(settings, world_media):
    """Every test reads the files the module's world stored."""
    settings.MEDIA_ROOT = world_media
    return world_media


def _build():
    topic = TopicFactory(name="Цифровая таможня", name_en="Digital customs", slug="topic")
    organization = OrganizationFactory(slug="org", name="Академия", name_en="Academy")
    person = PersonFactory(slug="person", photo=image_upload("photo.jpg"))
    AffiliationFactory(person=person, organization=organization)
    publication = PublicationFactory(
        slug="pub",
        type=Publication.Type.MONOGRAPH,
        year=2021,
        abstract="Таможня и цифровые технологии.",
        cover=image_upload("cover.jpg"),
    )
    publication.topics.add(topic)
    AuthorshipFactory(publication=publication, person=person)
    PublisherFactory(publication=publication, organization=organization)
    file = PublicationFileFactory(publication=publication, content=pdf_bytes("Customs text"))
    today = timezone.localdate()
    event = EventFactory(
        slug="event",
        start_date=today + datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=6),
        cover=image_upload("event.jpg"),
    )
    event.topics.add(topic)
    event.organizers.add(organization)
    SessionFactory(event=event, date=event.start_date, start_time=datetime.time(10))
    talk = TalkFactory(
        event=event,
        slides=ContentFile(pdf_bytes("Slides"), name="slides.pdf"),
        slides_original_name="Слайды.pdf",
    )
    talk.publications.add(publication)
    SpeakerFactory(talk=talk, person=person)
    return {"file": file.pk, "talk": talk.pk, "publication": publication.pk}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """The rows, built once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=world_media), translation.override("ru"):
                rows = _build()
            yield rows
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def request(client, url, method="get", **headers):
    client.raise_request_exception = False
    response = getattr(client, method)(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.body_text = body.decode("utf-8", errors="replace")
    return response


def assert_clear_answer(response, *, html_page=False):
    """No 500; an HTML error is the styled page; a page of the site answers in HTML."""
    assert response.status_code < 500, response.status_code
    assert response.status_code in ACCEPTED, response.status_code
    content_type = response.get("Content-Type", "")
    if response.status_code >= 400 and content_type.startswith("text/html"):
        assert SITE_HEADER in response.body_text, "an unstyled error page"
    if html_page and response.status_code in (400, 404):
        assert content_type.startswith("text/html"), content_type
    assert "Traceback" not in response.body_text


# --- Public URLs × hostile query strings ------------------------------------------------------

# Pages of the site (their 4xx answers must be the styled HTML pages).
PAGES = [
    "/ru/",
    "/ru/publications/",
    "/en/publications/",
    "/ru/publications/topics/",
    "/ru/publications/topics/topic/",
    "/ru/publications/pub/",
    "/ru/people/",
    "/en/people/",
    "/ru/people/organisations/",
    "/ru/people/organisations/org/",
    "/ru/people/person/",
    "/ru/events/",
    "/en/events/",
    "/ru/events/event/",
    "/ru/search/",
    "/en/search/",
]
# Machine endpoints: feeds, exports, suggestions, calendar, sitemap, robots.txt, OAI-PMH.
ENDPOINTS = [
    "/ru/search/suggest/",
    "/ru/feeds/publications.rss",
    "/en/feeds/publications.atom",
    "/ru/feeds/topics/topic.rss",
    "/ru/feeds/authors/person.atom",
    "/ru/feeds/events.rss",
    "/ru/export/publications.bib",
    "/en/export/publications.ris",
    "/ru/export/publications.json",
    "/ru/export/publications/pub.bib",
    "/ru/events/event/calendar.ics",
    "/sitemap.xml",
    "/sitemap-pages-1.xml",
    "/sitemap-publications-1.xml",
    "/robots.txt",
    "/oai/",
]

# Hostile query strings, as sent (already percent-encoded where needed).
GENERIC = {
    "page-huge": "page=999999999",
    "page-huger": f"page={HUGE}",
    "page-abc": "page=abc",
    "page-negative": "page=-1",
    "page-zero": "page=0",
    "page-float": "page=1.5",
    "page-exp": "page=1e10",
    "page-null": "page=%00",
    "page-empty": "page=",
    "page-repeated": "page=1&page=abc&page=2",
    "p-sitemap": "p=abc",
    "p-huge": f"p={HUGE}",
    "q-null": "q=%00",
    "q-nulls": "q=a%00b%00%00",
    "q-long": "q=" + "x" * 5000,
    "q-words": "q=" + "%D1%82%D0%B0%D0%BC%D0%BE%D0%B6%D0%BD%D1%8F+" * 500,
    "q-sql": "q=%27%3B%20DROP%20TABLE%20people_person%3B%20--",
    "q-or": "q=1%27%20OR%20%271%27%3D%271",
    "q-tsquery": "q=%27a%27%3A*%20%26%20!b%20%7C%20(",
    "q-percent": "q=%25_%25",
    "q-bad-utf8": "q=%FF%FE%FD",
    "q-bad-percent": "q=%ZZ%G1%",
    "q-array": "q[]=a&q[]=b",
    "q-superscripts": "q=%C2%B2%C2%B3%C2%B9",
    "q-fullwidth": "q=%EF%BC%A1%EF%BC%A2",
    "q-fraktur": "q=%F0%9D%94%98%F0%9D%94%AB",
    "q-combining": "q=a%CC%81%CC%81%CC%81",
    "q-zero-width": "q=%E2%80%8B%E2%80%8B",
    "q-noncharacter": "q=%EF%BF%BF",
    "q-surrogate": "q=%ED%A0%80",
    "page-superscript": "page=%C2%B2",
    "page-arabic-digit": "page=%D9%A3",
    "page-5000-digits": "page=" + "9" * 5000,
    "q-repeated": "q=a&q=" + "b" * 3000,
    "key-null": "%00=%00",
    "key-long": "k" * 3000 + "=1",
    "empty-pairs": "&&&=&=x&",
    "unknown": "utm_source=x&foo=bar",
    "sort-evil": "sort=evil",
    "sort-null": "sort=%00",
    "sort-sql": "sort=title%3B%20DROP%20TABLE%20x",
    "sort-repeated": "sort=title&sort=evil",
}
FILTERS = {
    "type-unknown": "type=novel",
    "type-null": "type=%00",
    "type-repeated": "type=monograph&type=novel",
    "language-unknown": "language=klingon",
    "year-text": "year=nineteen",
    "year-huge": f"year={HUGE}",
    "year-negative": "year=-2021",
    "year-date": "year=2021-13-45",
    "year-null": "year=%00",
    "year-superscript": "year=%C2%B2",
    "year-5000-digits": "year=" + "9" * 5000,
    "year-arabic-digits": "year=%D9%A2%D9%A0%D9%A2%D9%A1",
    "year-from-text": "year_from=abc",
    "year-from-huge": f"year_from={HUGE}",
    "year-from-float": "year_from=1e3",
    "year-to-negative": "year_to=-5",
    "year-range-reversed": "year_from=2100&year_to=1800",
    "year-from-null": "year_from=%00",
    "year-from-superscript": "year_from=%C2%B2",
    "year-from-5000-digits": "year_from=" + "9" * 5000,
    "topic-unknown": "topic=no-such-topic",
    "topic-null": "topic=%00",
    "topic-sql": "topic=%27%20OR%201%3D1%20--",
    "topic-long": "topic=" + "t" * 3000,
    "topic-path": "topic=..%2F..%2Fetc%2Fpasswd",
    "author-unknown": "author=nobody",
    "author-null": "author=%00",
    "author-long": "author=" + "a" * 3000,
    "publisher-unknown": "publisher=nobody",
    "publisher-sql": "publisher=%27%3B--",
    "has-file-unknown": "has_file=maybe",
    "organization-unknown": "organization=nope",
    "organization-null": "organization=%00",
    "organization-long": "organization=" + "o" * 3000,
    "letter-two": "letter=ab",
    "letter-digit": "letter=1",
    "letter-null": "letter=%00",
    "letter-yo": "letter=%D0%81",
    "when-unknown": "when=tomorrow",
    "when-null": "when=%00",
    "organiser-unknown": "organiser=nope",
    "organiser-null": "organiser=%00",
    "kind-unknown": "kind=secrets",
    "kind-null": "kind=%00",
    "everything": "type=x&year=x&year_from=x&year_to=x&topic=x&author=x&publisher=x&language=x"
    "&has_file=x&sort=x&organization=x&letter=xx&when=x&organiser=x&kind=x&page=x",
}
# Lists whose filters the FILTERS strings aim at (the other URLs get GENERIC only).
FILTERED = [
    "/ru/publications/",
    "/en/publications/",
    "/ru/people/",
    "/ru/events/",
    "/en/search/",
    "/ru/search/suggest/",
    "/ru/export/publications.bib",
    "/ru/publications/topics/topic/",
]


# Files, images and slides (their own tests below also send bad headers).
DOWNLOADS = {
    "file": "/ru/publications/files/{file}/",
    "cover": "/ru/publications/pub/cover/small/",
    "photo": "/ru/people/person/photo/small/",
    "event-cover": "/ru/events/event/cover/medium/",
    "slides": "/ru/events/talks/{talk}/slides/",
}


def _cases():
    cases = []
    for url in PAGES + ENDPOINTS:
        for name, query in GENERIC.items():
            cases.append(pytest.param(url, query, id=f"{url}?{name}"))
    for url in FILTERED:
        for name, query in FILTERS.items():
            cases.append(pytest.param(url, query, id=f"{url}?{name}"))
    for target in DOWNLOADS.values():
        for name in ("page-huge", "q-null", "key-null", "key-long", "empty-pairs", "q-bad-utf8"):
            cases.append(pytest.param(target, GENERIC[name], id=f"{target}?{name}"))
    for name in ("q-words", "page-huge", "sort-evil"):
        cases.append(pytest.param("/en/search/", f"q=customs&{GENERIC[name]}", id=f"q+{name}"))
    return cases


@pytest.mark.parametrize(("url", "query"), _cases())
def test_hostile_query_string_gets_a_clear_answer(client, world, url, query):
    response = request(client, f"{url.format(**world)}?{query}")
    assert_clear_answer(response, html_page=url in PAGES)


@pytest.mark.parametrize(
    ("url", "query", "status"),
    [
        ("/ru/publications/", "page=999999999", 404),
        ("/ru/publications/", "page=abc", 404),
        ("/ru/publications/", "type=novel", 400),
        ("/ru/publications/", "year_from=abc", 400),
        ("/ru/publications/", "sort=evil", 400),
        ("/ru/publications/", "topic=no-such-topic", 400),
        ("/ru/people/", "letter=ab", 400),
        ("/ru/people/", "organization=nope", 400),
        ("/ru/events/", "when=tomorrow", 400),
        ("/ru/events/", "page=999999999", 404),
        ("/en/search/", "q=customs&page=999999999", 200),
        ("/en/search/", "q=customs&type=novel", 200),
        ("/ru/export/publications.bib", "sort=evil", 400),
        ("/sitemap.xml", "p=abc", 404),
    ],
)
def test_bad_values_are_refused_or_ignored_visibly(client, world, url, query, status):
    """Not just "no 500": the documented answer, and the refusal says what was wrong."""
    response = request(client, f"{url}?{query}")
    assert response.status_code == status
    assert_clear_answer(response, html_page=url in PAGES)


def test_a_refused_filter_keeps_the_page_usable(client, world):
    response = request(client, "/en/publications/?type=novel&topic=nope")
    assert response.status_code == 400
    html = response.body_text
    assert SITE_HEADER in html
    assert "filter-errors" in html  # the page says which filters were refused
    assert "novel" in html
    assert 'href="/en/publications/"' in html  # and offers the way back to the whole list


def test_an_empty_result_is_a_200_page(client, world):
    response = request(client, "/en/publications/?year_from=2100&year_to=1800")
    assert response.status_code == 200
    assert response.context["paginator"].count == 0


# --- Bad slugs and addresses ------------------------------------------------------------------

BAD_PATHS = [
    "/ru/publications/%00/",
    "/ru/publications/pub%00/",
    "/ru/publications/" + "a" * 3000 + "/",
    "/ru/publications/%D0%BA%D0%BD%D0%B8%D0%B3%D0%B0/",
    "/ru/publications/..%2F..%2Fetc%2Fpasswd/",
    "/ru/publications/pub%27%20OR%201%3D1/",
    "/ru/publications/%FF%FE/",
    "/ru/publications/topics/%00/",
    "/ru/publications/topics/nope/",
    f"/ru/publications/files/{HUGE}/",
    "/ru/publications/files/0/",
    "/ru/publications/files/999999/",
    "/ru/publications/files/-1/",
    "/ru/publications/files/abc/",
    "/ru/publications/pub/cover/xl/",
    "/ru/publications/pub/cover/%00/",
    "/ru/publications/nope/cover/small/",
    "/ru/people/nope/",
    "/ru/people/%00/",
    "/ru/people/person/photo/huge/",
    "/ru/people/nope/photo/small/",
    "/ru/people/organisations/nope/",
    "/ru/people/organisations/" + "o" * 3000 + "/",
    "/ru/events/nope/",
    "/ru/events/%00/",
    "/ru/events/nope/calendar.ics",
    "/ru/events/event/cover/big/",
    f"/ru/events/talks/{HUGE}/slides/",
    "/ru/events/talks/0/slides/",
    "/ru/export/publications.pdf",
    "/ru/export/publications.bib.exe",
    "/ru/export/publications/pub.xml",
    "/ru/export/publications/nope.bib",
    "/ru/export/publications/%00.bib",
    "/ru/export/publications/" + "p" * 3000 + ".ris",
    "/ru/feeds/topics/nope.rss",
    "/ru/feeds/authors/%00.atom",
    "/ru/feeds/authors/nope.rss",
    "/ru/feeds/nope.rss",
    "/xx/publications/",
    "/ru/nope/",
    "/en/" + "%00" * 50,
]


@pytest.mark.parametrize("path", BAD_PATHS, ids=lambda p: p[:60])
def test_bad_address_gets_a_styled_404(client, world, path):
    response = request(client, path)
    assert response.status_code == 404
    assert_clear_answer(response, html_page=True)


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize(
    "url", ["/ru/publications/", "/ru/publications/files/{file}/", "/ru/export/publications.bib"]
)
def test_unsafe_methods_are_refused_cleanly(client, world, method, url):
    response = request(client, url.format(file=world["file"]), method=method)
    assert 400 <= response.status_code < 500


# --- OAI-PMH: errors in the protocol's own answer ---------------------------------------------

LIST = "verb=ListRecords&metadataPrefix=oai_dc"
OAI = {
    "no-verb": "",
    "verb-unknown": "verb=Nope",
    "verb-null": "verb=%00",
    "verb-repeated": "verb=Identify&verb=Identify",
    "prefix-missing": "verb=ListRecords",
    "prefix-unknown": "verb=ListRecords&metadataPrefix=marc",
    "prefix-null": "verb=ListRecords&metadataPrefix=%00",
    "prefix-repeated": f"{LIST}&metadataPrefix=oai_dc",
    "illegal-argument": f"{LIST}&page=2",
    "from-text": f"{LIST}&from=abc",
    "from-feb-30": f"{LIST}&from=2021-02-30",
    "from-month-13": f"{LIST}&from=2021-13-01",
    "from-year-0": f"{LIST}&from=0000-01-01",
    "from-year-1": f"{LIST}&from=0001-01-01",
    "from-hour-25": f"{LIST}&from=2021-01-01T25:00:00Z",
    "from-null": f"{LIST}&from=%00",
    "until-last-day": f"{LIST}&until=9999-12-31",
    "until-last-second": f"{LIST}&until=9999-12-31T23:59:59Z",
    "from-last-day": f"{LIST}&from=9999-12-31",
    "range-reversed": f"{LIST}&from=2021-01-01&until=2020-01-01",
    "granularity-mixed": f"{LIST}&from=2021-01-01&until=2021-01-02T00:00:00Z",
    "set-unknown": f"{LIST}&set=topic:nope",
    "set-bad": f"{LIST}&set=a::b",
    "set-null": f"{LIST}&set=%00",
    "token-garbage": "verb=ListRecords&resumptionToken=garbage",
    "token-null": "verb=ListRecords&resumptionToken=%00",
    "token-long": "verb=ListIdentifiers&resumptionToken=" + "t" * 5000,
    "token-and-prefix": f"{LIST}&resumptionToken=x",
    "sets-token": "verb=ListSets&resumptionToken=x",
    "record-huge-id": f"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:{HUGE}",
    "record-negative-id": "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:-1",
    "record-null-id": "verb=GetRecord&metadataPrefix=oai_dc&identifier=%00",
    "record-sql-id": "verb=GetRecord&metadataPrefix=oai_dc&identifier=1%27%20OR%201%3D1",
    "record-no-id": "verb=GetRecord&metadataPrefix=oai_dc",
    "formats-unknown-id": "verb=ListMetadataFormats&identifier=oai:nope:1",
    "identify-extra": "verb=Identify&extra=1",
    "record-superscript-id": "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{rid}:%C2%B2",
    "formats-superscript-id": "verb=ListMetadataFormats&identifier=oai:{rid}:%C2%B2",
    "record-arabic-digit-id": "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{rid}:%D9%A3",
    "record-5000-digit-id": "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{rid}:"
    + "9" * 5000,
}


@pytest.mark.parametrize(
    "query",
    [pytest.param(query, id=name) for name, query in OAI.items()],
)
def test_oai_bad_arguments_get_an_oai_error_not_a_500(client, world, query):
    response = request(client, f"/oai/?{query.format(rid=repository_identifier())}")
    assert_clear_answer(response)


@pytest.mark.parametrize("query", [OAI[name] for name in ("verb-unknown", "from-text", "set-null")])
def test_oai_bad_arguments_by_post_get_an_oai_error(client, world, query):
    client.raise_request_exception = False
    response = client.post("/oai/", data=query, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert b"<error code=" in response.content


@pytest.mark.parametrize(
    "query",
    [pytest.param(query, id=name) for name, query in OAI.items()],
)
def test_oai_error_answer_is_well_formed_xml_with_an_error_code(client, world, query):
    response = request(client, f"/oai/?{query.format(rid=repository_identifier())}")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    errors = root.findall("{http://www.openarchives.org/OAI/2.0/}error")
    body = [child for child in root if not child.tag.endswith(("responseDate", "request"))]
    assert body, "neither an error nor an answer"
    assert all(error.get("code") for error in errors)


# --- Downloads with bad conditional and Range headers -----------------------------------------

HEADERS = {
    "range-text": {"HTTP_RANGE": "bytes=abc"},
    "range-past-end": {"HTTP_RANGE": "bytes=999999999-"},
    "range-huge-start": {"HTTP_RANGE": f"bytes={HUGE}-"},
    "range-huge-end": {"HTTP_RANGE": f"bytes=0-{HUGE}"},
    "range-huge-suffix": {"HTTP_RANGE": f"bytes=-{HUGE}"},
    "range-reversed": {"HTTP_RANGE": "bytes=5-1"},
    "range-zero-suffix": {"HTTP_RANGE": "bytes=-0"},
    "range-multi": {"HTTP_RANGE": "bytes=0-0,5-10,-3"},
    "range-empty": {"HTTP_RANGE": "bytes=-"},
    "range-dashes": {"HTTP_RANGE": "bytes=--1"},
    "range-unit": {"HTTP_RANGE": "items=0-10"},
    "range-spaces": {"HTTP_RANGE": "bytes = 1 - 2"},
    "range-null": {"HTTP_RANGE": "bytes=0-1\x00"},
    "range-negative": {"HTTP_RANGE": "bytes=-5--1"},
    "range-long": {"HTTP_RANGE": "bytes=" + "0-1," * 2000},
    "if-none-match-garbage": {"HTTP_IF_NONE_MATCH": "garbage"},
    "if-none-match-star": {"HTTP_IF_NONE_MATCH": "*"},
    "if-none-match-unterminated": {"HTTP_IF_NONE_MATCH": '"abc'},
    "if-none-match-list": {"HTTP_IF_NONE_MATCH": 'W/"a", "b", , "'},
    "if-none-match-long": {"HTTP_IF_NONE_MATCH": '"' + "e" * 10000 + '"'},
    "if-modified-since-garbage": {"HTTP_IF_MODIFIED_SINCE": "garbage"},
    "if-modified-since-bad-date": {"HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 2021 25:61:61 GMT"},
    "if-modified-since-year-99999": {"HTTP_IF_MODIFIED_SINCE": "Sat, 01 Jan 99999 00:00:00 GMT"},
    "if-modified-since-year-9999": {"HTTP_IF_MODIFIED_SINCE": "Fri, 31 Dec 9999 23:59:59 GMT"},
    "if-modified-since-epoch": {"HTTP_IF_MODIFIED_SINCE": "Thu, 01 Jan 1970 00:00:00 GMT"},
    "if-modified-since-number": {"HTTP_IF_MODIFIED_SINCE": "-1"},
    "if-unmodified-since-garbage": {"HTTP_IF_UNMODIFIED_SINCE": "garbage"},
    "if-match-garbage": {"HTTP_IF_MATCH": "garbage"},
    "if-range-garbage": {"HTTP_RANGE": "bytes=0-10", "HTTP_IF_RANGE": "garbage"},
    "if-range-bad-date": {"HTTP_RANGE": "bytes=0-10", "HTTP_IF_RANGE": "Mon, 99 Foo 2021"},
    "if-range-weak": {"HTTP_RANGE": "bytes=0-10", "HTTP_IF_RANGE": 'W/"x"'},
    "everything": {
        "HTTP_RANGE": "bytes=abc",
        "HTTP_IF_NONE_MATCH": "garbage",
        "HTTP_IF_MODIFIED_SINCE": "garbage",
        "HTTP_IF_RANGE": "garbage",
    },
}


@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("headers", HEADERS.values(), ids=HEADERS.keys())
@pytest.mark.parametrize("target", DOWNLOADS.values(), ids=DOWNLOADS.keys())
def test_download_with_bad_headers_gets_a_clear_answer(client, world, target, headers, method):
    url = target.format(**world)
    response = request(client, url, method=method, **headers)
    assert_clear_answer(response)
    assert response.status_code in {200, 206, 304, 412, 416}, response.status_code
    if response.status_code == 416:
        assert response["Content-Range"].startswith("bytes */")


def test_download_range_answers_are_exact(client, world):
    """The positive control: the file really is served, and good ranges get 206."""
    url = f"/ru/publications/files/{world['file']}/"
    whole = request(client, url)
    assert whole.status_code == 200
    size = int(whole["Content-Length"])
    part = request(client, url, HTTP_RANGE="bytes=0-3")
    assert part.status_code == 206
    assert part.body_text == "%PDF"
    assert request(client, url, HTTP_RANGE=f"bytes={size}-").status_code == 416
    assert request(client, url, HTTP_IF_NONE_MATCH=whole["ETag"]).status_code == 304


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "garbage;q=abc,,;;,"},
        {"HTTP_ACCEPT_LANGUAGE": "en;q=" + "9" * 5000},
        {"HTTP_ACCEPT_LANGUAGE": "x-" * 3000},
        {"HTTP_ACCEPT_LANGUAGE": "\x00"},
        {"HTTP_COOKIE": "django_language=%00; sessionid=garbage; csrftoken=" + "c" * 5000},
    ],
    ids=["accept-garbage", "accept-huge-q", "accept-long", "accept-null", "cookies"],
)
@pytest.mark.parametrize("url", ["/", "/ru/", "/en/publications/", "/en/search/?q=customs"])
def test_bad_language_headers_and_cookies_get_a_clear_answer(client, world, url, headers):
    response = request(client, url, **headers)
    assert response.status_code in (200, 302), response.status_code
