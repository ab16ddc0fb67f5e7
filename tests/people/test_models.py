"""Organisation hierarchy, person constraints, affiliations."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from people.models import Organization, Person
from tests.people.factories import AffiliationFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


class TestHierarchy:
    def test_an_organisation_cannot_be_its_own_parent(self):
        academy = OrganizationFactory()
        academy.parent = academy
        with pytest.raises(ValidationError) as error:
            academy.full_clean()
        assert "parent" in error.value.message_dict

    def test_the_database_refuses_a_direct_self_reference_too(self):
        academy = OrganizationFactory()
        with pytest.raises(IntegrityError):
            Organization.objects.filter(pk=academy.pk).update(parent=academy)

    @pytest.mark.parametrize("depth", [1, 2, 5])
    def test_an_organisation_cannot_belong_to_one_of_its_units(self, depth):
        top = OrganizationFactory()
        unit = top
        for _ in range(depth):
            unit = OrganizationFactory(parent=unit)
        top.parent = unit
        with pytest.raises(ValidationError) as error:
            top.full_clean()
        assert "своих подразделений" in error.value.message_dict["parent"][0]

    def test_moving_a_unit_elsewhere_in_the_tree_is_fine(self):
        commission = OrganizationFactory()
        department = OrganizationFactory(parent=commission)
        division = OrganizationFactory(parent=department)
        other = OrganizationFactory()
        division.parent = other
        division.full_clean()
        department.parent = None
        department.full_clean()

    def test_ancestors_and_descendants(self):
        commission = OrganizationFactory()
        department = OrganizationFactory(parent=commission)
        division = OrganizationFactory(parent=department)
        OrganizationFactory()
        assert division.ancestors() == [department, commission]
        assert Organization.objects.descendant_ids(commission.pk) == sorted(
            [department.pk, division.pk]
        )

    def test_country_is_two_letters_stored_upper_case(self):
        organization = OrganizationFactory.build(country="by")
        organization.full_clean()
        assert organization.country == "BY"
        organization.country = "B1"
        with pytest.raises(ValidationError):
            organization.full_clean()


class TestPerson:
    def test_a_family_name_is_required_in_one_script(self):
        person = Person(slug="nobody", given_name_lat="Anna")
        with pytest.raises(ValidationError) as error:
            person.full_clean()
        assert "Укажите фамилию" in str(error.value)

    def test_a_latin_family_name_alone_is_enough(self):
        person = Person(slug="smith", family_name_lat="Smith")
        person.full_clean()

    def test_index_letters_follow_the_family_names(self):
        person = PersonFactory(family_name_cyr="ёлкин", family_name_lat="Yolkin")
        assert (person.family_initial_cyr, person.family_initial_lat) == ("Е", "Y")
        person.family_name_lat = "Jolkin"
        person.save(update_fields=["family_name_lat"])
        person.refresh_from_db()
        assert person.family_initial_lat == "J"


class TestAffiliation:
    def test_current_and_past(self):
        person = PersonFactory()
        now = AffiliationFactory(person=person)
        past = AffiliationFactory(person=person, end_date=datetime.date(2015, 1, 1))
        assert list(person.affiliations.current()) == [now]
        assert list(person.affiliations.past()) == [past]
        assert now.is_current and not past.is_current

    def test_several_positions_at_once(self):
        person = PersonFactory()
        AffiliationFactory.create_batch(2, person=person)
        assert person.affiliations.current().count() == 2

    def test_the_end_cannot_come_before_the_start(self):
        affiliation = AffiliationFactory.build(
            person=PersonFactory(),
            organization=OrganizationFactory(),
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2019, 1, 1),
        )
        with pytest.raises(ValidationError):
            affiliation.full_clean()
