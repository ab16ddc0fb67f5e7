"""A withdrawn record keeps its address: 410 Gone with a tombstone, and every list drops it."""

import datetime

import pytest
from django.utils import timezone

from core import publishing
from core.publishing import Visibility
from publications.oai.views import oai_identifier
from tests.citations.test_oai import NS, errors, oai
from tests.events.factories import EventFactory
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    TopicFactory,
)
from tests.sitemap_reader import sitemap_text

pytestmark = pytest.mark.django_db

REASON = "Запись дублирует публикацию 2019 года."


@pytest.fixture
def monograph(django_user_model):
    publication = PublicationFactory(
        title="Квазитаможенные режимы", title_en="Quasi-customs regimes", slug="quasi", year=2018
    )
    AuthorshipFactory(
        publication=publication,
        person=PersonFactory(family_name_cyr="Мозер", given_name_cyr="Ольга", slug="mozer"),
    )
    PublicationFileFactory(publication=publication)
    return publication


def presence(client, publication):
    """Where the public finds the publication, or its live (not deleted) OAI-PMH record."""
    listed = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    live = listed.xpath("//oai:header[not(@status)]/oai:identifier/text()", namespaces=NS)
    return {
        "page": client.get(publication.get_absolute_url()).status_code == 200,
        "file": client.get(publication.files.get().get_absolute_url()).status_code == 200,
        "search": "Квазитаможенные"
        in client.get("/ru/search/", {"q": "квазитаможенные"}).content.decode(),
        "list": "Квазитаможенные" in client.get("/ru/publications/").content.decode(),
        "feed": "Quasi-customs" in client.get("/en/feeds/publications.atom").content.decode(),
        "sitemap": "/quasi/" in sitemap_text(client),
        "oai": oai_identifier(publication.pk) in live,
    }


def test_a_withdrawn_publication_answers_410_with_its_tombstone(client, monograph):
    assert all(presence(client, monograph).values())  # the positive control

    publishing.withdraw(objects=[monograph], reason=REASON)

    assert not any(presence(client, monograph).values())
    response = client.get(monograph.get_absolute_url())
    assert response.status_code == 410
    text = response.content.decode()
    for expected in ("Квазитаможенные режимы", "Мозер", "2018", REASON, "410"):
        assert expected in text, expected
    assert 'name="robots" content="noindex"' in text
    assert "Как цитировать" in text or "How to cite" in text
    day = timezone.localdate(monograph.withdrawn_at)
    assert str(day.year) in text
    assert client.get(monograph.files.get().get_absolute_url()).status_code == 410


def test_oai_pmh_reports_a_withdrawn_publication_as_deleted(client, monograph):
    identifier = oai_identifier(monograph.pk)
    live = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert live.xpath("//oai:header/@status", namespaces=NS) == []
    assert live.xpath("//oai:metadata", namespaces=NS)

    publishing.withdraw(objects=[monograph], reason=REASON)

    record = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert errors(record) == []
    assert record.xpath("//oai:header/@status", namespaces=NS) == ["deleted"]
    assert record.xpath("//oai:metadata", namespaces=NS) == []
    listed = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    deleted = listed.xpath("//oai:header[@status='deleted']/oai:identifier/text()", namespaces=NS)
    assert deleted == [identifier]
    identify = oai(client, verb="Identify")
    assert identify.xpath("//oai:deletedRecord/text()", namespaces=NS) == ["persistent"]
    # Harvesting from the moment of withdrawal picks the deletion up.
    since = (monograph.withdrawn_at - datetime.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    recent = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": since})
    assert recent.xpath("//oai:header/@status", namespaces=NS) == ["deleted"]


def test_a_restored_publication_is_public_again(client, monograph):
    publishing.withdraw(objects=[monograph], reason=REASON)
    publishing.publish(objects=[monograph])
    monograph.refresh_from_db()
    assert monograph.withdrawn_at is None
    assert all(presence(client, monograph).values())


def test_a_draft_that_was_never_public_stays_a_plain_404(client):
    draft = PublicationFactory(draft=True, slug="never")
    assert client.get(draft.get_absolute_url()).status_code == 404
    record = oai(
        client, verb="GetRecord", identifier=oai_identifier(draft.pk), metadataPrefix="oai_dc"
    )
    assert errors(record) == ["idDoesNotExist"]


def test_withdrawing_a_scheduled_publication_before_its_day_makes_it_a_draft(client):
    future = PublicationFactory(published_at=timezone.now() + datetime.timedelta(days=3))
    publishing.withdraw(objects=[future], reason=REASON)
    future.refresh_from_db()
    assert future.status == Visibility.DRAFT  # never public: nothing to say it is gone
    assert client.get(future.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("factory", "name"),
    [
        (lambda: PersonFactory(family_name_cyr="Ласточкина", slug="p"), "Ласточкина"),
        (lambda: OrganizationFactory(name="Отдел ликвидаций", slug="o"), "Отдел ликвидаций"),
        (lambda: EventFactory(title="Закрытая школа", slug="e"), "Закрытая школа"),
        (lambda: TopicFactory(name="Отменённая тема", slug="t"), "Отменённая тема"),
    ],
    ids=["person", "organization", "event", "topic"],
)
def test_every_withdrawn_record_has_a_tombstone(client, factory, name):
    row = factory()
    assert client.get(row.get_absolute_url()).status_code == 200
    publishing.withdraw(objects=[row], reason=REASON)
    response = client.get(row.get_absolute_url())
    assert response.status_code == 410
    assert name in response.content.decode() and REASON in response.content.decode()
    assert f"/{row.slug}/" not in sitemap_text(client)
