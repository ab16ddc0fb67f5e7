"""Licences and the eLibrary and ROR identifiers in every export that has a place for them."""

import json

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from people.models import Organization, Person
from publications import licences
from publications.formats import bibtex, csl_json, ris
from publications.formats.queries import for_citation
from publications.models import Publication, PublicationFile
from publications.validators import validate_edn
from tests.citations.test_metadata import head
from tests.publications.factories import PublicationFactory, PublicationFileFactory

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC_BY_NC = "https://creativecommons.org/licenses/by-nc/4.0/"
DC = {"dc": "http://purl.org/dc/elements/1.1/"}


@pytest.fixture
def licensed(monograph):
    Publication.objects.filter(pk=monograph.pk).update(license=CC_BY, edn="ABCDEF")
    Person.objects.filter(slug="sergei-mozer").update(
        orcid="0000-0002-1825-0097", spin="1234-5678", rsci_author_id="654321"
    )
    Organization.objects.filter(slug="russian-customs-academy").update(ror="05gq02987")
    return for_citation().get(pk=monograph.pk)


@pytest.mark.parametrize("edn", ["ABCDEF", "ZQBMOT", "abcdef"])
def test_good_edns_pass(edn):
    validate_edn(edn)


@pytest.mark.parametrize("edn", ["", "ABCDE", "ABCDEFG", "ABC1EF", "АБВГДЕ", "EDN ABCDEF"])
def test_bad_edns_are_refused(edn):
    with pytest.raises(ValidationError) as error:
        validate_edn(edn)
    assert error.value.code == "edn"


def test_every_licence_has_a_uri_a_short_name_and_both_labels():
    assert len({licence.uri for licence in licences.LICENCES}) == 9
    assert licences.get(CC_BY).short == "CC BY 4.0"
    assert licences.get("http://rightsstatements.org/vocab/InC/1.0/").labels() == {
        "ru": "Все права защищены",
        "en": "All rights reserved",
    }
    assert licences.get("") is None and licences.get("https://example.org/") is None
    assert max(len(uri) for uri, _label in licences.CHOICES) <= licences.MAX_LENGTH


@pytest.mark.django_db
def test_a_file_is_under_its_own_licence_else_its_publications():
    publication = PublicationFactory(license=CC_BY)
    own = PublicationFileFactory(publication=publication, license=CC_BY_NC)
    inherited = PublicationFileFactory(publication=publication)
    assert licences.of_file(own) == CC_BY_NC
    assert licences.of_file(inherited) == CC_BY
    assert inherited.licence.short == "CC BY 4.0"
    publication.license = ""
    assert licences.of_file(inherited, publication) == ""


@pytest.mark.django_db
def test_the_edn_is_stored_in_capitals():
    publication = PublicationFactory.build(edn=" abcdef")
    publication.clean()
    assert publication.edn == "ABCDEF"
    assert publication.edn_url == "https://elibrary.ru/edn/ABCDEF"


def test_json_ld_licence_identifiers_and_profiles(licensed):
    tree = head(licensed)
    (script,) = tree.xpath('//script[@type="application/ld+json"]/text()')
    data = json.loads(script)
    assert data["license"] == CC_BY
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "EDN",
        "value": "ABCDEF",
        "url": "https://elibrary.ru/edn/ABCDEF",
    }
    assert data["author"][0]["sameAs"] == [
        "https://orcid.org/0000-0002-1825-0097",
        "https://elibrary.ru/author_profile.asp?spin=1234-5678",
        "https://elibrary.ru/author_profile.asp?id=654321",
    ]
    academy = data["publisher"][1]
    assert academy["sameAs"] == "https://ror.org/05gq02987"
    assert "sameAs" not in data["publisher"][0]


def test_json_ld_lists_the_doi_and_the_edn_together(licensed):
    Publication.objects.filter(pk=licensed.pk).update(doi="10.1234/x.1")
    data = json.loads(head(for_citation().get(pk=licensed.pk)).xpath("//script/text()")[0])
    assert [i["propertyID"] for i in data["identifier"]] == ["DOI", "EDN"]
    assert data["sameAs"] == "https://doi.org/10.1234/x.1"


def test_dublin_core_meta_tags(licensed):
    tree = head(licensed)
    assert tree.xpath('//meta[@name="DC.rights"]/@content') == [CC_BY]
    assert "https://elibrary.ru/edn/ABCDEF" in tree.xpath('//meta[@name="DC.identifier"]/@content')


def test_csl_json_bibtex_and_ris_carry_the_licence_and_the_edn(licensed):
    item = csl_json.item(licensed)
    assert (item["license"], item["note"]) == (CC_BY, "EDN: ABCDEF")
    fields = bibtex.fields(licensed)
    assert ("license", CC_BY) in fields
    assert [pair for pair in fields if pair[0].startswith("eprint")] == [
        ("eprint", "ABCDEF"),
        ("eprinttype", "EDN"),
    ]
    tags = ris.tags(licensed)
    assert ("N1", f"License: {CC_BY}") in tags
    assert [pair for pair in tags if pair[0] in ("DB", "AN")] == [
        ("DB", "eLibrary.ru"),
        ("AN", "ABCDEF"),
    ]
    assert tags[-1] == ("ER", "")


def test_no_licence_no_field(monograph):
    assert "license" not in csl_json.item(monograph)
    assert "note" not in csl_json.item(monograph)
    assert "license" not in dict(bibtex.fields(monograph))
    assert "eprint" not in dict(bibtex.fields(monograph))
    assert not [tag for tag, _value in ris.tags(monograph) if tag in ("N1", "AN", "DB")]
    assert "license" not in json.loads(head(monograph).xpath("//script/text()")[0])
    assert head(monograph).xpath('//meta[@name="DC.rights"]') == []


def test_oai_dc_rights_and_edn(client, licensed):
    response = client.get(
        "/oai/",
        {
            "verb": "GetRecord",
            "identifier": f"oai:127.0.0.1:{licensed.pk}",
            "metadataPrefix": "oai_dc",
        },
    )
    root = etree.fromstring(response.content)
    assert root.xpath("//dc:rights/text()", namespaces=DC) == [CC_BY]
    assert "https://elibrary.ru/edn/ABCDEF" in root.xpath("//dc:identifier/text()", namespaces=DC)


def test_the_page_shows_the_licence_and_a_files_own(client, licensed):
    PublicationFileFactory(publication=licensed, label_ru="Приложение", license=CC_BY_NC)
    PublicationFileFactory(publication=licensed, label_ru="Как у издания", license=CC_BY)
    response = client.get("/en/publications/digital-customs-wco-experience/")
    page = lxml.html.fromstring(response.content.decode())
    badges = page.xpath('//a[@class="licence-badge"]')
    assert [(a.text, a.get("href")) for a in badges] == [
        ("CC BY-NC 4.0", CC_BY_NC),  # the file whose licence differs, in the file list
        ("CC BY 4.0", CC_BY),  # the publication's, in the details
    ]
    assert all("license" in a.get("rel").split() for a in badges)
    assert "Creative Commons Attribution 4.0 International" in response.content.decode()
    assert page.xpath('//a[@href="https://elibrary.ru/edn/ABCDEF"]/text()') == ["ABCDEF"]
    assert PublicationFile.objects.filter(publication=licensed).count() == 3
