"""Fixtures of the search tests: the demo's people and works, built with factories."""

import datetime

import pytest
from django.db import connection
from django.utils import translation

from publications.models import Publication
from tests.people.factories import OrganizationFactory, mozer
from tests.publications.factories import AuthorshipFactory, PublicationFactory, TopicFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search and trigrams"
)


@pytest.fixture(autouse=True)
def russian():
    """Russian is active, as on the site's default pages (a request may leave English on)."""
    with translation.override("ru"):
        yield


@pytest.fixture
def topic(db):
    return TopicFactory(name="Цифровая таможня", name_en="Digital customs", slug="digital-customs")


@pytest.fixture
def sergei(db):
    return mozer()


@pytest.fixture
def monograph(sergei, topic):
    publication = PublicationFactory(
        type=Publication.Type.MONOGRAPH,
        title="Цифровая таможня: опыт ВТамО",
        title_en="Digital customs: the WCO experience",
        slug="digital-customs-wco-experience",
        year=2019,
        abstract="Монография о таможенном администрировании в цифровую эпоху.",
        abstract_en="A monograph on customs administration in the digital age.",
        keywords="цифровая таможня, таможенные технологии",
        keywords_en="digital customs, customs technology",
    )
    AuthorshipFactory(publication=publication, person=sergei, order=1)
    publication.topics.add(topic)
    return publication


@pytest.fixture
def collection(sergei):
    publication = PublicationFactory(
        type=Publication.Type.COLLECTION,
        title="Развитие института цифровой таможни",
        title_en="Development of the institute of digital customs",
        slug="development-of-the-institute-of-digital-customs",
        year=2021,
        date=datetime.date(2021, 12, 1),
        abstract="Сборник статей автора 2019–2020 годов.",
        abstract_en="A collection of the author's articles of 2019–2020.",
    )
    AuthorshipFactory(publication=publication, person=sergei, order=1)
    return publication


@pytest.fixture
def academy(db):
    return OrganizationFactory(
        name="Российская таможенная академия",
        name_en="Russian Customs Academy",
        short_name="РТА",
        short_name_en="RCA",
        slug="russian-customs-academy",
    )
