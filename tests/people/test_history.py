"""A person's history: affiliations and name variants change with the profile and come back."""

import pytest
from django.urls import reverse
from reversion.models import Version

from core.models import AuditEntry
from people.models import Person
from tests.admin_forms import form_data
from tests.people.factories import AffiliationFactory, NameVariantFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    person = PersonFactory(family_name_cyr="Мозер", degree="кандидат наук")
    AffiliationFactory(person=person, position="Доцент", organization__name="Академия")
    NameVariantFactory(person=person, name="Moser")
    NameVariantFactory(person=person, name="Mozer S.")
    return person


def urls(person):
    change = reverse("admin:people_person_change", args=[person.pk])
    return change, reverse("admin:people_person_history", args=[person.pk])


@pytest.fixture
def edited(client, curator, person):
    """The curator changes the degree and the position, and drops a name variant."""
    client.force_login(curator)
    change, _ = urls(person)
    data = form_data(client.get(change))
    data["degree_ru"] = "доктор наук"
    data["affiliations-0-position_ru"] = "Профессор"
    moser = next(k for k, v in data.items() if k.startswith("name_variants-") and v == "Moser")
    data[moser.replace("-name", "-DELETE")] = "on"
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.degree == "доктор наук"
    assert [v.name for v in person.name_variants.all()] == ["Mozer S."]
    return person


def test_the_history_shows_the_profile_its_affiliation_and_variants(client, edited):
    _, history = urls(edited)
    html = client.get(history).content.decode()
    assert "<del>кандидат наук</del>" in html and "<ins>доктор наук</ins>" in html
    assert "<del>Доцент</del>" in html and "<ins>Профессор</ins>" in html
    assert "Вариант имени" in html and "удалено" in html and "Moser" in html


def test_a_curator_reverts_the_person_with_affiliations_and_variants(client, edited, curator):
    first = Version.objects.get_for_object(edited).order_by("pk").first()
    url = reverse("admin:people_person_revision", args=[edited.pk, first.pk])
    assert client.post(url).status_code == 302
    person = Person.objects.get(pk=edited.pk)
    assert person.degree == "кандидат наук"
    assert person.affiliations.get().position == "Доцент"
    assert sorted(v.name for v in person.name_variants.all()) == ["Moser", "Mozer S."]
    # The name keys follow the restored variants (the receivers saw the revert).
    assert list(Person.objects.matching("Moser")) == [person]
    assert AuditEntry.latest_for(person).action == AuditEntry.Action.REVERTED


def test_an_editor_gets_403_on_the_revert(client, edited, editor):
    first = Version.objects.get_for_object(edited).order_by("pk").first()
    client.force_login(editor)
    assert client.get(urls(edited)[1]).status_code == 200
    url = reverse("admin:people_person_revision", args=[edited.pk, first.pk])
    assert client.post(url).status_code == 403
    edited.refresh_from_db()
    assert edited.degree == "доктор наук"
