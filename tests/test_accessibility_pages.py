"""Accessibility as the server renders it: the language of every text, one kind of breadcrumbs,
the footer and the accessibility statement, and the styled 404 under debug too."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.languages import script_language, shown_language
from events.models import Talk
from tests.events.factories import EventFactory, SessionFactory, TalkFactory
from tests.people.factories import OrganizationFactory, mozer
from tests.publications.factories import AuthorshipFactory, PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def breadcrumb_items(page):
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li.*?</li>", trail)]


def test_script_language_tells_cyrillic_from_latin():
    assert script_language("Мозер Сергей") == "ru"
    assert script_language("Sergei Moser") == "en"
    assert script_language("ВТамО (WCO)") == "ru"
    assert script_language("2019 — 2021") is None
    with translation.override("en"):
        assert shown_language("Цифровая таможня") == "ru"
        assert shown_language("Digital customs") is None
    with translation.override("ru"):
        assert shown_language("Digital customs") == "en"
        assert shown_language("Цифровая таможня") is None


def test_tr_reads_the_letters_of_a_text_not_of_the_markup_around_them():
    from django.utils.safestring import mark_safe

    from core.templatetags.languages import tr

    with translation.override("en"):
        # A plain text's "<" and ">" are shown as they are: the Cyrillic between them counts.
        assert tr("p < 0,05 при n > 30") == '<span lang="ru">p &lt; 0,05 при n &gt; 30</span>'
        assert tr("‹Без названия>") == '<span lang="ru">‹Без названия&gt;</span>'
        # The portal's own markup has no letters of its own (the snippet's marks).
        snippet = mark_safe("<mark>Таможня</mark> и <mark>риски</mark>")
        assert tr(snippet) == f'<span lang="ru">{snippet}</span>'
        assert tr(mark_safe("<mark>Customs</mark> risks")) == "<mark>Customs</mark> risks"
    with translation.override("ru"):
        assert tr("p < 0,05 при n > 30") == "p &lt; 0,05 при n &gt; 30"
        assert tr(mark_safe("<mark>2019</mark>")) == "<mark>2019</mark>"  # "mark" is no word
        assert tr(mark_safe('<a href="/ru/">Customs</a>')) == (
            '<span lang="en"><a href="/ru/">Customs</a></span>'
        )


def test_a_russian_fallback_on_an_english_page_is_marked_russian(client):
    PublicationFactory(title="Только по-русски", title_en="", slug="only-russian")
    PublicationFactory(title="Двуязычная", title_en="Bilingual", slug="bilingual")
    page = html(client, "/en/publications/")
    assert '<span lang="ru">Только по-русски</span>' in page
    # Positive control: the English title is the page's own language, unmarked.
    assert ">Bilingual</a>" in page
    assert '<span lang="ru">Двуязычная' not in page
    detail = html(client, "/en/publications/only-russian/")
    assert (
        '<h1 class="publication__title" itemprop="name" lang="ru">Только по-русски</h1>' in detail
    )


def test_an_empty_english_venue_falls_back_to_russian_marked_russian(client):
    event = EventFactory(venue="Российская таможенная академия", venue_en="", slug="venue-test")
    page = html(client, f"/en/events/{event.slug}/")
    assert '<dd><span lang="ru">Российская таможенная академия</span></dd>' in page
    assert 'lang="ru"' not in html(client, f"/ru/events/{event.slug}/").split("<main", 1)[1]


def test_english_search_shows_the_english_abstract_as_the_snippet(client):
    publication = PublicationFactory(
        title="Цифровая таможня",
        title_en="Digital customs",
        abstract="Монография о цифровой таможне во Всемирной таможенной организации.",
        abstract_en="A monograph on digital customs in the World Customs Organization.",
    )
    AuthorshipFactory(publication=publication, person=mozer())
    english = html(client, "/en/search/?q=Moser")
    assert "A monograph on digital customs in the World Customs Organization." in english
    assert "Монография о цифровой таможне" not in english
    # The Russian page keeps the Russian lead.
    russian = html(client, "/ru/search/?q=Moser")
    assert "Монография о цифровой таможне" in russian


def test_the_cyrillic_letters_of_the_people_index_are_labelled_and_marked(client):
    mozer()
    page = html(client, "/en/people/")
    assert '<span class="alpha-index__label" id="alpha-index-ru">Cyrillic</span>' in page
    assert 'aria-labelledby="alpha-index-ru" lang="ru"' in page
    assert 'aria-labelledby="alpha-index-en">' in page


def test_the_brand_mark_is_russian_and_the_talk_kind_is_english(client):
    event = EventFactory(slug="kinds")
    TalkFactory(event=event, kind=Talk.Kind.REPORT, title="Доклад", title_en="A paper")
    page = html(client, f"/en/events/{event.slug}/")
    assert 'lang="ru">РТА</span>' in page
    assert ">Paper<" in page
    assert "Report" not in page
    assert ">Доклад<" in html(client, f"/ru/events/{event.slug}/")


def test_every_page_has_the_same_breadcrumbs_without_skipped_levels(client):
    topic = TopicFactory(name="Цифровая таможня", slug="digital")
    parent = OrganizationFactory(name="ЕЭК", slug="eec")
    unit = OrganizationFactory(name="Департамент", slug="department", parent=parent)
    person = mozer()
    publication = PublicationFactory(title="Книга", slug="book")
    event = EventFactory(title="Школа", slug="school")
    expected = {
        "/ru/publications/": ["Начало", "Публикации"],
        "/ru/publications/book/": ["Начало", "Публикации", "Книга"],
        "/ru/publications/topics/": ["Начало", "Публикации", "Темы"],
        f"/ru/publications/topics/{topic.slug}/": ["Начало", "Публикации", "Темы", topic.name],
        "/ru/events/": ["Начало", "Мероприятия"],
        f"/ru/events/{event.slug}/": ["Начало", "Мероприятия", "Школа"],
        "/ru/people/": ["Начало", "Персоналии"],
        f"/ru/people/{person.slug}/": ["Начало", "Персоналии", "Мозер Сергей"],
        "/ru/people/organisations/": ["Начало", "Персоналии", "Организации"],
        f"/ru/people/organisations/{unit.slug}/": [
            "Начало",
            "Персоналии",
            "Организации",
            "ЕЭК",
            "Департамент",
        ],
        "/ru/search/?q=книга": ["Начало", "Поиск"],
        "/ru/accessibility/": ["Начало", "Заявление о доступности"],
        "/ru/statistics/": ["Начало", "Статистика"],
        "/ru/statistics/methodology/": ["Начало", "Статистика", "Как считается использование"],
        f"/ru/statistics/people/{person.slug}/": ["Начало", "Статистика", "Мозер Сергей"],
    }
    for url, trail in expected.items():
        page = html(client, url)
        assert breadcrumb_items(page) == trail, url
        assert page.count('class="breadcrumbs"') == 1
        assert '<li class="breadcrumbs__item" aria-current="page">' in page
        # One separator, drawn by the style sheet: none typed into the trail.
        trail_html = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S).group(0)
        assert " / " not in trail_html and "›" not in trail_html
    assert publication.get_absolute_url() == "/ru/publications/book/"


def test_filtered_list_titles_name_their_filters(client):
    topic = TopicFactory(name="Цифровая таможня", name_en="Digital customs", slug="digital")
    PublicationFactory(title="Книга").topics.add(topic)
    page = html(client, "/en/publications/?type=monograph&topic=digital")
    assert "<h1>Publications: Monograph · Digital customs</h1>" in page
    assert "<title>Publications: Monograph · Digital customs — " in page
    assert "<h1>Publications</h1>" in html(client, "/en/publications/")


def test_the_footer_links_contact_statement_feeds_oai_api_and_statistics(client, settings):
    settings.PORTAL_CONTACT_EMAIL = "science@example.org"
    page = html(client, "/en/")
    footer = page.split('<footer class="site-footer">', 1)[1]
    for href in (
        "mailto:science@example.org",
        reverse("accessibility"),
        reverse("feeds:publications"),
        reverse("feeds:publications-atom"),
        reverse("feeds:events"),
        reverse("oai") + "?verb=Identify",
        reverse("api:docs"),
        reverse("statistics:repository"),
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ):
        assert f'href="{href}"' in footer, href


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_accessibility_statement_in_both_languages(client, settings, language):
    settings.PORTAL_CONTACT_EMAIL = "science@example.org"
    with translation.override(language):
        url = reverse("accessibility")
    assert url == f"/{language}/accessibility/"
    page = html(client, url)
    assert f'<html lang="{language}">' in page
    assert "WCAG 2.2" in page
    assert 'href="mailto:science@example.org"' in page
    heading = {"ru": "Заявление о доступности", "en": "Accessibility statement"}[language]
    assert f"<h1>{heading}</h1>" in page
    assert ' id="exceptions"' in page and ' id="feedback"' in page


def test_the_statement_costs_no_query_and_is_in_the_sitemap(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        html(client, "/en/accessibility/")
    pages = html(client, "/sitemap-pages-1.xml")
    assert "/ru/accessibility/</loc>" in pages
    assert "/en/accessibility/" in pages


@pytest.mark.parametrize("url", ["/ru/no-such-page/", "/en/publications/no-such-book/"])
def test_the_styled_404_under_debug(client, settings, url):
    settings.DEBUG = True
    settings.PORTAL_TECHNICAL_404 = False
    page = html(client, url, status=404)
    assert 'class="error-page"' in page
    assert "URLconf" not in page and "Using the URLconf" not in page


def test_the_technical_404_when_asked_for(client, settings):
    settings.DEBUG = True
    settings.PORTAL_TECHNICAL_404 = True
    page = html(client, "/ru/no-such-page/", status=404)
    assert 'class="error-page"' not in page
    assert "URLconf" in page


def test_the_styled_404_without_debug_is_unchanged(client, settings):
    settings.DEBUG = False
    page = html(client, "/en/no-such-page/", status=404)
    assert 'class="error-page"' in page
    assert '<h1 class="error-page__title">Page not found</h1>' in page


def test_a_programme_that_begins_after_day_one_says_so(client):
    event = EventFactory(slug="school")  # three days
    day_two = SessionFactory(event=event, date=event.start_date + datetime.timedelta(days=1))
    TalkFactory(event=event, session=day_two, date=day_two.date)
    page = html(client, f"/en/events/{event.slug}/")
    assert "the programme of its first day has not been published" in page
    assert "begins on day 2" in page
    # Positive control: a programme from day one needs no such note.
    SessionFactory(event=event, date=event.start_date)
    assert "has not been published" not in html(client, f"/en/events/{event.slug}/")


def test_the_filtered_event_list_title_costs_no_extra_query(client, django_assert_num_queries):
    topic = TopicFactory(name="Цифровая таможня", name_en="Digital customs", slug="digital")
    EventFactory(title="Школа", title_en="School").topics.add(topic)
    url = "/en/events/?when=past&type=conference&year=2021&topic=digital"
    # The list's 6, and validating the year and the topic (the title reads no more).
    with django_assert_num_queries(8):
        page = html(client, url)
    assert "<h1>Events: Past · Conference · 2021 · Digital customs</h1>" in page
    assert "<title>Events: Past · Conference · 2021 · Digital customs — " in page
    assert "<h1>Events</h1>" in html(client, "/en/events/")
