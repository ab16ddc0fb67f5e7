"""The publishing rule: who may preview, and publishing or withdrawing through one service."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AnonymousUser, Permission
from django.urls import reverse

from core import publishing
from core.publishing import Visibility, can_preview
from events.models import Event
from people.models import Organization, Person
from publications.models import Publication, Topic
from tests.events.factories import EventFactory
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db

PUBLISHABLE = [Organization, Person, Topic, Publication, Event]


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("editor", password="pw", is_staff=True)


def grant(user, codename):
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh instance: permissions are cached


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda m: m.__name__)
def test_only_active_staff_who_may_view_the_model_preview_it(staff, model):
    assert not can_preview(AnonymousUser(), model)
    assert not can_preview(staff, model)  # staff, but no permission
    staff = grant(staff, f"view_{model._meta.model_name}")
    assert can_preview(staff, model)
    staff.is_active = False
    assert not can_preview(staff, model)


def test_a_draft_page_opens_for_staff_with_the_view_permission_only(client, staff):
    draft = PublicationFactory(draft=True)
    client.force_login(staff)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(grant(staff, "view_publication"))
    assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("factory", "draft"),
    [
        (PersonFactory, {"status": Visibility.DRAFT}),
        (OrganizationFactory, {"status": Visibility.DRAFT}),
        (TopicFactory, {"status": Visibility.DRAFT}),
        (EventFactory, {"status": Visibility.DRAFT}),
        (PublicationFactory, {"draft": True}),
    ],
    ids=["person", "organization", "topic", "event", "publication"],
)
def test_publish_then_withdraw_each_model(factory, draft):
    row = factory(**draft)
    model = type(row)
    assert not model.objects.published().filter(pk=row.pk).exists()

    outcome = publishing.publish(objects=model.objects.filter(pk=row.pk))
    assert [r.pk for r in outcome.changed] == [row.pk] and outcome.refused == []
    row.refresh_from_db()
    assert row.is_published
    assert model.objects.published().filter(pk=row.pk).exists()
    assert model.objects.filter(model.public_q(), pk=row.pk).exists()

    again = publishing.publish(objects=[row])
    assert again.changed == []  # already public: nothing to do

    outcome = publishing.withdraw(objects=[row])
    assert [r.pk for r in outcome.changed] == [row.pk]
    row.refresh_from_db()
    assert not row.is_published
    assert not model.objects.published().filter(pk=row.pk).exists()


def test_publishing_keeps_the_first_publication_date_and_waits_for_a_scheduled_one():
    row = PublicationFactory(draft=True)
    publishing.publish(objects=[row])
    first = row.published_at
    publishing.withdraw(objects=[row])
    publishing.publish(objects=[row])
    row.refresh_from_db()
    assert row.published_at == first


def test_a_row_that_fails_its_checks_is_reported_and_the_others_still_publish():
    good = PublicationFactory(draft=True, slug="good")
    bad = PublicationFactory(draft=True, slug="bad")
    Publication.objects.filter(pk=bad.pk).update(isbn="978-0-00-000000-1")  # bad checksum

    outcome = publishing.publish(objects=Publication.objects.order_by("pk"))

    assert [r.pk for r in outcome.changed] == [good.pk]
    assert [r.pk for r, _error in outcome.refused] == [bad.pk]
    assert "isbn" in outcome.refused[0][1].message_dict
    bad.refresh_from_db()
    assert bad.status == Visibility.DRAFT and bad.published_at is None  # nothing half-saved
    assert Publication.objects.published().filter(pk=good.pk).exists()


def test_the_admin_action_names_a_refused_row_and_leaves_history_for_the_others(staff_client):
    good = PublicationFactory(draft=True, slug="good", title="Good one")
    bad = PublicationFactory(draft=True, slug="bad", title="Bad one")
    Publication.objects.filter(pk=bad.pk).update(isbn="978-0-00-000000-1")
    url = reverse("admin:publications_publication_changelist")

    response = staff_client.post(
        url, {"action": "publish", "_selected_action": [good.pk, bad.pk]}, follow=True
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "1 публикация опубликована." in text
    assert "Bad one" in text
    entries = LogEntry.objects.filter(object_id=str(good.pk))
    assert entries.count() == 1
    assert not LogEntry.objects.filter(object_id=str(bad.pk)).exists()


@pytest.mark.parametrize(
    ("factory", "admin_path"),
    [
        (PersonFactory, "people/person"),
        (OrganizationFactory, "people/organization"),
        (TopicFactory, "publications/topic"),
        (EventFactory, "events/event"),
        (PublicationFactory, "publications/publication"),
    ],
    ids=["person", "organization", "topic", "event", "publication"],
)
def test_staff_who_may_only_view_cannot_withdraw_through_the_action(
    client, staff, factory, admin_path
):
    row = factory()
    model = type(row)
    assert row.is_published
    staff = grant(staff, f"view_{model._meta.model_name}")
    client.force_login(staff)
    url = f"/ru/admin/{admin_path}/"
    assert client.get(url).status_code == 200  # the positive control: the list opens

    client.post(
        url, {"action": "withdraw", "_selected_action": [row.pk], "confirm": "yes", "note": "x"}
    )

    row.refresh_from_db()
    assert row.is_published
    assert not LogEntry.objects.exists()
