"""OAI-PMH 2.0: the six verbs, sets, dates, resumption tokens and every error code."""

import datetime

import pytest
from lxml import etree
from sickle import Sickle

from publications.models import Publication
from publications.oai.views import publication_id
from tests.citations.test_oai_openaire import schema
from tests.publications.factories import AuthorshipFactory, PublicationFactory, TopicFactory

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
UTC = datetime.UTC


def oai(client, **params):
    """A response, checked against the shipped OAI-PMH and oai_dc schemas."""
    response = client.get("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    schema("oai_dc").assertValid(root)
    assert root.tag == "{http://www.openarchives.org/OAI/2.0/}OAI-PMH"
    assert root.get(f"{{{NS['xsi']}}}schemaLocation") == (
        "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
    )
    return root


def errors(root):
    return [e.get("code") for e in root.xpath("oai:error", namespaces=NS)]


def identifiers(root):
    return root.xpath("//oai:header/oai:identifier/text()", namespaces=NS)


def text(root, path):
    return root.xpath(path, namespaces=NS)


def identifier_of(publication):
    return f"oai:127.0.0.1:{publication.pk}"


def set_datestamp(publication, moment):
    Publication.objects.filter(pk=publication.pk).update(updated=moment, published_at=moment)


# --- the verbs -------------------------------------------------------------------------


def test_identify(client, monograph):
    root = oai(client, verb="Identify")
    assert errors(root) == []
    assert text(root, "oai:request/@verb") == ["Identify"]
    identify = "oai:Identify/oai:"
    assert text(root, identify + "repositoryName/text()") == ["Russian Customs Academy: SCIENCE"]
    assert text(root, identify + "baseURL/text()") == ["http://testserver/oai/"]
    assert text(root, identify + "protocolVersion/text()") == ["2.0"]
    assert text(root, identify + "deletedRecord/text()") == ["persistent"]
    assert text(root, identify + "granularity/text()") == ["YYYY-MM-DDThh:mm:ssZ"]
    assert len(text(root, identify + "adminEmail")) >= 1
    earliest = text(root, identify + "earliestDatestamp/text()")[0]
    assert datetime.datetime.strptime(earliest, "%Y-%m-%dT%H:%M:%SZ")


def test_identify_describes_the_identifier_scheme_for_a_domain_name(client, settings, db):
    settings.OAI_REPOSITORY_IDENTIFIER = "science.example.org"
    root = oai(client, verb="Identify")
    ns = {"id": "http://www.openarchives.org/OAI/2.0/oai-identifier"}
    assert root.xpath("//id:repositoryIdentifier/text()", namespaces=ns) == ["science.example.org"]
    assert root.xpath("//id:sampleIdentifier/text()", namespaces=ns) == [
        "oai:science.example.org:1"
    ]


def test_list_metadata_formats(client, monograph):
    for params in ({}, {"identifier": identifier_of(monograph)}):
        root = oai(client, verb="ListMetadataFormats", **params)
        assert text(root, "//oai:metadataPrefix/text()") == ["oai_dc", "oai_openaire"]
        assert text(root, "//oai:metadataNamespace/text()") == [
            NS["oai_dc"],
            "http://namespace.openaire.eu/schema/oaire/",
        ]


def test_list_sets_by_type_and_topic(client, monograph):
    TopicFactory(slug="hidden-topic", status="draft")
    root = oai(client, verb="ListSets")
    specs = text(root, "//oai:setSpec/text()")
    assert {
        "openaire",
        "type",
        "type:monograph",
        "type:article",
        "topic",
        "topic:digital-customs",
    } <= set(specs)
    assert "topic:hidden-topic" not in specs


def test_get_record_in_oai_dc(client, monograph):
    root = oai(
        client, verb="GetRecord", identifier=identifier_of(monograph), metadataPrefix="oai_dc"
    )
    assert errors(root) == []
    header = "//oai:record/oai:header/"
    assert text(root, header + "oai:identifier/text()") == [identifier_of(monograph)]
    assert text(root, header + "oai:setSpec/text()") == [
        "openaire",
        "type:monograph",
        "topic:digital-customs",
    ]
    dc = "//oai:metadata/oai_dc:dc/"
    assert text(root, dc + "dc:title/text()") == [
        "Цифровая таможня. Опыт ВТамО",
        "Digital Customs. WCO Experience",
    ]
    assert text(root, dc + "dc:title/@xml:lang") == ["ru", "en"]
    assert text(root, dc + "dc:creator/text()") == ["Мозер, Сергей"]
    assert text(root, dc + "dc:publisher/text()") == [
        "Региональный учебный центр Всемирной таможенной организации",
        "Российская таможенная академия",
    ]
    assert text(root, dc + "dc:date/text()") == ["2019"]
    assert text(root, dc + "dc:language/text()") == ["ru"]
    assert "http://testserver/ru/publications/digital-customs-wco-experience/" in text(
        root, dc + "dc:identifier/text()"
    )
    assert text(root, dc + "dc:format/text()") == ["application/pdf"]
    assert text(root, "//oai_dc:dc/@xsi:schemaLocation") == [
        "http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
    ]


def test_get_record_of_an_article_relates_it_to_its_collection(client, article):
    root = oai(client, verb="GetRecord", identifier=identifier_of(article), metadataPrefix="oai_dc")
    assert text(root, "//dc:relation/text()") == [
        "http://testserver/ru/publications/customs-and-trade/"
    ]
    assert text(root, "//dc:identifier/text()")[1] == "https://doi.org/10.1234/rca.2021.5"
    assert text(root, "//dc:contributor/text()") == []
    assert text(root, "//dc:creator/text()") == ["Мозер, Сергей", "Ёлкин, Жан-Поль Иванович"]


def test_post_requests_are_answered_like_get(client, monograph):
    response = client.post("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    root = etree.fromstring(response.content)
    assert identifiers(root) == [identifier_of(monograph)]


def test_drafts_are_never_exposed(client, monograph):
    draft = PublicationFactory(draft=True)
    scheduled = PublicationFactory(
        published_at=datetime.datetime.now(UTC) + datetime.timedelta(days=3)
    )
    for verb in ("ListIdentifiers", "ListRecords"):
        assert identifiers(oai(client, verb=verb, metadataPrefix="oai_dc")) == [
            identifier_of(monograph)
        ]
    for hidden in (draft, scheduled):
        root = oai(
            client, verb="GetRecord", identifier=identifier_of(hidden), metadataPrefix="oai_dc"
        )
        assert errors(root) == ["idDoesNotExist"]
        root = oai(client, verb="ListMetadataFormats", identifier=identifier_of(hidden))
        assert errors(root) == ["idDoesNotExist"]


# --- selective harvesting --------------------------------------------------------------


@pytest.fixture
def dated(db):
    """Three records changed on 1, 2 and 3 March 2024 at noon UTC."""
    records = []
    for day in (1, 2, 3):
        publication = PublicationFactory(type="monograph" if day != 2 else "article")
        set_datestamp(publication, datetime.datetime(2024, 3, day, 12, 0, 0, tzinfo=UTC))
        records.append(publication)
    return records


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2024-03-02"}, [1, 2]),
        ({"until": "2024-03-02"}, [0, 1]),
        ({"from": "2024-03-02", "until": "2024-03-02"}, [1]),
        ({"from": "2024-03-02T12:00:00Z"}, [1, 2]),
        ({"from": "2024-03-02T12:00:01Z"}, [2]),
        ({"until": "2024-03-02T12:00:00Z"}, [0, 1]),
        ({"until": "2024-03-02T11:59:59Z"}, [0]),
        ({"set": "type:article"}, [1]),
        ({"set": "type"}, [0, 1, 2]),
    ],
)
def test_from_until_and_set(client, dated, params, expected):
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params)
    assert identifiers(root) == [identifier_of(dated[i]) for i in expected]
    assert text(root, "//oai:header/oai:datestamp/text()")[0].endswith("T12:00:00Z")


def test_topic_sets(client, monograph, article):
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="topic:digital-customs")
    assert identifiers(root) == [identifier_of(monograph)]
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="topic")
    assert identifiers(root) == [identifier_of(monograph)]


# --- resumption tokens -----------------------------------------------------------------


def test_resumption_tokens_page_through_the_list(client, settings, db):
    settings.OAI_PAGE_SIZE = 2
    created = [PublicationFactory() for _ in range(5)]
    seen = []
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    cursors = []
    while True:
        seen += identifiers(root)
        (token,) = text(root, "//oai:resumptionToken")
        # The size is an estimate: it counts the record added after the first page.
        assert token.get("completeListSize") == ("5" if not cursors else "6")
        cursors.append(token.get("cursor"))
        if not token.text:
            break
        # A record added during the harvest comes last and disturbs no page.
        if len(cursors) == 1:
            created.append(PublicationFactory())
        root = oai(client, verb="ListRecords", resumptionToken=token.text)
        assert text(root, "oai:request/@resumptionToken") == [token.text]
    assert cursors == ["0", "2", "4"]
    assert seen == [identifier_of(p) for p in created]


def test_a_short_list_has_no_resumption_token(client, monograph):
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert text(root, "//oai:resumptionToken") == []


# --- errors, each where the specification puts it --------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "verb=Frobnicate",
        "verb=Identify&verb=Identify",
        "verb=identify",
    ],
)
def test_bad_verb(client, db, query):
    response = client.get(f"/oai/?{query}")
    root = etree.fromstring(response.content)
    assert errors(root) == ["badVerb"]
    assert dict(root.find("oai:request", NS).attrib) == {}  # no arguments echoed back
    assert root.find("oai:request", NS).text == "http://testserver/oai/"


@pytest.mark.parametrize(
    "query",
    [
        "verb=Identify&foo=bar",
        "verb=Identify&metadataPrefix=oai_dc",
        "verb=ListRecords",
        "verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-13-01",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=yesterday",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-01-01T10:00Z",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-01-01&until=2024-02-01T00:00:00Z",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-02-01&until=2024-01-01",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&set=type::x",
        "verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc",
        "verb=GetRecord&metadataPrefix=oai_dc",
        "verb=GetRecord&identifier=oai:127.0.0.1:1",
        "verb=ListSets&set=type",
        "verb=ListMetadataFormats&metadataPrefix=oai_dc",
    ],
)
def test_bad_argument(client, monograph, query):
    root = etree.fromstring(client.get(f"/oai/?{query}").content)
    assert errors(root) == ["badArgument"]
    assert dict(root.find("oai:request", NS).attrib) == {}


@pytest.mark.parametrize("verb", ["ListRecords", "ListIdentifiers"])
def test_cannot_disseminate_format_in_lists(client, monograph, verb):
    assert errors(oai(client, verb=verb, metadataPrefix="marc21")) == ["cannotDisseminateFormat"]


def test_cannot_disseminate_format_in_get_record(client, monograph):
    root = oai(client, verb="GetRecord", identifier=identifier_of(monograph), metadataPrefix="mods")
    assert errors(root) == ["cannotDisseminateFormat"]
    assert text(root, "oai:request/@verb") == ["GetRecord"]  # valid arguments are echoed


@pytest.mark.parametrize("identifier", ["oai:127.0.0.1:999999", "oai:elsewhere:1", "1", "oai:x"])
def test_id_does_not_exist(client, monograph, identifier):
    root = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert errors(root) == ["idDoesNotExist"]
    root = oai(client, verb="ListMetadataFormats", identifier=identifier)
    assert errors(root) == ["idDoesNotExist"]


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2100-01-01"},
        {"until": "1900-01-01"},
        {"set": "topic:no-such-topic"},
        {"set": "type:report"},
        {"set": "nothing"},
    ],
)
def test_no_records_match(client, monograph, params):
    for verb in ("ListRecords", "ListIdentifiers"):
        assert errors(oai(client, verb=verb, metadataPrefix="oai_dc", **params)) == [
            "noRecordsMatch"
        ]


def test_bad_resumption_token(client, settings, db):
    settings.OAI_PAGE_SIZE = 1
    PublicationFactory.create_batch(3)
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = text(root, "//oai:resumptionToken/text()")[0]
    assert errors(oai(client, verb="ListIdentifiers", resumptionToken=token + "x")) == [
        "badResumptionToken"
    ]
    assert errors(oai(client, verb="ListRecords", resumptionToken=token)) == ["badResumptionToken"]
    assert errors(oai(client, verb="ListIdentifiers", resumptionToken="garbage")) == [
        "badResumptionToken"
    ]
    assert errors(oai(client, verb="ListSets", resumptionToken="anything")) == [
        "badResumptionToken"
    ]


def test_identifiers_parse_only_our_own():
    assert publication_id("oai:127.0.0.1:42") == 42
    assert publication_id("oai:127.0.0.1:4a") is None
    assert publication_id("oai:other:42") is None


# --- cost ------------------------------------------------------------------------------


@pytest.mark.parametrize(("verb", "queries"), [("ListRecords", 7), ("ListIdentifiers", 2)])
def test_list_pages_run_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, verb, queries
):
    topic = TopicFactory()
    collection = PublicationFactory(type="collection")
    AuthorshipFactory(publication=collection, role="editor")

    def add(count):
        for _ in range(count):
            publication = PublicationFactory(type="article", parent=collection)
            AuthorshipFactory(publication=publication)
            publication.topics.add(topic)

    add(3)
    with django_assert_num_queries(queries):
        oai(client, verb=verb, metadataPrefix="oai_dc")
    add(47)
    with django_assert_num_queries(queries):
        root = oai(client, verb=verb, metadataPrefix="oai_dc")
    assert len(identifiers(root)) == 51


# --- a real harvester ------------------------------------------------------------------


def test_sickle_harvests_every_published_record_exactly_once(
    live_server, settings, transactional_db
):
    settings.OAI_PAGE_SIZE = 3
    published = [PublicationFactory() for _ in range(10)]
    PublicationFactory.create_batch(2, draft=True)
    sickle = Sickle(f"{live_server.url}/oai/", max_retries=0)
    identify = sickle.Identify()
    assert identify.deletedRecord == "persistent"
    harvested = [
        record.header.identifier
        for record in sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=True)
    ]
    assert harvested == [identifier_of(p) for p in published]
    titles = [record.metadata["title"][0] for record in sickle.ListRecords(metadataPrefix="oai_dc")]
    assert titles == [p.title_ru for p in published]
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="type:monograph"))
    assert len(headers) == 10
    assert {s.setSpec for s in sickle.ListSets()} >= {"type", "type:monograph", "topic"}
