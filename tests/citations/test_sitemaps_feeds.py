"""sitemap.xml, robots.txt and the RSS/Atom feeds list only what the public may see."""

import datetime
import re
from pathlib import Path

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from core.publishing import Visibility
from publications.models import Publication
from tests.events.factories import EventFactory
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import AuthorshipFactory, PublicationFactory, TopicFactory
from tests.sitemap_reader import NS as SITEMAP
from tests.sitemap_reader import sitemap_files, sitemap_locations


@pytest.fixture
def site(monograph):
    """Published content of every kind, and a draft of every kind."""
    today = datetime.date.today()
    return {
        "event": EventFactory(slug="summer-school", start_date=today + datetime.timedelta(days=5)),
        "past_event": EventFactory(slug="past-meeting", start_date=datetime.date(2019, 6, 18)),
        "draft_event": EventFactory(
            slug="draft-event", status="draft", start_date=today + datetime.timedelta(days=9)
        ),
        "draft_publication": PublicationFactory(slug="draft-publication", draft=True),
        "draft_person": PersonFactory(slug="draft-person", status="draft"),
        "draft_organization": OrganizationFactory(slug="draft-organisation", status="draft"),
        "draft_topic": TopicFactory(slug="draft-topic", status="draft"),
    }


DATA = Path(__file__).resolve().parent.parent / "data"


def schema(name):
    return etree.XMLSchema(etree.parse(str(DATA / name)))


def all_urls(client):
    """Every <url> of every file the index lists."""
    return [
        url
        for _path, root in sitemap_files(client)
        for url in root.xpath("//s:url", namespaces=SITEMAP)
    ]


def test_sitemap_lists_published_pages_in_both_languages_with_alternates(client, site):
    locations = sitemap_locations(client)
    base = "http://testserver"
    for path in (
        "/publications/digital-customs-wco-experience/",
        "/people/sergei-mozer/",
        "/people/organisations/russian-customs-academy/",
        "/publications/topics/digital-customs/",
        "/events/summer-school/",
        "/events/past-meeting/",
        "/",
    ):
        assert f"{base}/ru{path}" in locations
        assert f"{base}/en{path}" in locations
    for draft in ("draft-event", "draft-publication", "draft-person", "draft-organisation"):
        assert not [loc for loc in locations if draft in loc]
    assert not [loc for loc in locations if "draft-topic" in loc]
    assert len(locations) == len(set(locations))  # each page once per language

    (entry,) = [
        url
        for url in all_urls(client)
        if url.findtext("s:loc", namespaces=SITEMAP)
        == "http://testserver/ru/publications/digital-customs-wco-experience/"
    ]
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in entry.xpath("x:link[@rel='alternate']", namespaces=SITEMAP)
    }
    assert alternates == {
        "ru": f"{base}/ru/publications/digital-customs-wco-experience/",
        "en": f"{base}/en/publications/digital-customs-wco-experience/",
        "x-default": f"{base}/publications/digital-customs-wco-experience/",
    }
    lastmod = entry.xpath("s:lastmod/text()", namespaces=SITEMAP)[0]
    assert datetime.date.fromisoformat(lastmod[:10])


def test_the_x_default_address_redirects_by_language(client, monograph):
    response = client.get(
        "/publications/digital-customs-wco-experience/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/publications/digital-customs-wco-experience/"


def test_the_index_and_every_file_validate_against_the_protocol(client, site):
    index = client.get("/sitemap.xml")
    index_root = etree.fromstring(index.content)
    schema("siteindex.xsd").assertValid(index_root)
    files = sitemap_files(client)
    assert [path for path, _root in files][:2] == [
        "/sitemap-pages-1.xml",
        "/sitemap-publications-1.xml",
    ]
    urlset = schema("sitemap.xsd")
    for _path, root in files:
        urlset.assertValid(root)


def test_a_small_limit_splits_a_section_into_files_of_at_most_that_many_urls(client, db, settings):
    settings.SITEMAP_MAX_URLS = 4  # two publications a file, each in Russian and English
    publications = PublicationFactory.create_batch(7)
    draft = PublicationFactory(draft=True)
    files = dict(sitemap_files(client))
    publication_files = sorted(p for p in files if p.startswith("/sitemap-publications-"))
    assert len(publication_files) >= 3
    listed = []
    for path in publication_files:
        locations = files[path].xpath("//s:url/s:loc/text()", namespaces=SITEMAP)
        assert 0 < len(locations) <= 4
        listed += locations
    expected = {
        f"http://testserver/{language}/publications/{publication.slug}/"
        for publication in publications
        for language in ("ru", "en")
    }
    assert set(listed) == expected and len(listed) == len(expected)
    assert not [location for location in listed if f"/{draft.slug}/" in location]
    # Each file is named in the index with the newest change of its rows.
    index = etree.fromstring(client.get("/sitemap.xml").content)
    stamps = index.xpath("//s:sitemap/s:lastmod/text()", namespaces=SITEMAP)
    assert len(stamps) == len(files) - 1  # every file but the pages
    last = max(publications, key=lambda p: p.pk)
    number = last.pk // 2 + 1
    assert client.get(f"/sitemap-publications-{number + 1}.xml").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-nothing-1.xml",
        "/sitemap-publications-0.xml",
        "/sitemap-publications-99999.xml",
        "/sitemap-pages-2.xml",
        "/sitemap.xml?p=2",
    ],
)
def test_unknown_sitemap_files_are_not_found(client, monograph, path):
    assert client.get(path).status_code == 404
    assert client.get("/sitemap-publications-1.xml").status_code == 200  # the control


def test_sitemap_runs_the_same_queries_for_few_and_many_rows(client, db, django_assert_num_queries):
    """The index reads each section's highest id and each file's newest date (5 sections, one
    file each here); a file is two queries. Neither grows with the rows inside a file."""
    PublicationFactory.create_batch(3)
    PersonFactory()
    with django_assert_num_queries(5 + 2) as few:  # files: publications 1, people 1
        client.get("/sitemap.xml")
    with django_assert_num_queries(2) as file_queries:
        response = client.get("/sitemap-publications-1.xml")
        body = b"".join(response.streaming_content)
    assert body.count(b"<url>") == 6
    PublicationFactory.create_batch(47)
    PersonFactory.create_batch(10)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/sitemap.xml")
    with django_assert_num_queries(len(file_queries.captured_queries)):
        response = client.get("/sitemap-publications-1.xml")
        body = b"".join(response.streaming_content)
    assert body.count(b"<url>") == 100


def test_each_statement_of_the_sitemap_index_reads_one_files_rows(client, db, settings):
    """One query per file of rows (each bounded by the file's id range), and a range with no
    public row is left out of the index."""
    settings.SITEMAP_MAX_URLS = 4  # two rows a file, in two languages
    publications = PublicationFactory.create_batch(6)
    pks = [publication.pk for publication in publications]
    hidden = next(pk for pk in pks if pk % 2 == 0 and pk + 1 in pks)  # a whole file's rows
    Publication.objects.filter(pk__in=[hidden, hidden + 1]).update(status=Visibility.DRAFT)
    with CaptureQueriesContext(connection) as queries:
        index = client.get("/sitemap.xml").content.decode()
    bounded = [
        q["sql"]
        for q in queries.captured_queries
        if "MAX(" in q["sql"].upper() and "publications_publication" in q["sql"]
    ]
    assert len(bounded) == max(pks) // 2 + 1  # the files up to the highest id, each once
    assert all('"id" >=' in sql and '"id" <' in sql for sql in bounded)
    listed = {int(n) for n in re.findall(r"/sitemap-publications-(\d+)\.xml", index)}
    public_files = {pk // 2 + 1 for pk in pks if pk not in (hidden, hidden + 1)}
    assert listed == public_files
    assert hidden // 2 + 1 not in listed and listed  # the drafts' file is left out, not all


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_off(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in (
        "/ru/search/",
        "/en/search/",
        "/ru/export/",
        "/en/export/",
        "/ru/admin/",
        "/en/admin/",
    ):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not [line for line in lines if line.startswith("Disallow: /ru/publications")]


# --- feeds -----------------------------------------------------------------------------


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_new_publications_feed(client, site, article, kind):
    feed = parse(client, f"/ru/feeds/publications.{kind}")
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    links = [entry.link for entry in feed.entries]
    assert "http://testserver/ru/publications/digital-customs-wco-experience/" in links
    assert "http://testserver/ru/publications/wco-digital-customs-article/" in links
    assert not [link for link in links if "draft" in link]
    monograph = next(e for e in feed.entries if "wco-experience" in e.link)
    assert monograph.title == "Цифровая таможня. Опыт ВТамО (2019)"
    assert monograph.author == "Мозер Сергей"
    assert [tag.term for tag in monograph.tags] == ["Цифровая таможня"]
    assert monograph.published_parsed[:3] == (2019, 5, 31)  # 1 June 2019 in Moscow


def test_english_feed_is_in_english(client, monograph):
    feed = parse(client, "/en/feeds/publications.atom")
    assert feed.entries[0].title == "Digital Customs. WCO Experience (2019)"
    assert feed.entries[0].link == (
        "http://testserver/en/publications/digital-customs-wco-experience/"
    )


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_topic_feed(client, monograph, article, kind):
    feed = parse(client, f"/ru/feeds/topics/digital-customs.{kind}")
    assert [e.link for e in feed.entries] == [
        "http://testserver/ru/publications/digital-customs-wco-experience/"
    ]
    assert "Цифровая таможня" in feed.feed.title


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_author_feed(client, monograph, article, kind):
    other = PublicationFactory(title="Не его книга")
    AuthorshipFactory(publication=other)
    PublicationFactory(draft=True)
    feed = parse(client, f"/ru/feeds/authors/sergei-mozer.{kind}")
    slugs = sorted(e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries)
    assert slugs == [
        "customs-and-trade",
        "digital-customs-wco-experience",
        "wco-digital-customs-article",
    ]


def test_feeds_of_a_draft_topic_or_person_do_not_exist(client, site):
    assert client.get("/ru/feeds/topics/draft-topic.rss").status_code == 404
    assert client.get("/ru/feeds/authors/draft-person.atom").status_code == 404
    assert client.get("/ru/feeds/authors/nobody.rss").status_code == 404


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_upcoming_events_feed(client, site, kind):
    feed = parse(client, f"/ru/feeds/events.{kind}")
    assert [e.link for e in feed.entries] == ["http://testserver/ru/events/summer-school/"]


def test_publication_feed_runs_the_same_queries_for_few_and_many(
    client, db, django_assert_num_queries
):
    topic = TopicFactory()

    def add(count):
        for _ in range(count):
            publication = PublicationFactory()
            AuthorshipFactory(publication=publication)
            publication.topics.add(topic)

    add(3)
    with django_assert_num_queries(3):
        client.get("/ru/feeds/publications.rss")
    add(27)
    with django_assert_num_queries(3):
        feed = parse(client, "/ru/feeds/publications.rss")
    assert len(feed.entries) == 30
