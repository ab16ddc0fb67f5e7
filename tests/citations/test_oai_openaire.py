"""OAI-PMH in the OpenAIRE v4 format (oai_openaire), the openaire set, and every response checked
against the shipped OAI-PMH, oai_dc and OpenAIRE schemas (tests/data/oai/, offline)."""

import datetime
from pathlib import Path

import pytest
from lxml import etree
from sickle import Sickle

from core import publishing
from people.models import Person
from publications.models import Publication, PublicationFile
from tests.events.factories import EventFactory, TalkFactory
from tests.people.factories import AffiliationFactory, OrganizationFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    TopicFactory,
)

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "oai"
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oaire": "http://namespace.openaire.eu/schema/oaire/",
    "datacite": "http://datacite.org/schema/kernel-4",
    "dc": "http://purl.org/dc/elements/1.1/",
}
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
OPEN = "http://purl.org/coar/access_right/c_abf2"
EMBARGOED = "http://purl.org/coar/access_right/c_f1cf"
RESTRICTED = "http://purl.org/coar/access_right/c_16ec"
METADATA_ONLY = "http://purl.org/coar/access_right/c_14cb"
FUTURE = datetime.date.today() + datetime.timedelta(days=400)
PAST = datetime.date(2020, 1, 1)

_schemas = {}


def schema(prefix):
    """The schema set a whole response in ``prefix`` validates against (parsed once)."""
    name = "harvest-openaire.xsd" if prefix == "oai_openaire" else "harvest-oai_dc.xsd"
    if name not in _schemas:
        _schemas[name] = etree.XMLSchema(etree.parse(str(SCHEMAS / name)))
    return _schemas[name]


def harvest(client, prefix="oai_openaire", **params):
    """A response, validated against the schemas, as a tree."""
    response = client.get("/oai/", params)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    schema(prefix).assertValid(root)
    return root


def record_of(client, publication):
    root = harvest(
        client,
        verb="GetRecord",
        identifier=f"oai:127.0.0.1:{publication.pk}",
        metadataPrefix="oai_openaire",
    )
    (resource,) = root.xpath("//oaire:resource", namespaces=NS)
    return resource


def texts(element, path):
    return element.xpath(path, namespaces=NS)


@pytest.fixture
def licensed(monograph):
    """The demo monograph with a licence, classifications, keywords, an EDN and a profile."""
    Publication.objects.filter(pk=monograph.pk).update(
        license=CC_BY,
        edn="ABCDEF",
        udc="339.543",
        bbk="67.402",
        keywords_ru="цифровая таможня, ВТамО",
        keywords_en="digital customs, WCO",
        date=datetime.date(2019, 6, 18),
        pages=240,
    )
    mozer = Person.objects.get(slug="sergei-mozer")
    Person.objects.filter(pk=mozer.pk).update(orcid="0000-0002-1825-0097", spin="1234-5678")
    AffiliationFactory(
        person=mozer,
        organization=OrganizationFactory(
            name_ru="Российская таможенная академия", name_en="Russian Customs Academy"
        ),
        start_date=datetime.date(2010, 9, 1),
    )
    AffiliationFactory(  # ended before the book: not its author's affiliation then
        person=mozer,
        organization=OrganizationFactory(name_ru="Прежнее место", name_en="Former employer"),
        start_date=datetime.date(2001, 1, 1),
        end_date=datetime.date(2009, 12, 31),
    )
    return monograph


# --- the format and the set -------------------------------------------------------------


def test_both_formats_are_listed(client, monograph):
    root = harvest(client, verb="ListMetadataFormats")
    assert texts(root, "//oai:metadataPrefix/text()") == ["oai_dc", "oai_openaire"]
    assert texts(root, "//oai:metadataNamespace/text()")[1] == NS["oaire"]
    assert texts(root, "//oai:schema/text()")[1] == (
        "https://www.openaire.eu/schema/repo-lit/4.0/openaire.xsd"
    )


def test_the_openaire_set_holds_every_record_deleted_ones_as_deleted(client, monograph, article):
    gone = PublicationFactory()
    publishing.withdraw(objects=[gone], reason="Дубликат")
    draft = PublicationFactory(draft=True)
    sets = harvest(client, verb="ListSets")
    assert texts(sets, "//oai:set[oai:setSpec='openaire']/oai:setName/text()") == ["OpenAIRE"]
    root = harvest(client, verb="ListRecords", metadataPrefix="oai_openaire", set="openaire")
    identifiers = texts(root, "//oai:header/oai:identifier/text()")
    assert f"oai:127.0.0.1:{draft.pk}" not in identifiers
    assert identifiers == [
        f"oai:127.0.0.1:{p.pk}" for p in (monograph, article.parent, article, gone)
    ]
    (deleted,) = texts(root, "//oai:header[@status='deleted']")
    assert texts(deleted, "oai:identifier/text()") == [f"oai:127.0.0.1:{gone.pk}"]
    assert texts(deleted, "../oai:metadata") == []
    assert "openaire" in texts(deleted, "oai:setSpec/text()")


# --- what a record says -----------------------------------------------------------------


def test_a_monograph_in_full(client, licensed):
    resource = record_of(client, licensed)
    titles = texts(resource, "datacite:titles/datacite:title")
    assert [(t.text, t.get("{http://www.w3.org/XML/1998/namespace}lang")) for t in titles] == [
        ("Цифровая таможня. Опыт ВТамО", "ru"),
        ("Digital Customs. WCO Experience", "en"),
    ]
    assert titles[1].get("titleType") == "TranslatedTitle"
    (creator,) = texts(resource, "datacite:creators/datacite:creator")
    assert texts(creator, "datacite:creatorName/text()") == ["Мозер, Сергей"]
    assert texts(creator, "datacite:familyName/text()") == ["Мозер"]
    orcid = texts(creator, "datacite:nameIdentifier[@nameIdentifierScheme='ORCID']")[0]
    assert (orcid.text, orcid.get("schemeURI")) == ("0000-0002-1825-0097", "https://orcid.org")
    assert texts(creator, "datacite:nameIdentifier[@nameIdentifierScheme='SPIN']/text()") == [
        "1234-5678"
    ]
    assert texts(creator, "datacite:affiliation/text()") == ["Российская таможенная академия"]
    assert texts(resource, "datacite:identifier/@identifierType") == ["URL"]
    assert texts(resource, "datacite:identifier/text()") == [
        "http://testserver/ru/publications/digital-customs-wco-experience/"
    ]
    assert texts(resource, "datacite:alternateIdentifiers/*/@alternateIdentifierType") == ["EDN"]
    assert texts(resource, "datacite:dates/datacite:date[@dateType='Issued']/text()") == [
        "2019-06-18"
    ]
    assert texts(resource, "dc:language/text()") == ["rus"]
    assert texts(resource, "dc:publisher/text()") == [
        "Региональный учебный центр Всемирной таможенной организации",
        "Российская таможенная академия",
    ]
    (kind,) = texts(resource, "oaire:resourceType")
    assert (kind.text, kind.get("uri"), kind.get("resourceTypeGeneral")) == (
        "book",
        "http://purl.org/coar/resource_type/c_2f33",
        "literature",
    )
    assert texts(resource, "dc:description/@xml:lang") == ["ru", "en"]
    assert texts(resource, "datacite:sizes/datacite:size/text()") == ["240 pages"]
    assert texts(resource, "datacite:rights/@rightsURI") == [OPEN]
    assert texts(resource, "datacite:rights/text()") == ["open access"]
    subjects = {
        (s.text, s.get("subjectScheme"), s.get("{http://www.w3.org/XML/1998/namespace}lang"))
        for s in texts(resource, "datacite:subjects/datacite:subject")
    }
    assert {
        ("цифровая таможня", None, "ru"),
        ("WCO", None, "en"),
        ("Цифровая таможня", "Russian Customs Academy: SCIENCE topics", "ru"),
        ("Digital customs", "Russian Customs Academy: SCIENCE topics", "en"),
        ("339.543", "UDC", None),
        ("67.402", "BBK", None),
    } <= subjects
    (licence,) = texts(resource, "oaire:licenseCondition")
    assert (licence.get("uri"), licence.text) == (
        CC_BY,
        "Creative Commons Attribution 4.0 International",
    )
    (file,) = texts(resource, "oaire:file")
    assert file.text.startswith("http://testserver/ru/publications/files/")
    assert (file.get("mimeType"), file.get("accessRightsURI"), file.get("objectType")) == (
        "application/pdf",
        OPEN,
        "fulltext",
    )


def test_an_article_carries_its_container_pages_doi_and_editors_elsewhere(client, article):
    resource = record_of(client, article)
    assert texts(resource, "datacite:identifier/text()") == ["10.1234/rca.2021.5"]
    assert texts(resource, "datacite:identifier/@identifierType") == ["DOI"]
    assert texts(resource, "datacite:alternateIdentifiers/*/text()") == [
        "http://testserver/ru/publications/wco-digital-customs-article/"
    ]
    related = texts(resource, "datacite:relatedIdentifiers/datacite:relatedIdentifier")
    assert [(r.get("relatedIdentifierType"), r.get("relationType"), r.text) for r in related] == [
        ("URL", "IsPartOf", "http://testserver/ru/publications/customs-and-trade/"),
        ("ISBN", "IsPartOf", "978-5-9590-1234-5"),
    ]
    assert texts(resource, "oaire:resourceType/@uri") == [
        "http://purl.org/coar/resource_type/c_3248"
    ]
    assert texts(resource, "oaire:citationTitle/text()") == [
        "Customs & Trade: 100% Digital_Future {2021}"
    ]
    assert texts(resource, "oaire:citationStartPage/text()") == ["10"]
    assert texts(resource, "oaire:citationEndPage/text()") == ["24"]
    assert texts(resource, "datacite:creators/*/datacite:creatorName/text()") == [
        "Мозер, Сергей",
        "Ёлкин, Жан-Поль Иванович",
    ]
    assert texts(resource, "datacite:rights/@rightsURI") == [METADATA_ONLY]
    assert texts(resource, "oaire:file") == []
    assert texts(resource, "datacite:sizes") == []  # a part has pages of its host, not a size


def test_a_journal_article_has_volume_and_issue(client, db):
    paper = PublicationFactory(
        type="article",
        source_title="Вестник Российской таможенной академии",
        source_volume="3",
        source_issue="2",
        source_pages="15-27",
    )
    resource = record_of(client, paper)
    assert texts(resource, "oaire:resourceType/text()") == ["journal article"]
    assert [texts(resource, f"oaire:citation{n}/text()") for n in ("Volume", "Issue")] == [
        ["3"],
        ["2"],
    ]
    assert texts(resource, "oaire:citationStartPage/text()") == ["15"]
    assert texts(resource, "oaire:citationEndPage/text()") == ["27"]


def test_an_edited_collection_has_its_editors_as_creators(client, collection):
    resource = record_of(client, collection)
    assert texts(resource, "datacite:creators/*/datacite:creatorName/text()") == [
        "Tkachenko, Marina",
        "Mozer, Sergei",
    ]
    assert texts(resource, "datacite:contributors") == []
    assert texts(resource, "dc:language/text()") == ["eng"]


@pytest.mark.parametrize(
    ("files", "rights"),
    [
        ([("public", None)], OPEN),
        ([("embargoed", PAST)], OPEN),  # the embargo is over
        ([("embargoed", FUTURE), ("staff", None)], EMBARGOED),
        ([("staff", None)], RESTRICTED),
        ([("staff", None), ("public", None)], OPEN),
        ([], METADATA_ONLY),
    ],
)
def test_access_rights_follow_the_files(client, db, files, rights):
    publication = PublicationFactory()
    for access, until in files:
        PublicationFileFactory(publication=publication, access=access, embargo_until=until)
    resource = record_of(client, publication)
    assert texts(resource, "datacite:rights/@rightsURI") == [rights]
    file_rights = texts(resource, "oaire:file/@accessRightsURI")
    assert len(file_rights) == len(files)
    embargo_end = texts(resource, "datacite:dates/datacite:date[@dateType='Available']/text()")
    assert embargo_end == ([FUTURE.isoformat()] if rights == EMBARGOED else [])
    if rights == EMBARGOED:
        assert file_rights == [EMBARGOED, RESTRICTED]


def test_a_translator_is_a_contributor_and_an_abstract_a_conference_object(client, db):
    abstract = PublicationFactory(type="abstract", language="en", title_en="On risk", title_ru="")
    AuthorshipFactory(publication=abstract)
    AuthorshipFactory(publication=abstract, role="translator")
    resource = record_of(client, abstract)
    assert texts(resource, "oaire:resourceType/text()") == ["conference object"]
    assert texts(resource, "datacite:contributors/*/@contributorType") == ["Other"]
    assert texts(resource, "datacite:titles/*/@xml:lang") == ["en"]


def test_a_conference_paper_gives_the_conference_its_proceedings_were_presented_at(client, db):
    proceedings = PublicationFactory(type="proceedings", title_ru="Труды конференции")
    paper = PublicationFactory(type="article", parent=proceedings, first_page=3, last_page=9)
    AuthorshipFactory(publication=paper)
    conference = EventFactory(
        city_ru="Москва",
        city_en="Moscow",
        country="RU",
        start_date=datetime.date(2021, 6, 28),
        end_date=datetime.date(2021, 7, 5),
    )
    TalkFactory(event=conference).publications.add(proceedings)
    hidden = EventFactory(status="draft", start_date=datetime.date(2020, 1, 1), city_ru="Тайна")
    TalkFactory(event=hidden).publications.add(proceedings)
    for work in (paper, proceedings):
        resource = record_of(client, work)
        assert texts(resource, "oaire:citationConferencePlace/text()")[0].startswith("Москва, ")
        assert texts(resource, "oaire:citationConferenceDate/text()") == ["2021-06-28/2021-07-05"]
    assert texts(record_of(client, paper), "oaire:resourceType/text()") == ["conference paper"]
    # The control: a work that is no conference paper names no conference.
    monograph = PublicationFactory()
    TalkFactory(event=conference).publications.add(monograph)
    assert texts(record_of(client, monograph), "oaire:citationConferencePlace") == []


def test_oai_dc_gives_the_language_of_titles_and_descriptions(client, licensed):
    root = harvest(
        client,
        "oai_dc",
        verb="GetRecord",
        identifier=f"oai:127.0.0.1:{licensed.pk}",
        metadataPrefix="oai_dc",
    )
    for element in ("title", "description"):
        found = texts(root, f"//dc:{element}")
        assert [e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in found] == ["ru", "en"]
    assert texts(root, "//dc:rights/text()") == [CC_BY]


# --- validation and cost ----------------------------------------------------------------


def test_every_verb_validates_in_both_formats(client, licensed, article):
    PublicationFileFactory(publication=article, access="embargoed", embargo_until=FUTURE)
    publishing.withdraw(objects=[PublicationFactory()], reason="Ошибка")
    for prefix in ("oai_dc", "oai_openaire"):
        harvest(client, prefix, verb="Identify")
        harvest(client, prefix, verb="ListSets")
        harvest(client, prefix, verb="ListMetadataFormats")
        harvest(client, prefix, verb="ListIdentifiers", metadataPrefix=prefix)
        root = harvest(client, prefix, verb="ListRecords", metadataPrefix=prefix)
        assert len(texts(root, "//oai:record")) == 4
        harvest(client, prefix, verb="ListRecords", metadataPrefix=prefix, set="nothing")
        harvest(client, prefix, verb="Frobnicate")


def test_the_schema_rejects_a_broken_record(client, monograph):
    """The control: the shipped schemas do fail a record that breaks them."""
    root = record_of(client, monograph).getroottree().getroot()
    kind = root.xpath("//oaire:resourceType", namespaces=NS)[0]
    kind.set("uri", "http://purl.org/coar/resource_type/not-a-type")
    assert not schema("oai_openaire").validate(root)
    root.xpath("//oaire:resourceType", namespaces=NS)[0].set(
        "uri", "http://purl.org/coar/resource_type/c_2f33"
    )
    assert schema("oai_openaire").validate(root)


def test_list_records_runs_a_fixed_number_of_queries(client, db, django_assert_num_queries):
    topic = TopicFactory()
    collection = PublicationFactory(type="proceedings")
    TalkFactory().publications.add(collection)

    def add(count):
        for _ in range(count):
            publication = PublicationFactory(type="article", parent=collection)
            AffiliationFactory(person=AuthorshipFactory(publication=publication).person)
            PublicationFileFactory(publication=publication, access=PublicationFile.Access.STAFF)
            publication.topics.add(topic)

    add(2)
    # The rows, authorships, publishers, the parents' authorships and publishers, topics,
    # public files, all files, affiliations, and the conferences the papers were given at.
    with django_assert_num_queries(10):
        harvest(client, verb="ListRecords", metadataPrefix="oai_openaire")
    add(20)
    with django_assert_num_queries(10):
        root = harvest(client, verb="ListRecords", metadataPrefix="oai_openaire")
    assert len(texts(root, "//oaire:resource")) == 23
    assert len(texts(root, "//oaire:citationConferenceDate")) == 23


def test_sickle_harvests_the_openaire_set_in_both_formats(live_server, settings, transactional_db):
    settings.OAI_PAGE_SIZE = 2
    published = [PublicationFactory() for _ in range(5)]
    PublicationFactory(draft=True)
    sickle = Sickle(f"{live_server.url}/oai/", max_retries=0)
    formats = [f.metadataPrefix for f in sickle.ListMetadataFormats()]
    assert formats == ["oai_dc", "oai_openaire"]
    for prefix in formats:
        records = list(sickle.ListRecords(metadataPrefix=prefix, set="openaire"))
        assert [r.header.identifier for r in records] == [
            f"oai:127.0.0.1:{p.pk}" for p in published
        ]
        assert all("openaire" in r.header.setSpecs for r in records)
    record = sickle.GetRecord(
        identifier=f"oai:127.0.0.1:{published[0].pk}", metadataPrefix="oai_openaire"
    )
    assert record.metadata["title"] == [published[0].title_ru, published[0].title_en]
    assert record.metadata["rights"] == ["metadata only access"]
