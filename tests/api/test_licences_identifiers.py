"""Licences (publication and files) and the eLibrary and ROR identifiers in the API."""

from people.models import Organization, Person
from publications.models import Publication, PublicationFile
from tests.api.conftest import get_json

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


def test_a_publication_and_its_files_say_their_licence(client, world):
    Publication.objects.filter(pk=world["pub"].pk).update(license=CC_BY, edn="ABCDEF")
    PublicationFile.objects.filter(pk=world["file_embargo_over"].pk).update(license=CC0)
    data = get_json(client, "/api/v1/publications/digital-customs/")
    assert data["license"] == {
        "uri": CC_BY,
        "label": {
            "ru": "Creative Commons «Атрибуция» 4.0 Международная",
            "en": "Creative Commons Attribution 4.0 International",
        },
    }
    assert data["edn"] == "ABCDEF"
    assert data["edn_url"] == "https://elibrary.ru/edn/ABCDEF"
    assert [f["license"]["uri"] for f in data["files"]] == [CC_BY, CC0]


def test_no_licence_is_null(client, world):
    data = get_json(client, "/api/v1/publications/digital-customs/")
    assert data["license"] is None
    assert data["edn"] == "" and data["edn_url"] is None
    assert {f["license"] for f in data["files"]} == {None}


def test_people_and_organisations_give_their_ids(client, world):
    Person.objects.filter(slug="sergei-mozer").update(spin="1234-5678", rsci_author_id="654321")
    Organization.objects.filter(slug="academy").update(ror="05gq02987")
    person = get_json(client, "/api/v1/people/sergei-mozer/")
    assert person["spin"] == "1234-5678"
    assert person["rsci_author_id"] == "654321"
    assert person["profile_urls"] == [
        "https://orcid.org/0000-0002-1825-0097",
        "https://elibrary.ru/author_profile.asp?spin=1234-5678",
        "https://elibrary.ru/author_profile.asp?id=654321",
    ]
    organization = get_json(client, "/api/v1/organisations/academy/")
    assert organization["ror"] == "05gq02987"
    assert organization["ror_url"] == "https://ror.org/05gq02987"
