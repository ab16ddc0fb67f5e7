"""Factories for people and organisations."""

import factory

from people.models import Affiliation, NameVariant, Organization, Person, Visibility


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Организация {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organization.Kind.ACADEMY
    status = Visibility.PUBLISHED


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family_name_cyr = factory.Sequence(lambda n: f"Иванов{n}")
    given_name_cyr = "Пётр"
    family_name_lat = factory.Sequence(lambda n: f"Ivanov{n}")
    given_name_lat = "Petr"
    slug = factory.Sequence(lambda n: f"person-{n}")
    status = Visibility.PUBLISHED


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    position = "Старший научный сотрудник"
    position_en = "Senior Researcher"


class NameVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NameVariant

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Variant {n}")
