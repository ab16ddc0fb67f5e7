"""The API as HTTP: JSON only, read only, anonymous; former slugs, the rate limit, CORS, the
database outage, the OpenAPI schema and its documentation page under the site's CSP."""

import re
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import OperationalError
from django.test import override_settings
from drf_spectacular.validation import validate_schema

from science_portal.middleware import DatabaseOutageMiddleware
from tests.api.conftest import get_json
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def test_a_former_slug_redirects_to_the_new_address(client, db):
    publication = PublicationFactory(slug="old-name")
    publication.slug = "new-name"
    publication.save()
    response = client.get("/api/v1/publications/old-name/?x=1")
    assert response.status_code == 301
    assert response["Location"] == "http://testserver/api/v1/publications/new-name/?x=1"
    assert get_json(client, response["Location"])["slug"] == "new-name"


def test_a_drafts_former_slug_stays_a_404(client, db):
    publication = PublicationFactory(slug="old-draft", draft=True)
    publication.slug = "new-draft"
    publication.save()
    get_json(client, "/api/v1/publications/old-draft/", status=404)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "trace"])
def test_nothing_can_be_written(client, db, method):
    PublicationFactory(slug="p")
    for url in ("/api/v1/publications/", "/api/v1/publications/p/", "/api/v1/schema/"):
        response = client.generic(method.upper(), url, "{}", content_type="application/json")
        assert response.status_code == 405
        assert "json" in response["Content-Type"]


def test_an_unknown_api_address_is_a_json_404(client, db):
    for url in ("/api/v1/nothing/", "/api/v1/publications/a/b/"):
        get_json(client, url, status=404)
    assert client.get("/api/v1/publications").status_code == 301  # the slash added


def test_answers_are_json_even_for_a_browser(client, db):
    response = client.get("/api/v1/publications/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@override_settings(PORTAL_RATE_LIMITS={"api": 3})
@pytest.mark.usefixtures("one_rate_window")
def test_past_the_limit_a_client_gets_a_json_429_with_retry_after(client, db):
    for _ in range(3):
        assert client.get("/api/v1/topics/").status_code == 200
    response = client.get("/api/v1/publications/")  # one count for the whole API
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "detail" in response.json()
    assert response["Access-Control-Allow-Origin"] == "*"
    other = client.get("/api/v1/topics/", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200  # counted per client address


@pytest.mark.usefixtures("one_rate_window")
def test_the_limit_is_on_by_default_and_counts_per_address(client, db, settings):
    settings.PORTAL_RATE_LIMITS = {}
    from science_portal.api.throttling import PER_MINUTE

    statuses = [client.get("/api/v1/topics/").status_code for _ in range(PER_MINUTE + 1)]
    assert statuses[:-1] == [200] * PER_MINUTE
    assert statuses[-1] == 429


def test_cors_is_open_for_reading(client, db):
    response = client.get("/api/v1/publications/", HTTP_ORIGIN="https://elsewhere.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    head = client.head("/api/v1/publications/", HTTP_ORIGIN="https://elsewhere.example")
    assert head["Access-Control-Allow-Origin"] == "*"


def test_a_cors_preflight_allows_reading_only(client, db):
    response = client.options(
        "/api/v1/publications/",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Credentials" not in response


def test_no_cors_outside_the_api_or_for_writes(client, db):
    assert "Access-Control-Allow-Origin" not in client.get("/ru/publications/")
    assert "Access-Control-Allow-Origin" not in client.post("/api/v1/publications/")


def test_the_api_answers_a_json_503_while_the_database_is_down(client, db):
    PublicationFactory(slug="p")
    DatabaseOutageMiddleware.down_since = None
    try:
        with mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
            side_effect=OperationalError("could not connect to server"),
        ):
            responses = [client.get(url) for url in ("/api/v1/publications/", "/api/v1/people/p/")]
    finally:
        DatabaseOutageMiddleware.down_since = None
    for response in responses:
        assert response.status_code == 503
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Temporarily unavailable."}
        assert response["Retry-After"] == "30"
        assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/publications/").status_code == 200  # recovered by itself


def test_the_schema_is_valid_openapi_3(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    validate_schema(schema)  # drf-spectacular's OpenAPI 3.0 meta-schema
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for resource in ("publications", "people", "organisations", "events", "topics"):
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{slug}}/" in paths
    assert not any(method != "get" for path in schema["paths"].values() for method in path)
    events = schema["paths"]["/api/v1/events/"]["get"]["parameters"]
    when = next(p for p in events if p["name"] == "when")
    assert when["schema"]["enum"] == ["past", "upcoming", ""]  # empty: no filter
    publication = schema["components"]["schemas"]["Publication"]["properties"]
    assert publication["title"]["allOf"][0]["$ref"] == "#/components/schemas/BilingualText"


def test_the_documentation_page_runs_only_scripts_of_its_own_origin(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 3  # Swagger UI, its preset, and the page's start-up script
    for attributes, body in scripts:
        source = re.search(r'src="([^"]+)"', attributes).group(1)
        assert source.startswith("/"), source  # the same origin: no CDN
        assert not source.startswith("//")
        assert body.strip() == ""  # nothing inline
    for source in re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', html):
        if source.startswith(settings.STATIC_URL):  # the portal's own static files
            assert finders.find(source.removeprefix(settings.STATIC_URL)), source
    start = re.findall(r'src="([^"]+\?[^"]*script[^"]*)"', html)
    assert start and "javascript" in client.get(start[0].replace("&amp;", "&"))["Content-Type"]


def test_rate_limits_are_read_from_the_environment():
    from django.core.exceptions import ImproperlyConfigured

    from science_portal.settings import _rate_limits

    assert _rate_limits(["api=0", " search = 120"]) == {"api": 0, "search": 120}
    with pytest.raises(ImproperlyConfigured):
        _rate_limits(["api"])
