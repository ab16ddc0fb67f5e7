"""Authors keep the order the editor gives them: numbered on save, moved with the arrows."""

import lxml.html
import pytest
from django.urls import reverse

from publications.models import Authorship
from tests.admin_forms import form_values
from tests.people.factories import PersonFactory
from tests.publications.factories import AuthorshipFactory, PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication():
    return PublicationFactory(title="Цифровая таможня")


def change_url(publication):
    return reverse("admin:publications_publication_change", args=[publication.pk])


def positions(publication):
    return list(
        Authorship.objects.filter(publication=publication)
        .order_by("order", "pk")
        .values_list("person__family_name_cyr", "order")
    )


def public_authors(client, publication):
    html = client.get(publication.get_absolute_url()).content.decode()
    document = lxml.html.fromstring(html)
    return [a.text_content() for a in document.xpath('//*[contains(@class, "authors")]//a')]


def add_rows(values, people, start=0):
    """Rows for new authors, their positions left as the page gives them (empty)."""
    for number, person in enumerate(people, start):
        values[f"authorships-{number}-person"] = str(person.pk)
        values[f"authorships-{number}-role"] = "author"
        values.setdefault(f"authorships-{number}-order", "")
        values.setdefault(f"authorships-{number}-id", "")
        values[f"authorships-{number}-publication"] = ""
    values["authorships-TOTAL_FORMS"] = str(start + len(people))
    return values


def test_a_new_authors_position_is_left_empty_for_the_server(staff_client, publication):
    response = staff_client.get(change_url(publication))
    values = form_values(response)
    assert values["authorships-0-order"] == ""
    html = response.content.decode()
    assert 'aria-label="Переместить выше"' in html
    assert "js/admin-order.js" in html


def test_three_authors_added_without_positions_are_numbered_in_the_order_shown(
    staff_client, publication, client
):
    people = [PersonFactory(family_name_cyr=name) for name in ("Мозер", "Антонов", "Яковлев")]
    values = add_rows(form_values(staff_client.get(change_url(publication))), people)
    response = staff_client.post(change_url(publication), values)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert positions(publication) == [("Мозер", 1), ("Антонов", 2), ("Яковлев", 3)]


def test_moving_an_author_changes_the_public_order(staff_client, publication, client):
    for order, name in enumerate(("Мозер", "Антонов", "Яковлев"), 1):
        AuthorshipFactory(publication=publication, person__family_name_cyr=name, order=order)
    before = public_authors(client, publication)
    assert [author.split()[0] for author in before] == ["Мозер", "Антонов", "Яковлев"]

    values = form_values(staff_client.get(change_url(publication)))
    # The arrows moved Яковлев up twice: the page sends the positions it shows.
    values.update(
        {"authorships-0-order": "2", "authorships-1-order": "3", "authorships-2-order": "1"}
    )
    assert staff_client.post(change_url(publication), values).status_code == 302
    assert positions(publication) == [("Яковлев", 1), ("Мозер", 2), ("Антонов", 3)]
    after = public_authors(client, publication)
    assert [author.split()[0] for author in after] == ["Яковлев", "Мозер", "Антонов"]


def test_old_rows_all_at_zero_are_numbered_and_a_new_one_comes_last(staff_client, publication):
    for name in ("Мозер", "Антонов"):
        AuthorshipFactory(publication=publication, person__family_name_cyr=name, order=0)
    values = form_values(staff_client.get(change_url(publication)))
    add_rows(values, [PersonFactory(family_name_cyr="Яковлев")], start=2)
    assert staff_client.post(change_url(publication), values).status_code == 302
    assert positions(publication) == [("Мозер", 1), ("Антонов", 2), ("Яковлев", 3)]


def test_a_deleted_author_leaves_no_gap(staff_client, publication):
    for order, name in enumerate(("Мозер", "Антонов", "Яковлев"), 1):
        AuthorshipFactory(publication=publication, person__family_name_cyr=name, order=order)
    values = form_values(staff_client.get(change_url(publication)))
    values["authorships-0-DELETE"] = "on"
    assert staff_client.post(change_url(publication), values).status_code == 302
    assert positions(publication) == [("Антонов", 1), ("Яковлев", 2)]
