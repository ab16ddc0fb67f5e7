"""FAIR Signposting, levels 1 and 2: typed links on landing pages, files and exports, and the
linkset (RFC 9264)."""

import re

import lxml.html
import pytest
from django.utils import timezone

from core import publishing
from publications.models import Authorship, Publication, PublicationFile
from tests.people.factories import PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
)

pytestmark = pytest.mark.django_db

ORCIDS = ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
LINK = re.compile(r'<([^>]+)>\s*;\s*rel="([^"]+)"(?:\s*;\s*type="([^"]+)")?')


def parse(header):
    return [(href, rel, kind or "") for href, rel, kind in LINK.findall(header)]


def rels(links, rel):
    return [(href, kind) for href, r, kind in links if r == rel]


@pytest.fixture
def book():
    publication = PublicationFactory(
        slug="customs-law", type=Publication.Type.MONOGRAPH, license=CC_BY
    )
    AuthorshipFactory(publication=publication, person=PersonFactory(orcid=ORCIDS[0]), order=1)
    AuthorshipFactory(publication=publication, person=PersonFactory(orcid=""), order=2)
    AuthorshipFactory(
        publication=publication,
        person=PersonFactory(orcid=ORCIDS[1]),
        role=Authorship.Role.REVIEWER,
        order=3,
    )
    PublicationFileFactory(publication=publication)
    PublicationFileFactory(publication=publication, access=PublicationFile.Access.STAFF)
    PublicationFileFactory(
        publication=publication,
        access=PublicationFile.Access.EMBARGOED,
        embargo_until=timezone.localdate() + timezone.timedelta(days=30),
    )
    return publication


def test_the_landing_page_sends_its_typed_links(client, book):
    response = client.get("/en/publications/customs-law/")
    links = parse(response["Link"])

    assert rels(links, "cite-as") == [("http://testserver/ru/publications/customs-law/", "")]
    assert [href for href, _ in rels(links, "type")] == [
        "https://schema.org/AboutPage",
        "https://schema.org/Book",
    ]
    # Authors with an ORCID only; a reviewer is not an author.
    assert rels(links, "author") == [(f"https://orcid.org/{ORCIDS[0]}", "")]
    assert rels(links, "license") == [(CC_BY, "")]
    assert rels(links, "describedby") == [
        ("http://testserver/en/export/publications/customs-law.bib", "application/x-bibtex"),
        (
            "http://testserver/en/export/publications/customs-law.ris",
            "application/x-research-info-systems",
        ),
        (
            "http://testserver/en/export/publications/customs-law.json",
            "application/vnd.citationstyles.csl+json",
        ),
        ("http://testserver/en/export/publications/customs-law.jsonld", "application/ld+json"),
    ]
    assert (
        '<http://testserver/en/export/publications/customs-law.jsonld> ; rel="describedby" ; '
        'type="application/ld+json" ; profile="https://schema.org"'
    ) in response["Link"]
    public = book.files.get(access=PublicationFile.Access.PUBLIC)
    assert rels(links, "item") == [
        (f"http://testserver{public.get_absolute_url()}", "application/pdf")
    ]  # the staff-only and embargoed files are not items
    assert rels(links, "linkset") == [
        ("http://testserver/en/publications/customs-law/linkset", "application/linkset+json")
    ]
    # The page carries the same links as <link> elements.
    page = lxml.html.fromstring(response.content.decode())
    elements = [
        (e.get("href"), e.get("rel"), e.get("type") or "")
        for e in page.xpath("//head/link")
        if e.get("rel")
        in {"cite-as", "type", "author", "license", "describedby", "item", "linkset"}
    ]
    assert elements == links


def test_no_licence_link_when_none_is_stated(client):
    PublicationFactory(slug="unstated", license="")
    links = parse(client.get("/ru/publications/unstated/")["Link"])
    assert rels(links, "license") == []
    assert "license" not in client.get("/ru/publications/unstated/linkset").json()["linkset"][0]


def test_a_doi_is_what_to_cite(client):
    PublicationFactory(slug="with-doi", doi="10.1234/customs.2021.7")
    links = parse(client.get("/ru/publications/with-doi/")["Link"])
    assert rels(links, "cite-as") == [("https://doi.org/10.1234/customs.2021.7", "")]


@pytest.mark.parametrize(
    ("kind", "schema"),
    [
        (Publication.Type.COLLECTION, "Collection"),
        (Publication.Type.ARTICLE, "ScholarlyArticle"),
        (Publication.Type.REPORT, "Report"),
    ],
)
def test_the_specific_type(client, kind, schema):
    publication = PublicationFactory(type=kind)
    links = parse(client.get(publication.get_absolute_url())["Link"])
    assert ("https://schema.org/AboutPage", "") in rels(links, "type")
    assert (f"https://schema.org/{schema}", "") in rels(links, "type")


def test_many_authors_keep_the_header_short_and_the_linkset_whole(client):
    publication = PublicationFactory(slug="many")
    for n in range(15):
        orcid = f"0000-0002-{n:04d}-000X"
        AuthorshipFactory(publication=publication, person=PersonFactory(orcid=orcid), order=n)
    # (Saved without the form, so the ORCIDs need no valid checksum.)
    header = parse(client.get("/ru/publications/many/")["Link"])
    assert len(rels(header, "author")) == 10
    linkset = client.get("/ru/publications/many/linkset").json()["linkset"][0]
    assert len(linkset["author"]) == 15


def test_files_and_exports_point_back_at_the_page(client, book):
    public = book.files.get(access=PublicationFile.Access.PUBLIC)
    download = client.get(public.get_absolute_url())
    assert parse(download["Link"]) == [
        ("http://testserver/ru/publications/customs-law/", "collection", "text/html")
    ]
    export = client.get("/en/export/publications/customs-law.ris")
    assert parse(export["Link"]) == [
        ("http://testserver/en/publications/customs-law/", "describes", "text/html")
    ]


def test_the_linkset_holds_every_link(client, book):
    response = client.get("/ru/publications/customs-law/linkset")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/linkset+json"
    contexts = response.json()["linkset"]
    landing = contexts[0]
    assert landing["anchor"] == "http://testserver/ru/publications/customs-law/"
    assert landing["cite-as"] == [{"href": "http://testserver/ru/publications/customs-law/"}]
    assert {"href": "https://schema.org/Book"} in landing["type"]
    assert landing["license"] == [{"href": CC_BY}]
    assert [link["type"] for link in landing["describedby"]] == [
        "application/x-bibtex",
        "application/x-research-info-systems",
        "application/vnd.citationstyles.csl+json",
        "application/ld+json",
    ]
    assert landing["describedby"][-1]["profile"] == "https://schema.org"
    assert len(landing["item"]) == 1
    back = {"href": landing["anchor"], "type": "text/html"}
    anchors = {context["anchor"]: context for context in contexts[1:]}
    assert anchors[landing["item"][0]["href"]] == {
        "anchor": landing["item"][0]["href"],
        "collection": [back],
    }
    for described in landing["describedby"]:
        assert anchors[described["href"]]["describes"] == [back]


def test_hidden_publications_send_no_links(client, staff_client):
    draft = PublicationFactory(draft=True, slug="draft")
    assert "Link" not in staff_client.get(draft.get_absolute_url())  # a preview points nowhere
    assert client.get("/ru/publications/draft/linkset").status_code == 404
    withdrawn = PublicationFactory(slug="gone")
    publishing.withdraw(objects=[withdrawn], reason="Ошибка")
    assert client.get("/ru/publications/gone/linkset").status_code == 404
    assert "Link" not in client.get("/ru/publications/gone/")


def test_the_json_ld_export_describes_the_page(client, book):
    response = client.get("/ru/export/publications/customs-law.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    data = response.json()
    assert data["@type"] == "Book"
    assert data["license"] == CC_BY
    assert data["@id"] == "http://testserver/ru/publications/customs-law/"
    assert parse(response["Link"]) == [
        ("http://testserver/ru/publications/customs-law/", "describes", "text/html")
    ]
    draft = PublicationFactory(draft=True, slug="draft-jsonld")
    assert client.get(f"/ru/export/publications/{draft.slug}.jsonld").status_code == 404
