"""Publications as the seed pages describe them, built with the factories."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from publications.formats.queries import for_citation
from publications.models import Authorship, Publication
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
    TopicFactory,
)

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


@pytest.fixture(autouse=True)
def russian():
    """Every test starts in Russian, whatever language an earlier request left active
    (factories write untranslated field names to the active language's column)."""
    with translation.override("ru"):
        yield


@pytest.fixture
def mozer(db):
    return PersonFactory(
        slug="sergei-mozer",
        family_name_cyr="Мозер",
        given_name_cyr="Сергей",
        family_name_lat="Mozer",
        given_name_lat="Sergei",
    )


@pytest.fixture
def topic(db):
    return TopicFactory(
        slug="digital-customs", name_ru="Цифровая таможня", name_en="Digital customs"
    )


@pytest.fixture
def monograph(mozer, topic):
    """The demo monograph "Digital Customs. WCO Experience" (2019), with a public PDF."""
    publication = PublicationFactory(
        slug="digital-customs-wco-experience",
        type=Publication.Type.MONOGRAPH,
        title_ru="Цифровая таможня. Опыт ВТамО",
        title_en="Digital Customs. WCO Experience",
        year=2019,
        language="ru",
        published_at=datetime.datetime(2019, 6, 1, tzinfo=MOSCOW),
        abstract_ru="В монографии представлены исторические и современные факты.",
        abstract_en="The monograph represents historical and current facts.",
    )
    rtc = OrganizationFactory(
        slug="wco-regional-training-center",
        name_ru="Региональный учебный центр Всемирной таможенной организации",
        name_en="WCO Regional Training Center",
    )
    academy = OrganizationFactory(
        slug="russian-customs-academy",
        name_ru="Российская таможенная академия",
        name_en="Russian Customs Academy",
    )
    PublisherFactory(publication=publication, organization=rtc, order=0)
    PublisherFactory(publication=publication, organization=academy, order=1)
    AuthorshipFactory(publication=publication, person=mozer, order=0)
    publication.topics.add(topic)
    PublicationFileFactory(publication=publication)
    return for_citation().get(pk=publication.pk)


@pytest.fixture
def collection(mozer):
    """An edited collection in English with two editors, ISBN, place and special characters."""
    publication = PublicationFactory(
        slug="customs-and-trade",
        type=Publication.Type.COLLECTION,
        title_en="Customs & Trade: 100% Digital_Future {2021}",
        title_ru="",
        language="en",
        year=2021,
        place_en="Moscow",
        isbn="978-5-9590-1234-5",
    )
    tkachenko = PersonFactory(
        slug="marina-tkachenko",
        family_name_cyr="Ткаченко",
        given_name_cyr="Марина",
        family_name_lat="Tkachenko",
        given_name_lat="Marina",
    )
    AuthorshipFactory(
        publication=publication, person=tkachenko, role=Authorship.Role.EDITOR, order=0
    )
    AuthorshipFactory(publication=publication, person=mozer, role=Authorship.Role.EDITOR, order=1)
    PublisherFactory(
        publication=publication,
        organization=OrganizationFactory(
            name_ru="Российская таможенная академия", name_en="Russian Customs Academy"
        ),
    )
    return publication


@pytest.fixture
def article(collection):
    """A Russian article printed in the collection, pages 10–24, two authors, a DOI."""
    publication = PublicationFactory(
        slug="wco-digital-customs-article",
        type=Publication.Type.ARTICLE,
        title_ru="Цифровая таможня ВТамО: «подходы» & перспективы",
        title_en="WCO digital customs: approaches and prospects",
        language="ru",
        year=2021,
        parent=collection,
        first_page=10,
        last_page=24,
        doi="10.1234/rca.2021.5",
    )
    second = PersonFactory(
        family_name_cyr="Ёлкин",
        given_name_cyr="Жан-Поль",
        patronymic_cyr="Иванович",
        family_name_lat="Yolkin",
        given_name_lat="Jean-Paul",
        patronymic_lat="Ivanovich",
    )
    mozer = collection.authorships.get(role=Authorship.Role.EDITOR, order=1).person
    AuthorshipFactory(publication=publication, person=mozer, order=0)
    AuthorshipFactory(publication=publication, person=second, order=1)
    return for_citation().get(pk=publication.pk)
