"""The demo holds the people and organisations of the seed pages, and loads only once."""

import pytest
from django.utils import translation

from people import demo
from people.models import Organization, Person
from science_portal.demo import DemoLoader

pytestmark = pytest.mark.django_db

SLUGS = [
    "russian-customs-academy",
    "rca-research-institute",
    "eurasian-economic-commission",
    "eec-customs-legislation-department",
    "eec-advanced-customs-technologies-division",
    "world-customs-organization",
    "wco-regional-training-center",
    "federal-customs-service",
    "belarusian-national-technical-university",
    "uzbekistan-customs-institute",
]


def test_a_second_run_changes_nothing():
    first = DemoLoader()
    demo.build(first)
    assert first.changed
    second = DemoLoader()
    demo.build(second)
    assert not second.changed, (second.created, second.updated)


def test_the_organisations_and_their_hierarchy():
    demo.build(DemoLoader())
    assert sorted(Organization.objects.values_list("slug", flat=True)) == sorted(SLUGS)
    division = Organization.objects.get(slug="eec-advanced-customs-technologies-division")
    assert [o.slug for o in division.ancestors()] == [
        "eec-customs-legislation-department",
        "eurasian-economic-commission",
    ]
    institute = Organization.objects.get(slug="rca-research-institute")
    assert institute.parent.slug == "russian-customs-academy"
    assert institute.name_en == "Research Institute of the Russian Customs Academy"
    for organization in Organization.objects.all():
        assert organization.name_ru and organization.name_en


def test_sergei_mozer():
    demo.build(DemoLoader())
    mozer = Person.objects.get(slug="sergei-mozer")
    assert (mozer.degree_ru, mozer.degree_en) == ("кандидат юридических наук", "Ph.D. in law")
    positions = {a.organization.slug: a.position_en for a in mozer.affiliations.current()}
    assert positions == {
        "eec-advanced-customs-technologies-division": "Deputy Head",
        "rca-research-institute": "Senior Researcher",
    }
    assert sorted(mozer.name_variants.values_list("name", flat=True)) == [
        "Moser S.",
        "Mozer S.",
        "Sergei Moser",
    ]
    for spelling in ["Moser", "Mozer", "Мозер", "mozer s", "С. Мозер", "Mozer S."]:
        assert list(Person.objects.published().matching(spelling)) == [mozer]
    with translation.override("en"):
        assert mozer.full_name == "Sergei Mozer"
    with translation.override("ru"):
        assert mozer.full_name == "Мозер Сергей"


def test_marina_tkachenko():
    demo.build(DemoLoader())
    tkachenko = Person.objects.get(slug="marina-tkachenko")
    (affiliation,) = tkachenko.affiliations.all()
    assert affiliation.organization.slug == "russian-customs-academy"
    assert affiliation.position_en == "Vice-Rector for Scientific Work"
    assert affiliation.position_ru == "Проректор по научной работе"
    assert tkachenko.degree == "" and not tkachenko.photo
