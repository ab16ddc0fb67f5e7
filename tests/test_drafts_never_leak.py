"""Drafts never leak: one world of published and hidden rows, every public path in both languages.

Hidden rows carry "LEAKMARKER" in every name and title and have slugs starting with "leak-";
no public response may contain either. Draft people and organisations that are credited on
published works (an author, a publisher, a speaker) carry "CREDITMARKER" and slugs starting
with "credit-": the site prints such a credit as plain text on the work it belongs to, but
never links to the hidden profile and never lists it as an entity of its own (people and
organisation lists, facets, search, sitemap). Published counterparts carry "OKMARKER": each
check also asserts they are there, so that no check passes on an empty page.
"""

import datetime
import re
import xml.etree.ElementTree as ET

import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone, translation

from core.publishing import Visibility
from publications.models import Authorship, Publication, PublicationFile
from publications.oai.views import oai_identifier
from science_portal.models import SearchDocument
from tests.events.factories import (
    EventFactory,
    ParticipationFactory,
    SessionFactory,
    SpeakerFactory,
    TalkFactory,
)
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
from tests.sitemap_reader import sitemap_files, sitemap_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["ru", "en"]
LEAK = "LEAKMARKER"
CREDIT = "CREDITMARKER"
# Every hidden row's slug starts with this: a URL of a hidden row contains it.
HIDDEN_SLUG = "leak-"
CREDIT_SLUGS = ("credit-person", "credit-org")
# A word every row shares, so that one search finds all of them (and must show only some).
WORD = "zebraword"
DRAFT, PUBLISHED, WITHDRAWN = Visibility.DRAFT, Visibility.PUBLISHED, Visibility.WITHDRAWN

OAI_NS = {"oai": "http://www.openarchives.org/OAI/2.0/"}


# --- The world --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("drafts-media")


@pytest.fixture(autouse=True)
def media_root(settings, world_media):
    """Every test reads the files the module's world stored (instead of a folder of its own)."""
    settings.MEDIA_ROOT = world_media
    return world_media


def _named(marker, **extra):
    """Both translated columns of a title-like field hold the marker and the shared word."""
    return {"ru": f"{marker} {WORD}", "en": f"{marker} {WORD}"} | extra


def _build():
    today = timezone.localdate()
    now = timezone.now()
    w = {}

    # Topics.
    topic = _named("OKMARKER-topic")
    w["topic_ok"] = TopicFactory(
        name=topic["ru"], name_en=topic["en"], slug="ok-topic", featured=True
    )
    topic = _named("LEAKMARKER-draft-topic")
    w["topic_draft"] = TopicFactory(
        name=topic["ru"], name_en=topic["en"], slug="leak-topic", featured=True, status=DRAFT
    )

    # Organisations: a published one; its draft unit; a published unit of that draft unit;
    # a draft organisation credited as a publisher and as a speaker's organisation.
    name = _named("OKMARKER-organization")
    w["org_ok"] = OrganizationFactory(
        name=name["ru"], name_en=name["en"], short_name="OKMARKER-org-short", slug="ok-org"
    )
    name = _named("LEAKMARKER-draft-organization")
    w["org_draft"] = OrganizationFactory(
        name=name["ru"],
        name_en=name["en"],
        short_name="LEAKMARKER-draft-org-short",
        slug="leak-org",
        parent=w["org_ok"],
        status=DRAFT,
    )
    name = _named("OKMARKER-unit")
    w["org_unit"] = OrganizationFactory(
        name=name["ru"], name_en=name["en"], slug="ok-unit", parent=w["org_draft"]
    )
    name = _named("CREDITMARKER-draft-publisher")
    w["org_credit"] = OrganizationFactory(
        name=name["ru"],
        name_en=name["en"],
        short_name="CREDITMARKER-publisher-short",
        slug="credit-org",
        status=DRAFT,
    )

    # People (Latin names only: every language shows the same spelling).
    w["person_ok"] = PersonFactory(
        family_name_cyr="",
        given_name_cyr="",
        family_name_lat="OKMARKER-person",
        given_name_lat=WORD.capitalize(),
        slug="ok-person",
        photo=image_upload("ok.jpg"),
    )
    w["person_draft"] = PersonFactory(
        family_name_cyr="",
        given_name_cyr="",
        family_name_lat="LEAKMARKER-draft-person",
        given_name_lat=WORD.capitalize(),
        slug="leak-person",
        photo=image_upload("leak.jpg"),
        status=DRAFT,
        variants=["LEAKMARKER-variant Moser"],
    )
    w["person_credit"] = PersonFactory(
        family_name_cyr="",
        given_name_cyr="",
        family_name_lat="CREDITMARKER-draft-author",
        given_name_lat=WORD.capitalize(),
        slug="credit-person",
        photo=image_upload("credit.jpg"),
        status=DRAFT,
    )
    for organization in (w["org_ok"], w["org_draft"], w["org_unit"]):
        AffiliationFactory(person=w["person_ok"], organization=organization)
    AffiliationFactory(person=w["person_draft"], organization=w["org_ok"])
    AffiliationFactory(person=w["person_credit"], organization=w["org_ok"])

    # Publications.
    def publication(marker, slug, **values):
        title = _named(marker)
        return PublicationFactory(
            title=title["ru"],
            title_en=title["en"],
            slug=slug,
            abstract=f"{marker} abstract {WORD}",
            abstract_en=f"{marker} abstract {WORD}",
            keywords=f"{marker}-keyword",
            keywords_en=f"{marker}-keyword",
            **values,
        )

    w["pub_ok"] = publication(
        "OKMARKER-published-publication",
        "ok-pub",
        type=Publication.Type.MONOGRAPH,
        year=2020,
        cover=image_upload("cover-ok.jpg"),
    )
    w["pub_draft"] = publication(
        "LEAKMARKER-draft-publication",
        "leak-pub",
        type=Publication.Type.COLLECTION,
        year=2019,
        draft=True,
        cover=image_upload("cover-leak.jpg"),
    )
    w["pub_scheduled"] = publication(
        "LEAKMARKER-scheduled-publication",
        "leak-scheduled",
        type=Publication.Type.REPORT,
        year=2018,
        published_at=now + datetime.timedelta(days=30),
        cover=image_upload("cover-scheduled.jpg"),
    )
    # A published article printed in the draft collection, a draft article in the monograph.
    w["pub_article"] = publication(
        "OKMARKER-article",
        "ok-article",
        type=Publication.Type.ARTICLE,
        year=2019,
        parent=w["pub_draft"],
        first_page=3,
        last_page=9,
    )
    w["pub_draft_article"] = publication(
        "LEAKMARKER-draft-article",
        "leak-article",
        type=Publication.Type.ARTICLE,
        year=2020,
        draft=True,
        parent=w["pub_ok"],
    )
    for pub in (w["pub_ok"], w["pub_draft"], w["pub_scheduled"], w["pub_article"]):
        pub.topics.add(w["topic_ok"])
    w["pub_ok"].topics.add(w["topic_draft"])
    AuthorshipFactory(publication=w["pub_ok"], person=w["person_ok"], order=0)
    AuthorshipFactory(publication=w["pub_ok"], person=w["person_credit"], order=1)
    AuthorshipFactory(publication=w["pub_article"], person=w["person_ok"], order=0)
    AuthorshipFactory(publication=w["pub_draft"], person=w["person_ok"], order=0)
    AuthorshipFactory(
        publication=w["pub_draft"], person=w["person_draft"], role=Authorship.Role.EDITOR, order=1
    )
    AuthorshipFactory(publication=w["pub_scheduled"], person=w["person_ok"], order=0)
    AuthorshipFactory(publication=w["pub_draft_article"], person=w["person_ok"], order=0)
    PublisherFactory(publication=w["pub_ok"], organization=w["org_ok"], order=0)
    PublisherFactory(publication=w["pub_ok"], organization=w["org_credit"], order=1)
    PublisherFactory(publication=w["pub_draft"], organization=w["org_ok"], order=0)
    PublisherFactory(publication=w["pub_scheduled"], organization=w["org_ok"], order=0)

    def file(pub, marker, **values):
        return PublicationFileFactory(
            publication=pub,
            label=marker,
            label_en=marker,
            content=pdf_bytes(f"{marker} {WORD} full text"),
            **values,
        )

    embargoed = PublicationFile.Access.EMBARGOED
    w["file_ok"] = file(w["pub_ok"], "OKMARKER-public-file", order=0)
    w["file_embargo_over"] = file(
        w["pub_ok"],
        "OKMARKER-embargo-ended-file",
        access=embargoed,
        embargo_until=today - datetime.timedelta(days=1),
        order=1,
    )
    w["file_embargoed"] = file(
        w["pub_ok"],
        "LEAKMARKER-embargoed-file",
        access=embargoed,
        embargo_until=today + datetime.timedelta(days=30),
        order=2,
    )
    w["file_staff"] = file(
        w["pub_ok"], "LEAKMARKER-staff-file", access=PublicationFile.Access.STAFF, order=3
    )
    w["file_of_draft"] = file(w["pub_draft"], "LEAKMARKER-draft-publication-file")
    w["file_of_scheduled"] = file(w["pub_scheduled"], "LEAKMARKER-scheduled-file")

    # Events: a draft series holding a published upcoming conference, which holds a draft
    # part; a published and a draft past event.
    def event(marker, slug, **values):
        title = _named(marker)
        return EventFactory(
            title=title["ru"],
            title_en=title["en"],
            slug=slug,
            description=f"{marker} description {WORD}",
            description_en=f"{marker} description {WORD}",
            **values,
        )

    soon = today + datetime.timedelta(days=10)
    w["series_draft"] = event(
        "LEAKMARKER-draft-series",
        "leak-series",
        type="series",
        start_date=None,
        end_date=None,
        status=DRAFT,
    )
    w["event_ok"] = event(
        "OKMARKER-published-event",
        "ok-event",
        start_date=soon,
        end_date=soon + datetime.timedelta(days=1),
        parent=w["series_draft"],
        cover=image_upload("event-ok.jpg"),
    )
    w["event_draft"] = event(
        "LEAKMARKER-draft-event",
        "leak-event",
        start_date=soon,
        end_date=soon,
        parent=w["event_ok"],
        status=DRAFT,
        cover=image_upload("event-leak.jpg"),
    )
    w["event_past"] = event(
        "OKMARKER-past-event",
        "ok-past-event",
        start_date=today - datetime.timedelta(days=40),
        end_date=today - datetime.timedelta(days=39),
    )
    w["event_past_draft"] = event(
        "LEAKMARKER-draft-past-event",
        "leak-past-event",
        start_date=today - datetime.timedelta(days=20),
        end_date=today - datetime.timedelta(days=20),
        status=DRAFT,
    )
    w["event_ok"].topics.add(w["topic_ok"], w["topic_draft"])
    w["event_ok"].organizers.add(w["org_ok"], w["org_draft"])
    w["event_draft"].topics.add(w["topic_ok"])
    w["event_draft"].organizers.add(w["org_ok"])
    w["event_past_draft"].topics.add(w["topic_ok"])

    SessionFactory(
        event=w["event_ok"],
        date=soon,
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        title="OKMARKER-session",
        title_en="OKMARKER-session",
    )
    w["talk_ok"] = TalkFactory(
        event=w["event_ok"],
        title=f"OKMARKER-talk {WORD}",
        title_en=f"OKMARKER-talk {WORD}",
        slides=ContentFile(pdf_bytes("OKMARKER slides"), name="slides.pdf"),
        slides_original_name="slides.pdf",
    )
    w["talk_ok"].publications.add(w["pub_ok"], w["pub_draft"], w["pub_scheduled"])
    SpeakerFactory(talk=w["talk_ok"], person=w["person_ok"], organization=w["org_ok"], order=0)
    SpeakerFactory(
        talk=w["talk_ok"], person=w["person_credit"], organization=w["org_credit"], order=1
    )
    w["talk_draft"] = TalkFactory(
        event=w["event_draft"],
        title=f"LEAKMARKER-draft-talk {WORD}",
        title_en=f"LEAKMARKER-draft-talk {WORD}",
        slides=ContentFile(pdf_bytes("LEAKMARKER slides"), name="slides.pdf"),
        slides_original_name="slides.pdf",
    )
    w["talk_draft"].publications.add(w["pub_ok"])
    SpeakerFactory(talk=w["talk_draft"], person=w["person_ok"], order=0)
    SpeakerFactory(talk=w["talk_draft"], person=w["person_draft"], order=1)
    ParticipationFactory(event=w["event_ok"], person=w["person_ok"], order=0)
    ParticipationFactory(event=w["event_ok"], person=w["person_draft"], order=1)
    ParticipationFactory(
        event=w["event_ok"], person=None, organization=w["org_draft"], role="partner", order=2
    )
    ParticipationFactory(event=w["event_draft"], person=w["person_ok"], order=0)
    ParticipationFactory(event=w["event_past_draft"], person=w["person_ok"], order=0)
    ParticipationFactory(event=w["event_past"], person=w["person_ok"], order=0)
    return w


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


# --- Helpers ----------------------------------------------------------------------------------


def fetch(client, url, **headers):
    client.raise_request_exception = False
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("text/calendar"):
        text = text.replace("\r\n ", "")  # unfold iCalendar lines
    response.body_text = text
    return response


def hidden_urls(world):
    """Addresses of hidden files and slides (they carry a number, not a slug)."""
    files = ("file_embargoed", "file_staff", "file_of_draft", "file_of_scheduled")
    return [f"/publications/files/{world[name].pk}/" for name in files] + [
        f"/events/talks/{world['talk_draft'].pk}/slides/"
    ]


def assert_nothing_hidden(response, world, *, credits_allowed=True):
    """No hidden marker, no URL of a hidden row; credits as text only where allowed."""
    text = response.body_text
    assert response.status_code == 200, response.status_code
    found = sorted(set(re.findall(rf"{LEAK}[-\w]*", text)))
    assert not found, f"hidden rows shown: {found}"
    slugs = sorted(set(re.findall(rf"[\w/.-]*{HIDDEN_SLUG}[-\w]*", text)))
    assert not slugs, f"URLs of hidden rows: {slugs}"
    for slug in CREDIT_SLUGS:
        assert slug not in text, f"a hidden profile is linked: {slug}"
    for url in hidden_urls(world):
        assert url not in text, f"a hidden file is linked: {url}"
    if not credits_allowed:
        found = sorted(set(re.findall(rf"{CREDIT}[-\w]*", text)))
        assert not found, f"hidden profiles listed: {found}"


# --- Every public path ------------------------------------------------------------------------

# (path under /<lang>/, markers of published rows the response must show, credits allowed?)
PAGES = [
    (
        "",
        [
            "OKMARKER-published-publication",
            "OKMARKER-published-event",
            "OKMARKER-past-event",
            "OKMARKER-topic",
        ],
        True,
    ),
    ("publications/", ["OKMARKER-published-publication", "OKMARKER-article"], True),
    ("publications/?sort=newest", ["OKMARKER-published-publication"], True),
    ("publications/?sort=title", ["OKMARKER-published-publication"], True),
    ("publications/?sort=downloads", ["OKMARKER-published-publication"], True),
    ("publications/?topic=ok-topic", ["OKMARKER-published-publication"], True),
    ("publications/?author=ok-person", ["OKMARKER-published-publication"], True),
    ("publications/?publisher=ok-org", ["OKMARKER-published-publication"], True),
    ("publications/?has_file=yes", ["OKMARKER-published-publication"], True),
    ("publications/?year_from=2018&year_to=2020", ["OKMARKER-article"], True),
    ("publications/topics/", ["OKMARKER-topic"], False),
    ("publications/topics/ok-topic/", ["OKMARKER-published-publication"], True),
    (
        "publications/ok-pub/",
        [
            "OKMARKER-published-publication",
            "OKMARKER-public-file",
            "OKMARKER-embargo-ended-file",
            "OKMARKER-topic",
            "OKMARKER-person",
            "OKMARKER-published-event",
        ],
        True,
    ),
    ("publications/ok-article/", ["OKMARKER-article", "OKMARKER-person"], True),
    ("people/", ["OKMARKER-person"], False),
    (f"people/?q={WORD}", ["OKMARKER-person"], False),
    ("people/?organization=ok-org", ["OKMARKER-person"], False),
    ("people/?letter=O", ["OKMARKER-person"], False),
    ("people/ok-person/", ["OKMARKER-person", "OKMARKER-published-publication"], True),
    ("people/organisations/", ["OKMARKER-organization", "OKMARKER-unit"], False),
    (
        "people/organisations/ok-org/",
        [
            "OKMARKER-organization",
            "OKMARKER-person",
            "OKMARKER-published-publication",
            "OKMARKER-published-event",
        ],
        True,
    ),
    ("people/organisations/ok-unit/", ["OKMARKER-unit", "OKMARKER-organization"], True),
    ("events/", ["OKMARKER-published-event", "OKMARKER-past-event"], False),
    ("events/?when=upcoming", ["OKMARKER-published-event"], False),
    ("events/?when=past", ["OKMARKER-past-event"], False),
    ("events/?topic=ok-topic", ["OKMARKER-published-event"], False),
    ("events/?organiser=ok-org", ["OKMARKER-published-event"], False),
    (
        "events/ok-event/",
        [
            "OKMARKER-published-event",
            "OKMARKER-talk",
            "OKMARKER-person",
            "OKMARKER-topic",
            "OKMARKER-published-publication",
            "OKMARKER-organization",
        ],
        True,
    ),
    ("events/ok-past-event/", ["OKMARKER-past-event", "OKMARKER-person"], True),
    ("events/ok-event/calendar.ics", ["OKMARKER-published-event", "OKMARKER-session"], True),
    (f"search/?q={WORD}", ["OKMARKER-published-publication", "OKMARKER-article"], False),
    (f"search/?q={WORD}&kind=person", ["OKMARKER-person"], False),
    (f"search/?q={WORD}&kind=organization", ["OKMARKER-organization"], False),
    (f"search/?q={WORD}&kind=topic", ["OKMARKER-topic"], False),
    (f"search/?q={WORD}&kind=event", ["OKMARKER-published-event"], False),
    (f"search/?q={WORD}&topic=ok-topic", ["OKMARKER-published-publication"], False),
    (f"search/?q={WORD}&type=monograph", ["OKMARKER-published-publication"], False),
    ("search/?q=okmarker", ["OKMARKER-published-publication"], False),
    ("search/?q=full+text", ["OKMARKER-published-publication"], False),
    (f"search/suggest/?q={WORD}", ["OKMARKER-person", "OKMARKER-topic"], False),
    ("search/suggest/?q=okmarker", ["OKMARKER-person"], False),
    ("feeds/publications.rss", ["OKMARKER-published-publication"], True),
    ("feeds/publications.atom", ["OKMARKER-published-publication"], True),
    ("feeds/topics/ok-topic.rss", ["OKMARKER-published-publication"], True),
    ("feeds/topics/ok-topic.atom", ["OKMARKER-published-publication"], True),
    ("feeds/authors/ok-person.rss", ["OKMARKER-published-publication"], True),
    ("feeds/authors/ok-person.atom", ["OKMARKER-published-publication"], True),
    ("feeds/events.rss", ["OKMARKER-published-event"], False),
    ("feeds/events.atom", ["OKMARKER-published-event"], False),
    ("export/publications.bib", ["OKMARKER-published-publication", "OKMARKER-article"], True),
    ("export/publications.ris", ["OKMARKER-published-publication", "OKMARKER-article"], True),
    ("export/publications.json", ["OKMARKER-published-publication", "OKMARKER-article"], True),
    ("export/publications.bib?topic=ok-topic", ["OKMARKER-published-publication"], True),
    ("export/publications.ris?author=ok-person", ["OKMARKER-published-publication"], True),
    ("export/publications/ok-pub.bib", ["OKMARKER-published-publication"], True),
    ("export/publications/ok-pub.ris", ["OKMARKER-published-publication"], True),
    ("export/publications/ok-pub.json", ["OKMARKER-published-publication"], True),
    ("export/publications/ok-article.bib", ["OKMARKER-article"], True),
    ("export/publications/ok-article.ris", ["OKMARKER-article"], True),
    ("export/publications/ok-article.json", ["OKMARKER-article"], True),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("path", "expected", "credits_allowed"), PAGES, ids=[page[0] or "home" for page in PAGES]
)
def test_public_path_shows_published_rows_only(
    client, world, language, path, expected, credits_allowed
):
    response = fetch(client, f"/{language}/{path}")
    assert_nothing_hidden(response, world, credits_allowed=credits_allowed)
    for marker in expected:
        assert marker in response.body_text, f"{marker} missing from /{language}/{path}"


# Unprefixed machine endpoints: sitemap and OAI-PMH.
MACHINE = [
    ("/sitemap.xml", ["/sitemap-publications-1.xml", "/sitemap-people-1.xml"]),
    ("/sitemap-pages-1.xml", ["/ru/publications/", "/en/events/"]),
    ("/robots.txt", ["Sitemap:"]),
    ("/oai/?verb=Identify", ["Identify"]),
    ("/oai/?verb=ListSets", ["topic:ok-topic"]),
    ("/oai/?verb=ListRecords&metadataPrefix=oai_dc", ["OKMARKER-published-publication"]),
    ("/oai/?verb=ListRecords&metadataPrefix=oai_dc&set=topic:ok-topic", ["OKMARKER-article"]),
    ("/oai/?verb=ListRecords&metadataPrefix=oai_dc&set=type:monograph", ["OKMARKER"]),
    ("/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc", ["<identifier>oai:"]),
    ("/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc&set=topic", ["<identifier>oai:"]),
]


@pytest.mark.parametrize(("url", "expected"), MACHINE, ids=[url for url, _e in MACHINE])
def test_machine_endpoint_shows_published_rows_only(client, world, url, expected):
    response = fetch(client, url)
    assert_nothing_hidden(response, world, credits_allowed="ListRecords" in url)
    for marker in expected:
        assert marker in response.body_text


def test_every_sitemap_file_shows_published_rows_only(client, world):
    files = sitemap_files(client)
    assert len(files) >= 6  # pages, then publications, events, people, organisations, topics
    for path, _root in files:
        response = fetch(client, path)
        assert_nothing_hidden(response, world, credits_allowed=False)
    text = sitemap_text(client)
    for url in ("/ru/publications/ok-pub/", "/en/people/ok-person/", "/ru/events/ok-event/"):
        assert url in text
    assert "/en/people/organisations/ok-org/" in text
    assert "/ru/publications/topics/ok-topic/" in text


def test_oai_lists_exactly_the_published_publications(client, world):
    root = ET.fromstring(fetch(client, "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc").content)
    identifiers = [e.text for e in root.iterfind(".//oai:header/oai:identifier", OAI_NS)]
    expected = {oai_identifier(world[name].pk) for name in ("pub_ok", "pub_article")}
    assert set(identifiers) == expected
    sets = fetch(client, "/oai/?verb=ListSets").text
    assert "topic:leak-topic" not in sets


@pytest.mark.parametrize("name", ["pub_draft", "pub_scheduled", "pub_draft_article"])
def test_oai_get_record_of_a_hidden_publication_does_not_exist(client, world, name):
    identifier = oai_identifier(world[name].pk)
    response = fetch(client, f"/oai/?verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}")
    assert response.status_code == 200
    assert 'code="idDoesNotExist"' in response.body_text
    assert LEAK not in response.body_text


def test_oai_get_record_of_a_published_publication(client, world):
    identifier = oai_identifier(world["pub_ok"].pk)
    response = fetch(client, f"/oai/?verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}")
    assert_nothing_hidden(response, world)
    assert "OKMARKER-published-publication" in response.body_text


def test_oai_set_of_a_draft_topic_has_no_records(client, world):
    response = fetch(client, "/oai/?verb=ListRecords&metadataPrefix=oai_dc&set=topic:leak-topic")
    assert response.status_code == 200
    assert 'code="noRecordsMatch"' in response.body_text
    assert LEAK not in response.body_text


# --- Direct addresses of hidden rows ----------------------------------------------------------

HIDDEN_PATHS = [
    "people/leak-person/",
    "people/credit-person/",
    "people/leak-person/photo/small/",
    "people/leak-person/photo/medium/",
    "people/credit-person/photo/small/",
    "people/organisations/leak-org/",
    "people/organisations/credit-org/",
    "publications/leak-pub/",
    "publications/leak-scheduled/",
    "publications/leak-article/",
    "publications/leak-pub/cover/small/",
    "publications/leak-pub/cover/large/",
    "publications/leak-scheduled/cover/large/",
    "publications/topics/leak-topic/",
    "events/leak-event/",
    "events/leak-series/",
    "events/leak-past-event/",
    "events/leak-event/calendar.ics",
    "events/leak-event/cover/medium/",
    "export/publications/leak-pub.bib",
    "export/publications/leak-pub.ris",
    "export/publications/leak-pub.json",
    "export/publications/leak-scheduled.bib",
    "export/publications/leak-article.json",
    "feeds/topics/leak-topic.rss",
    "feeds/topics/leak-topic.atom",
    "feeds/authors/leak-person.rss",
    "feeds/authors/leak-person.atom",
    "feeds/authors/credit-person.rss",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", HIDDEN_PATHS)
def test_hidden_row_is_not_found(client, world, language, path):
    response = fetch(client, f"/{language}/{path}")
    assert response.status_code == 404
    assert LEAK not in response.body_text and CREDIT not in response.body_text
    assert 'class="site-header"' in response.body_text  # the styled page, not a bare error


@pytest.mark.parametrize(
    "name", ["file_embargoed", "file_staff", "file_of_draft", "file_of_scheduled", "talk_draft"]
)
def test_hidden_file_is_not_served(client, world, name):
    row = world[name]
    url = (
        f"/ru/events/talks/{row.pk}/slides/"
        if name.startswith("talk")
        else f"/ru/publications/files/{row.pk}/"
    )
    response = fetch(client, url)
    assert response.status_code == 404
    assert not response.body_text.startswith("%PDF")
    assert response.get("Content-Disposition") is None
    assert fetch(client, url, HTTP_RANGE="bytes=0-10").status_code == 404


@pytest.mark.parametrize("name", ["file_ok", "file_embargo_over", "talk_ok"])
def test_public_file_is_served(client, world, name):
    row = world[name]
    url = (
        f"/ru/events/talks/{row.pk}/slides/"
        if name.startswith("talk")
        else f"/ru/publications/files/{row.pk}/"
    )
    response = fetch(client, url)
    assert response.status_code == 200
    assert response.body_text.startswith("%PDF")


@pytest.mark.parametrize(
    "path",
    [
        "people/ok-person/photo/small/",
        "publications/ok-pub/cover/small/",
        "events/ok-event/cover/medium/",
    ],
)
def test_published_images_are_served(client, world, path):
    response = fetch(client, f"/ru/{path}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")


# Filters naming a hidden row: refused (400) or empty, never a list with the hidden row in it.
HIDDEN_FILTERS = [
    "publications/?topic=leak-topic",
    "publications/?author=leak-person",
    "publications/?author=credit-person",
    "publications/?publisher=credit-org",
    "people/?organization=leak-org",
    "events/?topic=leak-topic",
    "events/?organiser=leak-org",
    "export/publications.bib?author=leak-person",
    "export/publications.ris?topic=leak-topic",
    f"search/?q={WORD}&topic=leak-topic",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", HIDDEN_FILTERS)
def test_filter_by_a_hidden_row_reveals_nothing(client, world, language, path):
    response = fetch(client, f"/{language}/{path}")
    assert response.status_code in (200, 400)
    assert LEAK not in response.body_text and CREDIT not in response.body_text


def test_searching_for_hidden_rows_finds_nothing(client, world):
    for language in LANGUAGES:
        for query in ("leakmarker", "creditmarker", "draft", "scheduled"):
            response = fetch(client, f"/{language}/search/?q={query}")
            assert response.status_code == 200
            assert response.context["results"].total == 0, (language, query)
            assert LEAK not in response.body_text and CREDIT not in response.body_text
            suggestions = fetch(client, f"/{language}/search/suggest/?q={query}").json()
            assert suggestions["results"] == [], (language, query)


# --- Counts -----------------------------------------------------------------------------------


def test_publication_list_counts_published_rows_only(client, world):
    response = fetch(client, "/en/publications/")
    assert response.context["paginator"].count == 2
    facets = response.context["facets"]
    assert {o["value"]: o["count"] for o in facets["type"]} == {"monograph": 1, "article": 1}
    assert {o["value"]: o["count"] for o in facets["year"]} == {2020: 1, 2019: 1}
    assert {o["value"]: o["count"] for o in facets["topic"]} == {"ok-topic": 2}
    assert {o["value"]: o["count"] for o in facets["author"]} == {"ok-person": 2}
    assert {o["value"]: o["count"] for o in facets["publisher"]} == {"ok-org": 1}
    assert {o["value"]: o["count"] for o in facets["language"]} == {"ru": 2}
    assert facets["has_file"]["count"] == 1
    filtered = fetch(client, "/en/publications/?topic=ok-topic&author=ok-person")
    assert filtered.context["paginator"].count == 2


def test_topic_counts_published_rows_only(client, world):
    topics = list(fetch(client, "/en/publications/topics/").context["topics"])
    assert [(t.slug, t.publication_count) for t in topics] == [("ok-topic", 2)]
    response = fetch(client, "/en/publications/topics/ok-topic/")
    assert response.context["paginator"].count == 2
    assert [e.slug for e in response.context["events"]] == ["ok-event"]


def test_lists_of_people_organisations_and_events_count_published_rows_only(client, world):
    assert fetch(client, "/en/people/").context["paginator"].count == 1
    response = fetch(client, "/en/people/organisations/")
    assert sorted(o.slug for o in response.context["organizations"]) == ["ok-org", "ok-unit"]
    assert fetch(client, "/en/events/").context["paginator"].count == 2


def test_home_sections_hold_published_rows_only(client, world):
    context = fetch(client, "/ru/").context
    assert {p.slug for p in context["latest_publications"]} == {"ok-pub", "ok-article"}
    assert [e.slug for e in context["upcoming_events"]] == ["ok-event"]
    assert [e.slug for e in context["recent_events"]] == ["ok-past-event"]
    assert [t.slug for t in context["featured_topics"]] == ["ok-topic"]


def test_search_counts_published_rows_only(client, world):
    results = fetch(client, f"/en/search/?q={WORD}").context["results"]
    assert results.counts == {
        SearchDocument.Kind.PUBLICATION: 2,
        SearchDocument.Kind.PERSON: 1,
        SearchDocument.Kind.ORGANIZATION: 2,
        SearchDocument.Kind.TOPIC: 1,
        SearchDocument.Kind.EVENT: 2,
    }
    facets = {facet.name: {o.value: o.count for o in facet.options} for facet in results.facets}
    assert facets["type"] == {"monograph": 1, "article": 1}
    assert facets["topic"] == {"ok-topic": 2}


def test_pages_of_published_rows_list_no_hidden_relations(client, world):
    person = fetch(client, "/en/people/ok-person/").context
    works = [p.slug for group in person["publications_by_role"] for p in group["publications"]]
    assert sorted(works) == ["ok-article", "ok-pub"]
    assert [s.talk.event.slug for s in person["talks_given"]] == ["ok-event"]
    assert sorted(e.slug for e in person["events_attended"]) == ["ok-event", "ok-past-event"]
    assert [a.organization.slug for a in person["current_affiliations"]] == ["ok-org", "ok-unit"]

    organization = fetch(client, "/en/people/organisations/ok-org/").context
    assert [p.slug for p in organization["organization_publications"]["publications"]] == ["ok-pub"]
    assert [e.slug for e in organization["events_organised"]] == ["ok-event"]
    assert [a.person.slug for a in organization["people_now"]] == ["ok-person"]
    assert organization["organization"].public_units == []

    unit = fetch(client, "/en/people/organisations/ok-unit/").context
    assert [o.slug for o in unit["ancestors"]] == ["ok-org"]

    event = fetch(client, "/en/events/ok-event/").context
    assert [p.slug for p in event["presented_publications"]] == ["ok-pub"]
    assert event["related_events"] == {"parent": None, "children": [], "siblings": []}
    people = [p.person.slug for group in event["people_by_role"] for p in group["items"]]
    assert people == ["ok-person"]
    assert event["organizations_by_role"] == []

    publication = fetch(client, "/en/publications/ok-pub/").context
    assert [f.pk for f in publication["files"]] == [
        world["file_ok"].pk,
        world["file_embargo_over"].pk,
    ]
    assert list(publication["parts"]) == []
    assert [t.event.slug for t in publication["presented_at"]] == ["ok-event"]
    article = fetch(client, "/en/publications/ok-article/").context
    assert article["parent"] is None


# --- Staff previews: the hidden rows exist and show for staff ---------------------------------


@pytest.mark.parametrize(
    ("path", "marker"),
    [
        ("publications/leak-pub/", "LEAKMARKER-draft-publication"),
        ("publications/leak-scheduled/", "LEAKMARKER-scheduled-publication"),
        ("publications/ok-pub/", "LEAKMARKER-staff-file"),
        ("publications/ok-pub/", "LEAKMARKER-embargoed-file"),
        ("people/leak-person/", "LEAKMARKER-draft-person"),
        ("people/credit-person/", "CREDITMARKER-draft-author"),
        ("people/organisations/leak-org/", "LEAKMARKER-draft-organization"),
        ("events/leak-event/", "LEAKMARKER-draft-event"),
        ("events/leak-event/", "LEAKMARKER-draft-talk"),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_preview_shows_the_hidden_row(staff_client, world, language, path, marker):
    response = fetch(staff_client, f"/{language}/{path}")
    assert response.status_code == 200
    assert marker in response.body_text


@pytest.mark.parametrize(
    "url",
    [
        "people/leak-person/photo/small/",
        "publications/leak-pub/cover/small/",
        "events/leak-event/cover/medium/",
    ],
)
def test_staff_preview_shows_hidden_images(staff_client, world, url):
    response = fetch(staff_client, f"/ru/{url}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("name", ["file_embargoed", "file_staff", "file_of_draft"])
def test_staff_may_download_hidden_files(staff_client, world, name):
    response = fetch(staff_client, f"/ru/publications/files/{world[name].pk}/")
    assert response.status_code == 200
    assert response.body_text.startswith("%PDF")


def test_the_world_really_holds_the_hidden_rows(world):
    """The hidden rows exist in the database: the public checks above are not vacuous."""
    assert Publication.objects.filter(slug__startswith=HIDDEN_SLUG).count() == 3
    assert Publication.objects.published().count() == 2
    assert world["person_draft"].status == DRAFT and world["person_credit"].status == DRAFT
    assert world["pub_scheduled"].status == PUBLISHED


# --- Paths that need a row of their own -------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_did_you_mean_suggests_no_word_of_a_hidden_row(client, world, language):
    # "leakmarker" and "scheduled" are words of the scheduled publication's title only.
    response = fetch(client, f"/{language}/search/?q=leakmarkex+schedulet")
    results = response.context["results"]
    assert results.total == 0
    assert "leakmarker" not in results.suggestion and "scheduled" not in results.suggestion
    assert "leakmarker" not in response.body_text.lower()


def test_did_you_mean_suggests_words_of_published_rows(client, world):
    """The positive control of the test above: a typo in a public word is corrected."""
    results = fetch(client, "/en/search/?q=zebrawordd").context["results"]
    assert results.total == 0
    assert results.suggestion == WORD


def test_person_page_hides_the_draft_organisation_of_a_participation(client, world):
    ParticipationFactory(
        event=world["event_past"],
        person=world["person_ok"],
        organization=world["org_draft"],
        role="speaker",
        order=5,
    )
    response = fetch(client, "/en/people/ok-person/")
    assert "OKMARKER-past-event" in response.body_text
    assert_nothing_hidden(response, world)


def _search_total(client, query, kind=None):
    url = f"/en/search/?q={query}" + (f"&kind={kind}" if kind else "")
    return fetch(client, url).context["results"].counts.get(kind or "publication", 0)


@pytest.mark.parametrize(
    ("row", "kind", "query"),
    [
        ("person_ok", "person", "okmarker-person"),
        ("org_ok", "organization", "okmarker-organization"),
        ("topic_ok", "topic", "okmarker-topic"),
        ("event_ok", "event", "okmarker-published-event"),
        ("pub_ok", "publication", "okmarker-published-publication"),
    ],
)
def test_a_row_taken_back_to_draft_leaves_every_public_path(client, world, row, kind, query):
    """Published, then withdrawn: the row leaves the pages, lists, search and the sitemap."""
    instance = world[row]
    url = instance.get_absolute_url().replace("/ru/", "/en/", 1)
    assert fetch(client, url).status_code == 200
    assert _search_total(client, query, kind) == 1

    instance.status = DRAFT
    instance.save()

    assert fetch(client, url).status_code == 404
    assert _search_total(client, query, kind) == 0
    suggestions = fetch(client, f"/en/search/suggest/?q={query}").json()["results"]
    assert all(hit["kind"] != kind for hit in suggestions), suggestions
    assert instance.slug not in sitemap_text(client)


def test_a_withdrawn_author_leaves_the_search_documents_of_their_works(client, world):
    """Publications and events are no longer found by the name of a person taken back to draft."""
    assert fetch(client, "/en/search/?q=okmarker-person").context["results"].total >= 2
    world["person_ok"].status = DRAFT
    world["person_ok"].save()
    results = fetch(client, "/en/search/?q=okmarker-person").context["results"]
    assert results.total == 0, results.counts


def test_a_withdrawn_topic_leaves_its_publications_and_events(client, world):
    world["topic_ok"].status = DRAFT
    world["topic_ok"].save()
    for path in ("publications/ok-pub/", "events/ok-event/", "publications/topics/", ""):
        text = fetch(client, f"/en/{path}").body_text
        assert "OKMARKER-topic" not in text, path
    assert fetch(client, f"/en/search/?q={WORD}").context["results"].counts["topic"] == 0
    assert "topic:ok-topic" not in fetch(client, "/oai/?verb=ListSets").body_text


# --- Publishing and withdrawing from the admin, as an editor does ---------------------------

# (published row, its marker, draft row, its marker, search kind, admin app/model)
ADMIN_CASES = [
    ("person_ok", "okmarker-person", "person_draft", "leakmarker-draft-person", "person"),
    (
        "org_ok",
        "okmarker-organization",
        "org_draft",
        "leakmarker-draft-organization",
        "organization",
    ),
    ("topic_ok", "okmarker-topic", "topic_draft", "leakmarker-draft-topic", "topic"),
    ("event_ok", "okmarker-published-event", "event_draft", "leakmarker-draft-event", "event"),
    (
        "pub_ok",
        "okmarker-published-publication",
        "pub_draft",
        "leakmarker-draft-publication",
        "publication",
    ),
]
CASE_IDS = [case[-1] for case in ADMIN_CASES]


def public_presence(instance, query, kind):
    """Where a row shows to an anonymous visitor: page, search, suggestions, sitemap, feed, OAI."""
    client = Client()
    instance.refresh_from_db()
    page_url = instance.get_absolute_url().replace("/ru/", "/en/", 1)
    suggestions = fetch(client, f"/en/search/suggest/?q={query}").json()["results"]
    presence = {
        "page": fetch(client, page_url).status_code == 200,
        "search": _search_total(client, query, kind) > 0,
        "suggestions": any(hit["kind"] == kind for hit in suggestions),
        "sitemap": f"/{instance.slug}/" in sitemap_text(client),
    }
    if kind == "publication":
        presence["feed"] = query in fetch(client, "/en/feeds/publications.atom").body_text.lower()
        identifiers = fetch(client, "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc")
        presence["oai"] = oai_identifier(instance.pk) in live_oai_identifiers(identifiers.body_text)
    elif kind == "event":
        presence["feed"] = query in fetch(client, "/en/feeds/events.atom").body_text.lower()
    elif kind == "person":
        feed = fetch(client, f"/en/feeds/authors/{instance.slug}.atom")
        presence["feed"] = feed.status_code == 200
    elif kind == "topic":
        feed = fetch(client, f"/en/feeds/topics/{instance.slug}.atom")
        presence["feed"] = feed.status_code == 200
        presence["oai"] = f"topic:{instance.slug}" in fetch(client, "/oai/?verb=ListSets").body_text
    return presence


def live_oai_identifiers(body):
    """The identifiers of the records an OAI-PMH list holds, not counting deleted ones."""
    ns = {"oai": "http://www.openarchives.org/OAI/2.0/"}
    return {
        header.findtext("oai:identifier", namespaces=ns)
        for header in ET.fromstring(body).iterfind(".//oai:header", ns)
        if header.get("status") != "deleted"
    }


def change_form_data(staff_client, url):
    """What the admin change form sends back when nothing is changed, read from the page."""
    page = lxml.html.fromstring(staff_client.get(url).content.decode())
    (form,) = [f for f in page.forms if f.get("id", "").endswith("_form")]
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def publish_or_withdraw(staff_client, instance, how, status):
    """Change a row's status in the admin, with the changelist action or the change form."""
    opts = instance._meta
    base = f"/ru/admin/{opts.app_label}/{opts.model_name}/"
    if how == "action":
        data = {"action": "publish", "_selected_action": [instance.pk]}
        if status == WITHDRAWN:  # the confirmation page, with the reason, answered
            data = {"action": "withdraw", "_selected_action": [instance.pk]}
            data |= {"confirm": "yes", "note": "Withdrawn in a test"}
        response = staff_client.post(base, data)
    else:
        url = f"{base}{instance.pk}/change/"
        data = change_form_data(staff_client, url) | {"status": [status], "_save": ["Save"]}
        if status == WITHDRAWN:
            data["withdrawal_reason"] = ["Withdrawn in a test"]
        response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    instance.refresh_from_db()
    assert instance.status == status


@pytest.mark.parametrize("how", ["action", "form"])
@pytest.mark.parametrize(
    ("published", "query", "_draft", "_query", "kind"), ADMIN_CASES, ids=CASE_IDS
)
def test_withdrawn_in_the_admin_leaves_every_public_path(
    staff_client, world, published, query, _draft, _query, kind, how
):
    instance = world[published]
    before = public_presence(instance, query, kind)
    assert all(before.values()), before  # the positive control: public everywhere first

    publish_or_withdraw(staff_client, instance, how, WITHDRAWN)

    after = public_presence(instance, query, kind)
    assert not any(after.values()), after


@pytest.mark.parametrize("how", ["action", "form"])
@pytest.mark.parametrize(
    ("_published", "_query", "draft", "query", "kind"), ADMIN_CASES, ids=CASE_IDS
)
def test_published_in_the_admin_reaches_every_public_path(
    staff_client, world, _published, _query, draft, query, kind, how
):
    instance = world[draft]
    before = public_presence(instance, query, kind)
    assert not any(before.values()), before

    publish_or_withdraw(staff_client, instance, how, PUBLISHED)

    after = public_presence(instance, query, kind)
    assert all(after.values()), after
