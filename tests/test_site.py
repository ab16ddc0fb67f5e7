"""The site frame: languages, the home page, error pages and the health check."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import resolve, reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_root_redirects_by_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert response["Location"] == "/ru/"


def test_root_redirects_to_russian_by_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert response["Location"] == "/ru/"


def test_home_in_russian(client):
    response = client.get("/ru/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Российская таможенная академия: НАУКА" in html
    assert "Публикации" in html and "Мероприятия" in html and "Персоналии" in html


def test_home_in_english(client):
    response = client.get("/en/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<title>Russian Customs Academy: SCIENCE</title>" in html
    for label in ("Publications", "Events", "People", "Search"):
        assert f">{label}</a>" in html


def test_home_empty_states(client):
    html = client.get("/en/").content.decode()
    assert "No publications have been published yet." in html
    assert "No upcoming events are announced yet." in html
    assert "Topics will appear here as the repository grows." in html


def test_every_page_has_hreflang_alternates(client):
    html = client.get("/en/search/?q=customs").content.decode()
    assert (
        '<link rel="alternate" hreflang="ru" href="http://testserver/ru/search/?q=customs">' in html
    )
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/search/?q=customs">' in html
    )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/ru/search/?q=customs">'
        in html
    )


def test_language_switch_links_to_the_same_page(client):
    html = client.get("/ru/search/?q=customs").content.decode()
    assert 'href="/en/search/?q=customs" hreflang="en"' in html
    assert 'aria-current="true" lang="ru">RU<' in html


def test_missing_page_gets_styled_404_in_the_right_language(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="site-header"' in html
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


@pytest.mark.parametrize(
    ("template", "english", "russian"),
    [
        ("400.html", "Bad request", "Неверный запрос"),
        ("403.html", "Access denied", "Доступ запрещён"),
        ("404.html", "Page not found", "Страница не найдена"),
        ("500.html", "Something went wrong", "Что-то пошло не так"),
    ],
)
def test_error_pages_render_without_a_request_in_both_languages(template, english, russian):
    from django.template.loader import render_to_string

    with translation.override("en"):
        assert english in render_to_string(template)
    with translation.override("ru"):
        assert russian in render_to_string(template)


def test_server_error_page_is_styled(client):
    client.raise_request_exception = False
    with mock.patch("science_portal.views.home.sections", side_effect=RuntimeError("boom")):
        response = client.get("/en/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "boom" not in html


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch(
        "science_portal.health.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "storage": "ok",
        "cache": "ok",
    }


def test_security_headers(client):
    response = client.get("/en/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_static_assets_are_local(client):
    html = client.get("/ru/").content.decode()
    assert "/static/css/site.css" in html
    assert "/static/img/favicon.svg" in html
    for external in ("googleapis", "cdn.", "cdnjs", "unpkg", "jsdelivr"):
        assert external not in html


@pytest.mark.parametrize("name", ["home", "search"])
def test_reverse_and_resolve_agree(name):
    for language in ("ru", "en"):
        with translation.override(language):
            url = reverse(name)
            assert url.startswith(f"/{language}/")
            assert resolve(url).url_name == name


def test_search_handles_hostile_input(client):
    for query in [
        "",
        "   ",
        "x" * 10_000,
        '"""',
        "a\x00b",
        "'; DROP TABLE people_person; --",
        "Мозер Moser",
    ]:
        response = client.get("/en/search/", {"q": query})
        assert response.status_code == 200, query


def test_pagination_elides_long_page_ranges(rf):
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(range(2000), 20).page(50)
    request = rf.get("/en/publications/", {"type": "monograph", "page": "50"})
    html = render_to_string("includes/pagination.html", {"page_obj": page}, request=request)
    links = html.count("<li>")
    assert links < 15, "a 100-page list must not link every page"
    assert '<span aria-current="page">50</span>' in html
    assert 'href="?type=monograph&amp;page=51" rel="next"' in html
    assert 'href="?type=monograph&amp;page=100"' in html
    assert html.count("pagination__gap") == 2
