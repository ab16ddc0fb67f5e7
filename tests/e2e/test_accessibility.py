"""WCAG 2.2 AA in a real browser: axe-core on every page type in both languages, no sideways
scrolling at 320 px, and the keyboard paths of searching and filtering with a visible focus.

axe-core comes from the npm registry (``tests/e2e/axe``, installed by ``make e2e`` with
``npm ci``) and is injected into each page; nothing is fetched from a CDN.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.publications.factories import PublicationFactory

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
NARROW = {"width": 320, "height": 720}

# Every page type, on the demo content: (name, path after the language prefix, status).
PAGES = [
    ("home", "/", 200),
    ("publication list", "/publications/", 200),
    ("publication list, filtered", "/publications/?type=monograph&topic=digital-customs", 200),
    ("publication", "/publications/digital-customs-wco-experience/", 200),
    (
        "article in a collection",
        "/publications/development-of-the-institute-of-digital-customs/",
        200,
    ),
    ("topic list", "/publications/topics/", 200),
    ("topic", "/publications/topics/digital-customs/", 200),
    ("event list", "/events/", 200),
    ("event", "/events/digital-technologies-in-customs-summer-school-2021/", 200),
    ("event in a series", "/events/rkc-management-committee-20th-meeting/", 200),
    ("people list", "/people/", 200),
    ("people list, a letter", "/people/?letter=М", 200),
    ("people list, an organisation", "/people/?organization=world-customs-organization", 200),
    ("person", "/people/sergei-mozer/", 200),
    ("organisation list", "/people/organisations/", 200),
    ("organisation", "/people/organisations/world-customs-organization/", 200),
    ("organisation in another", "/people/organisations/eec-customs-legislation-department/", 200),
    ("search results", "/search/?q=Moser", 200),
    ("search results, filtered", "/search/?q=customs&type=monograph", 200),
    ("search, no results", "/search/?q=zzzzqqqx", 200),
    ("search, did you mean", "/search/?q=cusotms", 200),
    ("search, empty", "/search/", 200),
    ("404", "/no-such-page/", 404),
    ("accessibility statement", "/accessibility/", 200),
    ("statistics", "/statistics/", 200),
    ("statistics methodology", "/statistics/methodology/", 200),
    ("person statistics", "/statistics/people/sergei-mozer/", 200),
    ("organisation statistics", "/statistics/organisations/russian-customs-academy/", 200),
    ("topic statistics", "/statistics/topics/digital-customs/", 200),
    ("event statistics", "/statistics/events/rkc-management-committee-20th-meeting/", 200),
]

# The contrast of the focus ring against what lies around it, read in the page.
FOCUS_RING = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const opaque = (node) => {
    for (; node && node.nodeType === 1; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  // What is under the ring: the element drawn just outside the focused one.
  const box = el.getBoundingClientRect();
  const offset = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2 + 1;
  let around = document.elementsFromPoint(box.left - offset, box.top + box.height / 2)
    .find((node) => node !== el && !el.contains(node));
  const ring = parse(style.outlineColor);
  const back = opaque(around || el.parentElement);
  const [hi, lo] = [luminance(ring), luminance(back)].sort((a, b) => b - a);
  return {
    tag: el.tagName, text: (el.textContent || el.value || "").trim().slice(0, 40),
    style: style.outlineStyle, width: parseFloat(style.outlineWidth),
    contrast: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100,
  };
}
"""


@pytest.fixture
def demo(transactional_db, settings):
    """The demo content: every kind of page with real-looking data in both languages."""
    settings.DEBUG = False
    call_command("load_demo", verbosity=0)
    call_command("reindex", "--no-extract", verbosity=0)


@pytest.fixture
def contexts(browser, live_server):
    """A desktop and a 320 px page; axe is injected, so the pages' CSP is bypassed."""
    if not AXE.exists():
        pytest.fail(f"axe-core not installed: cd {AXE.parents[2]} && npm ci")
    made = []

    def make(viewport, locale="ru-RU"):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale=locale, bypass_csp=True
        )
        made.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in made:
        context.close()


# Text in Cyrillic whose element does not say it is Russian (on an English page).
UNMARKED_RUSSIAN = """
() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const element = node.parentElement;
    if (!/[\\u0400-\\u04ff]/.test(text) || element.closest("script, style")) continue;
    if (element.closest("[lang]").getAttribute("lang") !== "ru") found.push(text.slice(0, 60));
  }
  return found;
}
"""


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
          const where = (v) => v.nodes.map((n) => n.target.join(" ")).join(", ");
          return result.violations.map((v) => v.id + ": " + where(v));
        }""",
        WCAG_TAGS,
    )


def contrast(first, second):
    """The WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(colour):
        channels = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted([luminance(first), luminance(second)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def focus_problem(page):
    """What is wrong with the focused element's ring (None when it is fine)."""
    ring = page.evaluate(FOCUS_RING)
    if ring is None:
        return "nothing has focus"
    if ring["style"] == "none" or ring["width"] < 2 or ring["contrast"] < 3:
        return f"weak focus ring on {ring}"
    return None


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_page_type_passes_axe_and_fits_320_px(demo, contexts, language, screenshot):
    desktop = contexts({"width": 1366, "height": 900})
    narrow = contexts(NARROW)
    problems = {}
    for name, path, status in PAGES:
        url = f"/{language}{path}"
        response = desktop.goto(url)
        assert response.status == status, url
        expect(desktop.locator("html")).to_have_attribute("lang", language)
        violations = axe_violations(desktop)
        if language == "en":
            violations += [
                f"Russian without lang: {text}" for text in desktop.evaluate(UNMARKED_RUSSIAN)
            ]
        narrow.goto(url)
        overflow = sideways_scroll(narrow)
        if violations or overflow > 0:
            problems[f"{name}: {url}"] = {"axe": violations, "sideways px at 320": overflow}
    screenshot(narrow, f"a11y-last-page-320-{language}")
    assert problems == {}


@pytest.mark.skipif(not os.environ.get("SCREENSHOT_DIR"), reason="SCREENSHOT_DIR not set")
@pytest.mark.parametrize("language", ["ru", "en"])
def test_screenshots_of_every_page_type_to_look_at(demo, contexts, language, screenshot):
    """With SCREENSHOT_DIR set, every page type at 320, 390 and 1366 px, to be looked at."""
    for width in (320, 390, 1366):
        page = contexts({"width": width, "height": 900})
        for name, path, _status in PAGES:
            page.goto(f"/{language}{path}")
            slug = re.sub(r"\W+", "-", name)
            assert screenshot(page, f"{language}-{width}-{slug}").exists()


def test_the_pages_check_real_content(demo, contexts):
    """Positive controls: the pages above show what they are named for."""
    page = contexts({"width": 1366, "height": 900})
    page.goto("/en/search/?q=cusotms")
    expect(page.locator(".search-suggestion")).to_contain_text("Did you mean")
    page.goto("/en/people/?letter=М")
    expect(page.locator(".alpha-index [aria-current=true]")).to_have_text("М")
    page.goto("/en/search/?q=Moser")
    expect(page.locator(".search-results .search-hit").first).to_be_visible()
    # The demo's counted use draws the chart and fills the tables of the statistics pages.
    for path in ("/en/statistics/", "/en/statistics/people/sergei-mozer/"):
        page.goto(path)
        expect(page.locator(".usage-chart__svg rect")).to_have_count(24)
        expect(page.locator("#top-heading + .usage-table tbody tr")).to_have_count(2)
    # axe does find a violation where there is one.
    page.evaluate("document.querySelector('h1').style.color = '#b0b0b0'")
    assert any(v.startswith("color-contrast") for v in axe_violations(page))


def test_keyboard_skip_link_search_suggestion_result_download(demo, contexts, screenshot):
    page = contexts({"width": 1366, "height": 900})
    page.goto("/ru/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert focus_problem(page) is None
    screenshot(page, "a11y-skip-link")

    # Every stop on the way to the header search shows a ring of at least 3:1.
    box = page.get_by_role("combobox", name="Поиск по репозиторию")
    for _ in range(12):
        page.keyboard.press("Tab")
        assert focus_problem(page) is None
        if box.evaluate("el => el === document.activeElement"):
            break
    expect(box).to_be_focused()

    page.keyboard.type("Цифровая", delay=20)
    listbox = page.get_by_role("listbox", name="Подсказки")
    expect(listbox).to_be_visible()
    page.keyboard.press("ArrowDown")
    option = listbox.get_by_role("option").first
    expect(option).to_have_attribute("aria-selected", "true")
    # The chosen suggestion stands out from the list (at least 3:1).
    chosen, list_background = option.evaluate(
        "el => [el, el.parentElement].map((node) => getComputedStyle(node).backgroundColor)"
    )
    assert contrast(chosen, list_background) >= 3
    screenshot(page, "a11y-suggestion")
    page.keyboard.press("Escape")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/ru/search/\?q="))

    first_result = page.locator(".search-results .search-hit__title a").first
    for _ in range(40):
        page.keyboard.press("Tab")
        if first_result.evaluate("el => el === document.activeElement"):
            break
    expect(first_result).to_be_focused()
    assert focus_problem(page) is None
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Цифровая")

    download = page.locator(".file-item__download").first
    for _ in range(60):
        page.keyboard.press("Tab")
        if download.evaluate("el => el === document.activeElement"):
            break
    expect(download).to_be_focused()
    assert focus_problem(page) is None
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    assert download_info.value.suggested_filename.endswith(".pdf")


@pytest.mark.parametrize("width", [1366, 390])
def test_focus_stays_on_the_facet_after_it_is_applied(demo, contexts, width):
    page = contexts({"width": width, "height": 900})
    page.goto("/ru/publications/")
    if width < 800:
        toggle = page.locator(".pub-filters__toggle")
        toggle.focus()
        assert focus_problem(page) is None
        page.keyboard.press("Enter")
    facet = page.locator(".facet").filter(has_text="Вид издания").locator(".facet__option").first
    label = facet.locator("span").first.inner_text()
    facet.focus()
    assert focus_problem(page) is None
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"type="))
    focused = page.locator(".facet__option:focus")
    expect(focused).to_have_attribute("aria-current", "true")
    expect(focused.locator("span").first).to_have_text(label)
    assert focus_problem(page) is None


def test_copying_a_reference_is_announced_and_the_label_comes_back(demo, contexts):
    page = contexts({"width": 1366, "height": 900})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/en/publications/digital-customs-wco-experience/")
    button = page.locator("[data-copy-target=cite-gost]")
    expect(button).to_have_text("Copy the GOST reference")  # its accessible text
    visible = button.locator("[data-copy-label]")
    button.click()
    expect(visible).to_have_text("Copied")
    expect(page.locator("[data-copy-status]")).to_have_text("The GOST reference is copied.")
    expect(visible).to_have_text("Copy", timeout=5_000)
    # The hidden half of the label stays hidden.
    expect(button.locator(".visually-hidden")).to_have_class("visually-hidden")
    assert button.evaluate("el => el.getBoundingClientRect().width") < 200


def test_a_russian_suggestion_on_an_english_page_is_marked_russian(demo, contexts):
    PublicationFactory(title="Таможенный союз без перевода", title_en="", slug="untranslated")
    page = contexts({"width": 1366, "height": 900}, locale="en-GB")
    page.goto("/en/")
    box = page.get_by_role("combobox", name="Search the repository")
    box.press_sequentially("Таможенный союз", delay=30)
    options = page.get_by_role("listbox").get_by_role("option")
    label = options.filter(has_text="без перевода").locator(".search-suggestions__label")
    expect(label).to_have_attribute("lang", "ru")
    box.fill("")
    box.press_sequentially("Mozer", delay=30)
    label = options.first.locator(".search-suggestions__label")
    expect(label).to_have_text(re.compile("Mozer|Moser"))
    assert label.get_attribute("lang") is None  # positive control: English on an English page


def test_filtering_events_with_the_form_focuses_the_heading_that_names_the_filter(demo, contexts):
    page = contexts({"width": 1366, "height": 900})
    page.goto("/ru/events/")
    page.locator(".filter-form select[name=type]").select_option("summer_school")
    page.locator(".filter-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"type=summer_school"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_focused()
    expect(heading).to_have_text(re.compile(r"^Мероприятия: .*Летняя школа"))
    assert focus_problem(page) is None

    # Removing a publication filter also lands on the heading, which no longer names it.
    page.goto("/ru/publications/?type=monograph")
    page.locator(".tag--removable").first.focus()
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_focused()
    expect(heading).to_have_text("Публикации")
