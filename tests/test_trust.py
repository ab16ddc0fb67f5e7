"""Trust under attack and fault: hostile hosts, the health check, headers on every response,
login throttling, rate limits, database outages, inflated download counts."""

import logging
import socket
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

from science_portal.middleware import DatabaseOutageMiddleware
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

EVIL = "evil.example.com"


# --- the Host header and the health check -------------------------------------------------


@pytest.mark.parametrize("path", ["/ru/", "/en/publications/", "/ru/search/?q=x", "/nowhere/"])
def test_a_foreign_host_gets_the_400_page_not_a_500(client, path):
    response = client.get(path, HTTP_HOST=EVIL)
    assert response.status_code == 400
    text = response.content.decode()
    assert "400" in text and EVIL not in text
    assert client.get(path).status_code in (200, 404)  # the control: our host is served


def test_the_health_check_answers_for_any_host(client):
    for host in (EVIL, "10.0.0.7", "testserver"):
        response = client.get("/healthz", HTTP_HOST=host)
        assert response.status_code == 200, host
        assert response.json() == {
            "status": "ok",
            "database": "ok",
            "storage": "ok",
            "cache": "ok",
        }


def test_the_health_check_reports_read_only_media(client, caplog):
    with mock.patch(
        "science_portal.health.default_storage.save", side_effect=PermissionError("read-only")
    ):
        first = client.get("/healthz")
        second = client.get("/healthz")
    assert first.status_code == second.status_code == 503
    assert first.json()["storage"] == "unavailable" and first.json()["database"] == "ok"
    # Logged when it starts, not at every probe.
    assert sum("storage unavailable" in r.getMessage() for r in caplog.records) == 1
    assert client.get("/healthz").status_code == 200  # and healthy again once it is


def test_the_health_check_reports_a_broken_cache(client):
    with mock.patch("science_portal.health.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["cache"] == "unavailable"


# --- headers -------------------------------------------------------------------------------


def csp(response):
    return dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


@pytest.mark.parametrize("path", ["/ru/", "/en/publications/", "/ru/admin/login/"])
def test_pages_carry_a_content_security_policy_without_inline_scripts(client, path):
    response = client.get(path)
    policy = csp(response)
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]
    # Scripts in the page are files of the portal's own, never inline code.
    text = response.content.decode()
    for chunk in text.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or "application/ld+json" in tag, tag


def test_every_response_says_it_must_not_be_framed(client, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    pages = {
        "page": client.get("/ru/"),
        "404": client.get("/ru/no-such-page/"),
        "health": client.get("/healthz"),
        "oai": client.get("/oai/?verb=Identify"),
        "400": client.get("/ru/", HTTP_HOST=EVIL),
    }
    with mock.patch("science_portal.views.HomeView.get_context_data", side_effect=RuntimeError):
        client.raise_request_exception = False
        pages["500"] = client.get("/ru/")
    assert pages["500"].status_code == 500
    for name, response in pages.items():
        assert response.get("X-Frame-Options") == "DENY", name
        assert response["Permissions-Policy"], name


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_carry_the_headers_too():
    from django.test import Client

    response = Client().get("/static/css/site.css")  # a new client: WhiteNoise sees the finders
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


# --- login throttling ----------------------------------------------------------------------


def log_in(client, username, password, ip="203.0.113.9"):
    return client.post(
        "/ru/admin/login/?next=/ru/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_wrong_passwords_lock_the_account_out_from_that_address(client, django_user_model):
    django_user_model.objects.create_user("olga", password="right-one", is_staff=True)
    django_user_model.objects.create_user("irina", password="hers", is_staff=True)
    for _ in range(4):
        assert log_in(client, "olga", "wrong").status_code == 200  # the form again
    assert log_in(client, "olga", "wrong").status_code == 429  # the fifth locks the pair out

    locked = log_in(client, "olga", "right-one")

    assert locked.status_code == 429
    assert "Вход приостановлен" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address, and the same account from elsewhere, still log in.
    assert log_in(client, "irina", "hers").status_code == 302
    client.logout()
    assert log_in(client, "olga", "right-one", ip="198.51.100.4").status_code == 302


def test_a_right_password_before_the_limit_resets_the_count(client, django_user_model):
    django_user_model.objects.create_user("olga", password="right-one", is_staff=True)
    for _ in range(4):
        log_in(client, "olga", "wrong")
    assert log_in(client, "olga", "right-one").status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, "olga", "wrong")
    assert log_in(client, "olga", "right-one").status_code == 302


# --- rate limits ---------------------------------------------------------------------------


@pytest.mark.usefixtures("one_rate_window")
@override_settings(PORTAL_RATE_LIMITS={"search": 3, "suggest": 0, "export": 0, "export-list": 0})
def test_search_past_its_limit_answers_429_with_retry_after(client):
    for _ in range(3):
        assert client.get("/ru/search/", {"q": "таможня"}).status_code == 200
    refused = client.get("/ru/search/", {"q": "таможня"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Слишком много запросов" in refused.content.decode()
    # Another address is not limited.
    other = client.get("/ru/search/", {"q": "таможня"}, REMOTE_ADDR="198.51.100.77")
    assert other.status_code == 200


@pytest.mark.usefixtures("one_rate_window")
@override_settings(PORTAL_RATE_LIMITS={"search": 0, "suggest": 2, "export": 0, "export-list": 1})
def test_suggestions_and_exports_have_limits_of_their_own(client):
    PublicationFactory(title="Таможня")
    assert client.get("/ru/search/suggest/", {"q": "там"}).status_code == 200
    assert client.get("/ru/search/suggest/", {"q": "тамо"}).status_code == 200
    assert client.get("/ru/search/suggest/", {"q": "тамож"}).status_code == 429
    assert client.get("/ru/export/publications.bib").status_code == 200
    assert client.get("/ru/export/publications.bib").status_code == 429
    assert client.get("/ru/search/", {"q": "x"}).status_code == 200  # search is not limited


GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.mark.usefixtures("one_rate_window")
@override_settings(PORTAL_RATE_LIMITS={"search": 1, "suggest": 0, "export": 0, "export-list": 0})
def test_a_verified_crawler_is_not_limited_and_an_impostor_is(client):
    ip = "66.249.66.1"

    def reverse(address):
        return ("crawl-66-249-66-1.googlebot.com", [], [address])

    def forward(host, port):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, 0))]

    with (
        mock.patch("core.clients.socket.gethostbyaddr", side_effect=reverse),
        mock.patch("core.clients.socket.getaddrinfo", side_effect=forward),
    ):
        for _ in range(3):
            response = client.get(
                "/ru/search/", {"q": "x"}, REMOTE_ADDR=ip, HTTP_USER_AGENT=GOOGLEBOT
            )
            assert response.status_code == 200
        # The same user agent from an address that is not Google's is limited.
        fake = "203.0.113.50"
        statuses = [
            client.get(
                "/ru/search/", {"q": "x"}, REMOTE_ADDR=fake, HTTP_USER_AGENT=GOOGLEBOT
            ).status_code
            for _ in range(3)
        ]
    assert statuses == [200, 429, 429]


@override_settings(PORTAL_TRUSTED_PROXIES=["10.0.0.2"])
def test_the_client_address_comes_from_the_trusted_proxy_only():
    from django.test import RequestFactory

    from core.clients import client_ip

    rf = RequestFactory()
    behind = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.8")
    assert client_ip(behind) == "198.51.100.8"  # the proxy's own hop, not a client's claim
    direct = rf.get("/", REMOTE_ADDR="203.0.113.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(direct) == "203.0.113.1"


# --- the database outage -------------------------------------------------------------------


@pytest.fixture
def database_down():
    DatabaseOutageMiddleware.down_since = None
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("could not connect to server"),
    ):
        yield
    DatabaseOutageMiddleware.down_since = None


def test_pages_answer_a_styled_503_while_the_database_is_down(client, caplog):
    publication = PublicationFactory()
    url = publication.get_absolute_url()
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("could not connect to server"),
    ):
        DatabaseOutageMiddleware.down_since = None
        caplog.set_level(logging.ERROR)
        responses = [client.get(path) for path in (url, "/ru/search/?q=x", "/ru/publications/")]
    for response in responses:
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "Временно недоступно" in response.content.decode()
    assert sum("unreachable" in r.getMessage() for r in caplog.records) == 1
    assert not any(r.exc_info for r in caplog.records)  # no traceback per request
    assert client.get(url).status_code == 200  # recovered without a restart
    assert DatabaseOutageMiddleware.down_since is None


def test_oai_pmh_answers_503_with_retry_after(client, database_down):
    response = client.get("/oai/", {"verb": "Identify"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/plain")


def test_a_download_answers_503_while_the_database_is_down(client):
    from tests.publications.factories import PublicationFileFactory

    file = PublicationFileFactory()
    url = file.get_absolute_url()
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("down"),
    ):
        response = client.get(url)
    assert response.status_code == 503
    assert client.get(url).status_code == 200
