"""The API shows only what the public may see: no draft, in-review, scheduled or withdrawn row,
no restricted file, through any endpoint, filter or relation."""

import pytest

from tests.api.conftest import CREDITED, HIDDEN, HIDDEN_SLUG, get_json, text_of, walk

LISTS = ["publications", "people", "organisations", "events", "topics"]
PUBLIC = {
    "publications": ["digital-customs", "article"],
    "people": ["sergei-mozer", "marina-tkachenko"],
    "organisations": ["academy", "chair"],
    "events": ["summer-school", "meeting"],
    "topics": ["digital"],
}


def assert_nothing_hidden(data):
    text = text_of(data)
    assert HIDDEN not in text
    assert HIDDEN_SLUG not in text
    assert "0000-0001-5109-3700" not in text  # a draft author's ORCID


@pytest.mark.parametrize("path", LISTS)
def test_lists_hold_no_hidden_row_and_every_public_one(client, world, path):
    rows = walk(client, f"/api/v1/{path}/")
    assert_nothing_hidden(rows)
    assert {row["slug"] for row in rows} == set(PUBLIC[path])  # the positive control


@pytest.mark.parametrize(("path", "slugs"), PUBLIC.items())
def test_details_hold_no_hidden_relation(client, world, path, slugs):
    for slug in slugs:
        assert_nothing_hidden(get_json(client, f"/api/v1/{path}/{slug}/"))


def test_credited_drafts_are_named_on_the_work_only(client, world):
    text = text_of(get_json(client, "/api/v1/publications/digital-customs/"))
    assert f"{CREDITED}author" in text and f"{CREDITED} publisher" in text
    for path in ("people", "organisations"):
        assert CREDITED not in text_of(walk(client, f"/api/v1/{path}/"))


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/publications/hidden-draft/",
        "/api/v1/publications/hidden-review/",
        "/api/v1/publications/hidden-scheduled/",
        "/api/v1/publications/hidden-article/",
        "/api/v1/people/hidden-person/",
        "/api/v1/people/hidden-credited/",
        "/api/v1/organisations/hidden-department/",
        "/api/v1/organisations/hidden-publisher/",
        "/api/v1/events/hidden-series/",
        "/api/v1/events/hidden-event/",
        "/api/v1/topics/hidden-topic/",
        "/api/v1/publications/no-such-thing/",
    ],
)
def test_a_draft_or_unknown_detail_is_a_json_404(client, world, url):
    data = get_json(client, url, status=404)
    assert set(data) == {"detail"}
    assert_nothing_hidden(data)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/publications/hidden-withdrawn/",
        "/api/v1/events/hidden-withdrawn-event/",
        "/api/v1/topics/hidden-withdrawn-topic/",
    ],
)
def test_a_withdrawn_detail_is_410_gone(client, world, url):
    data = get_json(client, url, status=410)
    assert data["slug"] == url.rstrip("/").rsplit("/", 1)[1]
    assert data["detail"]
    assert "withdrawn_at" in data and "reason" in data


def test_a_withdrawn_publication_says_why(client, world):
    data = get_json(client, "/api/v1/publications/hidden-withdrawn/", status=410)
    assert data["reason"] == "Plagiarism found."
    assert data["withdrawn_at"].startswith(world["pub_withdrawn"].withdrawn_at.date().isoformat())


def test_staff_logged_in_see_no_more_than_anyone(client, world, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "pw"))
    assert_nothing_hidden(walk(client, "/api/v1/publications/"))
    get_json(client, "/api/v1/publications/hidden-draft/", status=404)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("publications", {"topic": "hidden-topic"}),
        ("publications", {"author": "hidden-person"}),
        ("publications", {"author": "hidden-credited"}),
        ("publications", {"publisher": "hidden-publisher"}),
        ("people", {"organization": "hidden-department"}),
        ("events", {"topic": "hidden-topic"}),
        ("events", {"organiser": "hidden-department"}),
    ],
)
def test_filtering_by_a_hidden_row_is_refused_as_by_an_unknown_one(client, world, path, params):
    data = get_json(client, f"/api/v1/{path}/", status=400, **params)
    assert list(data) == list(params)
    unknown = get_json(client, f"/api/v1/{path}/", status=400, **dict.fromkeys(params, "nope"))
    assert data == unknown  # nothing tells a draft from a row that does not exist


def test_a_filter_finds_no_hidden_row(client, world):
    rows = walk(client, "/api/v1/publications/", author="sergei-mozer")
    assert {row["slug"] for row in rows} == {"digital-customs", "article"}
    rows = walk(client, "/api/v1/publications/", topic="digital")
    assert [row["slug"] for row in rows] == ["digital-customs"]
    rows = walk(client, "/api/v1/events/", topic="digital")
    assert [row["slug"] for row in rows] == ["summer-school"]
