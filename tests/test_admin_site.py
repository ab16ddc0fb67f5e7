"""The admin as the editors see it: the portal's name and colours, a way back to the site."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def header(html):
    return re.search(r'<div id="site-name">(.*?)</div>', html, re.S).group(1)


@pytest.mark.parametrize(
    ("language", "name", "home"),
    [("ru", "РТА: НАУКА — управление", "/ru/"), ("en", "RCA: SCIENCE — administration", "/en/")],
)
def test_index_is_named_for_the_portal_and_links_to_the_public_site(
    staff_client, language, name, home
):
    html = staff_client.get(f"/{language}/admin/").content.decode()
    assert name in header(html)
    index = "Содержимое портала" if language == "ru" else "Content of the portal"
    assert f"<title>{index} | {name}</title>" in html
    assert "Django" not in header(html)
    # "View site" leads to the home page in the admin's own language, not to "/".
    assert f'<a href="{home}">' in html


@pytest.mark.parametrize(
    ("language", "heading"), [("ru", "Вход для сотрудников"), ("en", "Staff sign-in")]
)
def test_login_page_has_a_heading(client, language, heading):
    html = client.get(f"/{language}/admin/login/").content.decode()
    assert re.findall(r"<h1>(.*?)</h1>", html) == [heading]
    assert "/static/css/admin.css" in html


def test_admin_wears_the_portals_colours_from_its_own_files(staff_client):
    html = staff_client.get("/ru/admin/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in html
    css = Path(finders.find("css/admin.css")).read_text(encoding="utf-8")
    site_css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    for colour in re.findall(r"--(?:header-bg|primary|accent):\s*(#[0-9a-f]{6})", css):
        assert colour in site_css
    assert "http" not in css and "@import" not in css and "@font-face" not in css


@pytest.mark.parametrize(
    "url", ["/ru/admin/publications/publication/add/", "/ru/admin/events/event/add/"]
)
def test_dates_alone_get_no_time_zone_note(staff_client, url):
    """js/admin-dates.js keeps the note to dates with times; it must load after Django's
    DateTimeShortcuts.js, whose notes are added on the page's load event."""
    html = staff_client.get(url).content.decode()
    shortcuts = html.index("admin/js/admin/DateTimeShortcuts.js")
    assert html.index("/static/js/admin-dates.js") > shortcuts
    script = Path(finders.find("js/admin-dates.js")).read_text(encoding="utf-8")
    assert 'input.classList.contains("vDateField") && !input.closest(".datetime")' in script
