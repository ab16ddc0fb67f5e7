"""A book's edition statement ("2-е изд., перераб. и доп."): on its page, in every export, in
OpenAIRE's citationEdition, in the API, and back in through the import."""

import json

import pytest

from publications.formats import bibtex, csl_json, gost, ris
from publications.formats.queries import for_citation
from publications.importing import bibtex as bibtex_reader
from publications.importing import ris as ris_reader
from publications.models import Publication
from tests.citations.test_oai_openaire import record_of, texts

EDITION = "2-е изд., перераб. и доп."

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_edition(monograph):
    Publication.objects.filter(pk=monograph.pk).update(edition=EDITION)
    return for_citation().get(pk=monograph.pk)


def test_the_page_shows_the_edition(client, second_edition):
    page = client.get(second_edition.get_absolute_url()).content.decode()
    assert f"<dd>{EDITION}</dd>" in page


def test_bibtex_ris_csl_and_gost_carry_the_edition(second_edition):
    assert ("edition", EDITION) in bibtex.fields(second_edition)
    assert ("ET", EDITION) in ris.tags(second_edition)
    assert csl_json.item(second_edition)["edition"] == EDITION
    reference = gost.reference(second_edition)
    # GOST 7.0.100: the edition area follows the title area, before the place and publisher.
    assert f"/ С. Мозер. – {EDITION} – [Б. м.] : " in reference
    assert reference.index(EDITION) < reference.index("2019")


def test_a_work_without_an_edition_says_none(monograph):
    work = for_citation().get(pk=monograph.pk)
    assert not [pair for pair in bibtex.fields(work) if pair[0] == "edition"]
    assert not [pair for pair in ris.tags(work) if pair[0] == "ET"]
    assert "edition" not in csl_json.item(work)


def test_json_ld_names_the_book_edition(client, second_edition):
    page = client.get(second_edition.get_absolute_url()).content.decode()
    block = page.split('<script type="application/ld+json"', 1)[1].split(">", 1)[1]
    data = json.loads(block.split("</script>", 1)[0])
    graph = data.get("@graph", [data])
    books = [node for node in graph if node.get("bookEdition")]
    assert [book["bookEdition"] for book in books] == [EDITION]


def test_openaire_gives_the_citation_edition_and_validates(client, second_edition):
    resource = record_of(client, second_edition)  # validated against the shipped XSDs
    assert texts(resource, "oaire:citationEdition/text()") == [EDITION]


def test_openaire_leaves_it_out_when_there_is_none(client, monograph):
    resource = record_of(client, monograph)
    assert texts(resource, "oaire:citationEdition") == []
    assert texts(resource, "datacite:titles")  # positive control: the record is there


def test_the_api_gives_the_edition(client, second_edition):
    data = client.get(f"/api/v1/publications/{second_edition.slug}/").json()
    assert data["edition"] == EDITION


def test_the_import_reads_the_edition_from_bibtex_and_ris():
    (entry,), errors = bibtex_reader.read(
        "@book{a, title={Таможня}, year={2020}, edition={" + EDITION + "}}"
    )
    assert errors == [] and entry.edition == EDITION
    (record,), errors = ris_reader.read(
        f"TY  - BOOK\nTI  - Таможня\nPY  - 2020\nET  - {EDITION}\nER  - \n"
    )
    assert errors == [] and record.edition == EDITION
