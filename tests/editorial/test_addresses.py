"""A changed slug leaves a 301 from the old address (Scholar keeps the addresses it found)."""

import pytest

from core import publishing
from core.publishing import Visibility
from tests.editorial.conftest import admin_url, form_data
from tests.events.factories import EventFactory
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db

FACTORIES = [PublicationFactory, TopicFactory, PersonFactory, OrganizationFactory, EventFactory]
IDS = ["publication", "topic", "person", "organization", "event"]


@pytest.mark.parametrize("factory", FACTORIES, ids=IDS)
def test_a_slug_changed_in_the_admin_redirects_permanently(client, staff_client, factory):
    row = factory(slug="old-address")
    old_url = row.get_absolute_url()
    url = admin_url(row)

    response = staff_client.post(url, form_data(staff_client, url) | {"slug": ["new-address"]})

    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.slug == "new-address"
    moved = client.get(old_url, {"page": "2"})
    assert moved.status_code == 301
    assert moved["Location"] == f"{row.get_absolute_url()}?page=2"
    assert client.get(row.get_absolute_url()).status_code == 200
    # The control: an address that never existed is a plain 404.
    assert client.get(old_url.replace("old-address", "no-such")).status_code == 404


def test_renames_in_a_row_redirect_to_the_latest_address(client):
    row = PublicationFactory(slug="first")
    for slug in ("second", "third"):
        row.slug = slug
        row.save()
    for old in ("first", "second"):
        response = client.get(f"/ru/publications/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/ru/publications/third/"


def test_taking_an_old_slug_back_makes_it_live_again(client):
    row = PublicationFactory(slug="a")
    row.slug = "b"
    row.save()
    row.slug = "a"
    row.save()
    assert client.get("/ru/publications/a/").status_code == 200
    assert client.get("/ru/publications/b/")["Location"] == "/ru/publications/a/"


def test_a_drafts_old_slug_reveals_nothing(client):
    row = PublicationFactory(draft=True, slug="secret-old")
    row.slug = "secret-new"
    row.save()
    assert client.get("/ru/publications/secret-old/").status_code == 404
    publishing.publish(objects=[row])  # the control: once public, the old address leads to it
    assert client.get("/ru/publications/secret-old/")["Location"] == "/ru/publications/secret-new/"


def test_an_old_slug_of_a_withdrawn_record_leads_to_its_tombstone(client):
    row = PublicationFactory(slug="was")
    row.slug = "is"
    row.save()
    publishing.withdraw(objects=[row], reason="Ошибка")
    assert row.status == Visibility.WITHDRAWN
    response = client.get("/ru/publications/was/", follow=True)
    assert response.redirect_chain == [("/ru/publications/is/", 301)]
    assert response.status_code == 410
