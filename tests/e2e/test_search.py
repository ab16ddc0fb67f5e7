"""Search in a real browser: the header box, its suggestions, and the results page."""

import re

import pytest
from playwright.sync_api import expect

from tests.people.factories import mozer
from tests.publications.factories import AuthorshipFactory, PublicationFactory


@pytest.fixture
def monograph(transactional_db):
    publication = PublicationFactory(
        title="Цифровая таможня: опыт ВТамО",
        title_en="Digital customs: the WCO experience",
        slug="digital-customs-wco-experience",
        year=2019,
        abstract="Монография о цифровой таможне.",
    )
    AuthorshipFactory(publication=publication, person=mozer())
    return publication


def test_moser_from_the_header_finds_mozer_and_his_monograph(page, monograph, screenshot):
    page.goto("/ru/")
    box = page.get_by_role("combobox", name="Поиск по репозиторию")
    box.fill("Moser")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/ru/search/\?q=Moser$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Поиск")
    people = page.locator(".search-preview--person")
    expect(people.get_by_role("link", name="Мозер Сергей")).to_be_visible()
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="Цифровая таможня: опыт ВТамО")).to_be_visible()
    screenshot(page, "search-moser")

    results.get_by_role("link", name="Цифровая таможня: опыт ВТамО").click()
    expect(page).to_have_url(re.compile(r"/ru/publications/digital-customs-wco-experience/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Цифровая таможня")


def test_suggestions_as_you_type_with_the_keyboard(page, monograph, screenshot):
    page.goto("/ru/")
    box = page.get_by_role("combobox", name="Поиск по репозиторию")
    box.press_sequentially("Мозе", delay=30)
    listbox = page.get_by_role("listbox", name="Подсказки")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option").first
    expect(option).to_contain_text("Мозер Сергей")
    screenshot(page, "search-suggestions")
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-option-0")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    box.press("ArrowDown")
    expect(listbox).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/ru/people/sergei-mozer/$"))


def test_search_page_on_a_phone(phone_page, monograph, screenshot):
    phone_page.goto("/ru/search/?q=таможня")
    expect(phone_page.locator(".search-results")).to_contain_text("Цифровая таможня")
    overflow = phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
    screenshot(phone_page, "search-phone")
