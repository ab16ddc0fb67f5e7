"""The home page in a real browser: Russian first, then the same page in English."""

import re

from playwright.sync_api import expect


def test_home_in_russian_then_english(page, screenshot):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ru/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Российская таможенная академия: НАУКА"
    )
    expect(page.get_by_role("navigation", name="Основная")).to_contain_text("Публикации")
    ru_shot = screenshot(page, "home-ru")

    page.get_by_role("link", name="EN", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Russian Customs Academy: SCIENCE")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Publications")
    en_shot = screenshot(page, "home-en")
    assert ru_shot.exists() and en_shot.exists()


def test_language_switch_keeps_the_page(page):
    page.goto("/ru/search/?q=customs")
    page.get_by_role("link", name="EN", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/search/\?q=customs$"))
    expect(page.get_by_role("searchbox").first).to_have_value("customs")


def test_home_on_a_phone(phone_page, screenshot):
    phone_page.goto("/ru/")
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
    # Nothing overflows sideways on a narrow screen.
    overflow = phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
    screenshot(phone_page, "home-phone")
