"""Staff see more than the public only by permission: a staff account with no permissions sees
exactly what the public sees on every path the drafts test covers, and one that may only view
previews drafts but changes nothing and lists nothing hidden."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tests import test_drafts_never_leak as leak
from tests.test_drafts_never_leak import (
    CREDIT,
    HIDDEN_PATHS,
    LEAK,
    MACHINE,
    PAGES,
    assert_nothing_hidden,
    fetch,
)

# The drafts test's world of published and hidden rows, and its media folder (fixtures).
world_media, world, media_root = leak.world_media, leak.world, leak.media_root

pytestmark = pytest.mark.django_db

VIEWABLE = ["person", "organization", "publication", "topic", "event", "talk", "publicationfile"]


@pytest.fixture
def permissionless(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("bare", password="pw", is_staff=True))
    return client


@pytest.fixture
def viewer(django_user_model):
    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=[f"view_{name}" for name in VIEWABLE])
    )
    client = Client()
    client.force_login(user)
    return client


# A record's own page is a preview for those who may view its kind: it shows the files and
# draft relations they curate. Every other page shows them what the public sees.
RECORD_PAGES = {"publications/ok-pub/", "publications/ok-article/"}
LISTS = [page for page in PAGES if page[0] not in RECORD_PAGES]


@pytest.mark.parametrize(
    ("path", "expected", "credits_allowed"), PAGES, ids=[page[0] or "home" for page in PAGES]
)
def test_a_staff_account_without_permissions_sees_what_the_public_sees(
    permissionless, world, path, expected, credits_allowed
):
    response = fetch(permissionless, f"/ru/{path}")
    assert_nothing_hidden(response, world, credits_allowed=credits_allowed)
    for marker in expected:
        assert marker in response.body_text


@pytest.mark.parametrize(
    ("path", "expected", "credits_allowed"), LISTS, ids=[page[0] or "home" for page in LISTS]
)
def test_lists_show_a_viewer_what_the_public_sees(viewer, world, path, expected, credits_allowed):
    response = fetch(viewer, f"/ru/{path}")
    assert_nothing_hidden(response, world, credits_allowed=credits_allowed)
    for marker in expected:
        assert marker in response.body_text


@pytest.mark.parametrize(("url", "expected"), MACHINE, ids=[url for url, _e in MACHINE])
@pytest.mark.parametrize("who", ["permissionless", "viewer"])
def test_machine_endpoints_show_staff_what_the_public_sees(request, world, who, url, expected):
    client = request.getfixturevalue(who)
    response = fetch(client, url)
    assert_nothing_hidden(response, world, credits_allowed="ListRecords" in url)
    for marker in expected:
        assert marker in response.body_text


@pytest.mark.parametrize("path", HIDDEN_PATHS)
def test_a_staff_account_without_permissions_finds_no_hidden_row(permissionless, world, path):
    response = fetch(permissionless, f"/ru/{path}")
    assert response.status_code == 404
    assert LEAK not in response.body_text and CREDIT not in response.body_text


@pytest.mark.parametrize(
    "name", ["file_embargoed", "file_staff", "file_of_draft", "file_of_scheduled", "talk_draft"]
)
def test_restricted_files_need_the_view_permission(permissionless, viewer, world, name):
    row = world[name]
    url = (
        f"/ru/events/talks/{row.pk}/slides/"
        if name.startswith("talk")
        else f"/ru/publications/files/{row.pk}/"
    )
    assert fetch(permissionless, url).status_code == 404
    # The control: the same file opens for one who may view what it belongs to.
    assert fetch(viewer, url).status_code == 200


@pytest.mark.parametrize(
    ("model", "row"),
    [
        ("people/person", "person_draft"),
        ("people/organization", "org_draft"),
        ("publications/topic", "topic_draft"),
        ("publications/publication", "pub_draft"),
        ("events/event", "event_draft"),
    ],
)
def test_staff_who_may_only_view_publish_nothing(viewer, world, model, row):
    instance = world[row]
    status = instance.status
    response = viewer.post(
        f"/ru/admin/{model}/", {"action": "publish", "_selected_action": [instance.pk]}
    )
    assert response.status_code in (200, 302)
    instance.refresh_from_db()
    assert instance.status == status
