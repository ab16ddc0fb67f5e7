"""What each editorial role can and cannot do: Editor, Curator, Statistics viewer."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

from core import publishing, roles
from core.models import AuditEntry
from core.publishing import Visibility
from events.models import Event
from people.models import Organization, Person
from publications.models import Publication, PublicationFile, Topic
from tests.editorial.conftest import admin_url, form_data
from tests.events.factories import EventFactory
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import (
    PublicationFactory,
    PublicationFileFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

PUBLISHABLE = [
    (PublicationFactory, {"draft": True}),
    (TopicFactory, {"status": Visibility.DRAFT}),
    (PersonFactory, {"status": Visibility.DRAFT}),
    (OrganizationFactory, {"status": Visibility.DRAFT}),
    (EventFactory, {"status": Visibility.DRAFT}),
]
IDS = ["publication", "topic", "person", "organization", "event"]


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_the_roles_ship_with_their_permissions():
    editor, curator, stats = (
        codenames(roles.EDITOR),
        codenames(roles.CURATOR),
        codenames(roles.STATISTICS_VIEWER),
    )
    for model in (Publication, Topic, Person, Organization, Event):
        app, name = model._meta.app_label, model._meta.model_name
        assert {(app, f"add_{name}"), (app, f"change_{name}")} <= editor
        assert (app, f"publish_{name}") not in editor
        assert (app, f"publish_{name}") in curator
        # Nobody but a superuser deletes a publishable record: withdrawing keeps its address.
        assert (app, f"delete_{name}") not in editor | curator
    assert editor < curator  # everything an editor does, and more
    assert ("publications", "delete_publicationfile") in editor  # an upload can be redone
    assert stats == {
        ("publications", "view_publicationfile"),
        ("publications", "view_usageday"),
    }
    assert ("core", "view_auditentry") in curator and ("core", "view_auditentry") not in editor


def test_the_roles_are_kept_in_step_with_their_list():
    group = Group.objects.get(name=roles.EDITOR)
    group.permissions.add(Permission.objects.get(codename="publish_publication"))
    Group.objects.filter(name=roles.STATISTICS_VIEWER).delete()

    from django.apps import apps

    roles.sync_roles(apps)

    assert ("publications", "publish_publication") not in codenames(roles.EDITOR)
    assert Group.objects.filter(name=roles.STATISTICS_VIEWER).exists()


@pytest.mark.parametrize(("factory", "draft"), PUBLISHABLE, ids=IDS)
def test_every_new_record_starts_as_a_draft(factory, draft):
    model = factory._meta.model
    assert model._meta.get_field("status").default == Visibility.DRAFT
    assert model().status == Visibility.DRAFT


@pytest.mark.parametrize(("factory", "draft"), PUBLISHABLE, ids=IDS)
def test_an_editor_submits_but_cannot_publish_through_the_action(client, editor, factory, draft):
    row = factory(**draft)
    client.force_login(editor)
    url = admin_url(row, "changelist")

    response = client.post(url, {"action": "publish", "_selected_action": [row.pk]}, follow=True)

    row.refresh_from_db()
    assert row.status == Visibility.DRAFT
    assert "Только куратор может публиковать" in response.content.decode()
    assert "publish" not in response.context["cl"].model_admin.get_actions(response.wsgi_request)
    # The positive control: the action an editor has works, and is in the audit list.
    client.post(url, {"action": "submit_for_review", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.status == Visibility.REVIEW
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.object_id) == (editor, "submitted", row.pk)


@pytest.mark.parametrize(("factory", "draft"), PUBLISHABLE, ids=IDS)
def test_an_editor_cannot_publish_through_the_change_form(client, editor, factory, draft):
    row = factory(**draft)
    client.force_login(editor)
    url = admin_url(row)
    data = form_data(client, url)
    page = client.get(url).content.decode()
    assert 'value="published"' not in page  # the status offers a draft or review only
    assert 'value="review"' in page

    response = client.post(url, data | {"status": ["published"], "_save": ["Save"]})

    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors["status"]
    row.refresh_from_db()
    assert row.status == Visibility.DRAFT
    assert not AuditEntry.objects.exists()
    # The control: the same form submits for review.
    response = client.post(url, data | {"status": ["review"], "_save": ["Save"]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Visibility.REVIEW


def test_an_editor_cannot_withdraw_with_a_crafted_confirmation(client, editor):
    row = PublicationFactory()
    client.force_login(editor)
    data = {"action": "withdraw", "_selected_action": [row.pk], "confirm": "yes", "note": "x"}
    client.post(admin_url(row, "changelist"), data)
    row.refresh_from_db()
    assert row.status == Visibility.PUBLISHED
    assert not AuditEntry.objects.exists()


def test_the_service_refuses_an_editor_whatever_calls_it(editor, curator):
    row = PublicationFactory(draft=True)
    with pytest.raises(PermissionDenied):
        publishing.publish(objects=[row], by=editor)
    row.refresh_from_db()
    assert row.status == Visibility.DRAFT
    outcome = publishing.publish(objects=[row], by=curator)
    assert outcome.changed == [row]


def test_an_editor_sees_a_published_record_read_only(client, editor):
    row = PublicationFactory(title="Опубликованная")
    client.force_login(editor)
    url = admin_url(row)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(url, {"title": "Переписанная", "_save": "Save"})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.title == "Опубликованная"
    # The control: a draft opens for editing.
    draft = PublicationFactory(draft=True)
    assert 'name="_save"' in client.get(admin_url(draft)).content.decode()


def test_an_editor_cannot_change_who_may_download_a_file(client, editor, curator):
    row = PublicationFactory(draft=True)
    file = PublicationFileFactory(publication=row, access=PublicationFile.Access.PUBLIC)
    client.force_login(editor)
    url = admin_url(row)
    data = form_data(client, url)
    assert not any(name.endswith("-access") for name in data)  # shown, not a control
    prefix = next(name for name in data if name.endswith("-id") and "files" in name)[: -len("id")]
    client.post(url, data | {f"{prefix}access": ["staff"], "_save": ["Save"]})
    file.refresh_from_db()
    assert file.access == PublicationFile.Access.PUBLIC
    # The control: a curator changes it, and the audit list says so.
    client.force_login(curator)
    data = form_data(client, url)
    response = client.post(url, data | {f"{prefix}access": ["staff"], "_save": ["Save"]})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.access == PublicationFile.Access.STAFF
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACCESS)
    assert entry.user == curator and entry.object_id == file.pk
    assert "→" in entry.note


def test_an_editor_cannot_change_a_file_of_a_published_publication(client, editor, curator):
    file = PublicationFileFactory(publication=PublicationFactory())
    url = f"/ru/admin/publications/publicationfile/{file.pk}/change/"
    client.force_login(editor)
    response = client.post(url, {"access": "staff", "_save": "Save"})
    assert response.status_code == 403
    file.refresh_from_db()
    assert file.access == PublicationFile.Access.PUBLIC
    client.force_login(curator)
    response = client.post(url, {"access": "staff", "_save": "Save"})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.access == PublicationFile.Access.STAFF


def test_a_curator_publishes_sends_back_with_a_note_and_the_editor_reads_it(
    client, editor, curator
):
    queued = PublicationFactory(draft=True, title="На проверку")
    publishing.submit(objects=[queued], by=editor)
    other = PublicationFactory(draft=True, title="Вторая")
    publishing.submit(objects=[other], by=editor)
    client.force_login(curator)
    url = admin_url(queued, "changelist")

    client.post(url, {"action": "publish", "_selected_action": [queued.pk]})
    page = client.post(url, {"action": "send_back", "_selected_action": [other.pk]})
    assert page.status_code == 200 and "Что редактору нужно исправить?" in page.content.decode()
    client.post(
        url,
        {
            "action": "send_back",
            "_selected_action": [other.pk],
            "confirm": "yes",
            "note": "Добавьте аннотацию.",
        },
    )

    queued.refresh_from_db()
    other.refresh_from_db()
    assert queued.status == Visibility.PUBLISHED and queued.is_published
    assert other.status == Visibility.DRAFT
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "user__username"))
    assert actions[-2:] == [("published", "curator"), ("sent_back", "curator")]
    client.force_login(editor)
    assert "Добавьте аннотацию." in client.get(admin_url(other)).content.decode()


def test_sending_back_needs_a_note(client, curator):
    row = PublicationFactory(draft=True)
    publishing.submit(objects=[row])
    client.force_login(curator)
    response = client.post(
        admin_url(row, "changelist"),
        {"action": "send_back", "_selected_action": [row.pk], "confirm": "yes", "note": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    row.refresh_from_db()
    assert row.status == Visibility.REVIEW


def test_a_curator_withdraws_from_the_form_only_with_a_reason(client, curator):
    row = PublicationFactory()
    client.force_login(curator)
    url = admin_url(row)
    data = form_data(client, url) | {"status": ["withdrawn"], "_save": ["Save"]}

    response = client.post(url, data | {"withdrawal_reason": [""]})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["withdrawal_reason"]
    row.refresh_from_db()
    assert row.status == Visibility.PUBLISHED

    response = client.post(url, data | {"withdrawal_reason": ["Дубликат записи 12."]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Visibility.WITHDRAWN and row.withdrawn_at is not None
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.note, entry.user) == ("withdrawn", "Дубликат записи 12.", curator)


def test_a_public_record_is_withdrawn_never_silently_returned_to_draft(client, curator):
    row = PublicationFactory()
    client.force_login(curator)
    url = admin_url(row)
    response = client.post(url, form_data(client, url) | {"status": ["draft"], "_save": ["Save"]})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"]
    row.refresh_from_db()
    assert row.status == Visibility.PUBLISHED


def test_the_statistics_viewer_reads_the_figures_and_changes_nothing(client, statistician):
    draft = PublicationFactory(draft=True)
    file = PublicationFileFactory(publication=PublicationFactory())
    client.force_login(statistician)

    assert client.get("/ru/admin/publications/publicationfile/").status_code == 200
    assert (
        client.get(f"/ru/admin/publications/publicationfile/{file.pk}/change/").status_code == 200
    )
    response = client.post(
        f"/ru/admin/publications/publicationfile/{file.pk}/change/", {"access": "staff"}
    )
    assert response.status_code == 403
    file.refresh_from_db()
    assert file.access == PublicationFile.Access.PUBLIC
    assert client.get("/ru/admin/publications/publication/").status_code == 403
    assert client.get("/ru/admin/core/auditentry/").status_code == 403
    # No more of the public site than the public: a draft stays hidden.
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_editors_and_curators_preview_drafts(client, editor, curator, statistician):
    draft = PublicationFactory(draft=True)
    for user, status in ((editor, 200), (curator, 200), (statistician, 404)):
        client.force_login(user)
        assert client.get(draft.get_absolute_url()).status_code == status, user


def test_the_roles_come_back_after_a_flush(transactional_db):
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)

    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLES)
    assert ("publications", "publish_publication") in codenames(roles.CURATOR)
