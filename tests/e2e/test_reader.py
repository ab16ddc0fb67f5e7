"""The reader in a real browser: pages drawn by PDF.js, selectable and searchable text, deep
links, the keyboard, a phone, and a 300 MB book whose first page needs only a few ranges."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from publications.models import PublicationFile
from publications.pdf import pages_pdf, write_pages_pdf
from tests.publications.factories import PublicationFactory, PublicationFileFactory

PAGES = [
    [f"Chapter {word} of the customs book", f"Line about page {n}"]
    for n, word in enumerate(["one", "two", "three", "four", "five", "six"], start=1)
]
BIG_SIZE = 300 * 1024 * 1024


def book():
    publication = PublicationFactory(title="Таможенная книга", title_en="Customs book")
    file = PublicationFileFactory(publication=publication, content=pages_pdf(PAGES))
    return publication, file


def rendered(page, number):
    return page.locator(f'.reader__page-box[data-page="{number}"][data-rendered="true"]')


def test_full_window_reader_deep_link_text_and_find(page, screenshot):
    publication, _file = book()
    page.goto(f"/ru/publications/{publication.slug}/read/#page=3")
    expect(rendered(page, 3)).to_be_visible()
    expect(page.locator('[data-role="page"]')).to_have_value("3")
    expect(page.locator('[data-role="count"]')).to_have_text("/ 6")
    # A canvas was drawn, and the text layer carries the page's words, selectable.
    box = rendered(page, 3)
    assert box.locator("canvas").evaluate("c => c.width > 100 && c.height > 100")
    words = box.locator(".textLayer span", has_text="Chapter three")
    expect(words).to_have_count(1)
    selected = words.evaluate(
        """span => { const range = document.createRange(); range.selectNodeContents(span);
        const s = getSelection(); s.removeAllRanges(); s.addRange(range); return s.toString(); }"""
    )
    assert selected == "Chapter three of the customs book"
    assert words.evaluate("s => getComputedStyle(s).userSelect") != "none"
    screenshot(page, "reader-desktop")

    # Find in the document: the page with the words is shown, the words marked.
    page.get_by_placeholder("Найти в документе").fill("chapter five")
    page.get_by_placeholder("Найти в документе").press("Enter")
    expect(page.locator('[data-role="status"]')).to_have_text("Найдено на странице 5.")
    expect(page.locator('[data-role="page"]')).to_have_value("5")
    expect(rendered(page, 5).locator("mark.reader__hit")).to_have_text("Chapter five")
    expect(page).to_have_url(re.compile(r"#page=5$"))
    page.get_by_placeholder("Найти в документе").fill("no such words")
    page.get_by_placeholder("Найти в документе").press("Enter")
    expect(page.locator('[data-role="status"]')).to_have_text("В документе не найдено.")


def test_the_reader_works_with_the_keyboard(page):
    publication, _file = book()
    page.goto(f"/ru/publications/{publication.slug}/read/")
    expect(rendered(page, 1)).to_be_visible()
    viewport = page.locator('[data-role="viewport"]')
    viewport.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator('[data-role="page"]')).to_have_value("2")
    page.keyboard.press("End")
    expect(page.locator('[data-role="page"]')).to_have_value("6")
    expect(rendered(page, 6)).to_be_visible()
    page.keyboard.press("Home")
    expect(page.locator('[data-role="page"]')).to_have_value("1")
    width = rendered(page, 1).evaluate("b => b.getBoundingClientRect().width")
    page.keyboard.press("+")
    expect(page.locator('[data-role="zoom"]')).not_to_have_value("width")
    assert rendered(page, 1).evaluate("b => b.getBoundingClientRect().width") != width
    # The page number field goes to a page; Ctrl+F goes to the reader's own find.
    page.locator('[data-role="page"]').fill("4")
    page.locator('[data-role="page"]').press("Enter")
    expect(rendered(page, 4)).to_be_visible()
    viewport.focus()
    page.keyboard.press("Control+f")
    expect(page.get_by_placeholder("Найти в документе")).to_be_focused()
    # Every control is a button, field or link reached by Tab.
    for name in ("Предыдущая страница", "Следующая страница", "Уменьшить", "Увеличить"):
        expect(page.get_by_role("button", name=name)).to_be_enabled()


def test_the_reader_opens_in_the_publication_page_on_a_phone(
    phone_page, screenshot, screenshot_dir
):
    publication, file = book()
    page = phone_page
    page.goto(publication.get_absolute_url())
    # Nothing of the book is fetched until the reader is opened.
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    panel = page.locator(".reader-panel")
    expect(page.get_by_role("link", name="Скачать PDF")).to_have_attribute(
        "href", file.get_absolute_url()
    )
    page.wait_for_timeout(300)
    assert not [url for url in requested if file.get_absolute_url() in url]
    panel.get_by_role("link", name="Читать онлайн").click()
    expect(rendered(page, 1)).to_be_visible()
    box = rendered(page, 1).bounding_box()
    assert box["width"] <= 390  # fits the phone's width
    assert box["width"] > 250
    screenshot(page, "reader-phone")
    panel.screenshot(path=str(screenshot_dir / "reader-phone-panel.png"))


def test_without_javascript_the_page_offers_the_download(browser, live_server):
    publication, file = book()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/ru/publications/{publication.slug}/read/")
    expect(page.get_by_role("link", name="Скачать PDF")).to_have_attribute(
        "href", file.get_absolute_url()
    )
    expect(page.locator('[data-role="toolbar"]')).to_be_hidden()
    context.close()


def test_a_preview_shows_only_its_pages(page, screenshot):
    publication = PublicationFactory(title="Закрытая книга")
    PublicationFileFactory(
        publication=publication,
        content=pages_pdf(PAGES),
        access=PublicationFile.Access.STAFF,
        preview_pages=2,
    )
    page.goto(f"/ru/publications/{publication.slug}/read/")
    expect(page.get_by_text("Предпросмотр: страницы 1–2 из 6.")).to_be_visible()
    expect(rendered(page, 1)).to_be_visible()
    expect(page.locator('[data-role="count"]')).to_have_text("/ 2")
    screenshot(page, "reader-preview")
    page.get_by_placeholder("Найти в документе").fill("chapter five")
    page.get_by_placeholder("Найти в документе").press("Enter")
    expect(page.locator('[data-role="status"]')).to_have_text("В документе не найдено.")


@pytest.fixture
def big_book(settings):
    """A 300 MB PDF: six pages of text, then a 300 MB embedded stream no page draws, before
    its cross-reference table. Written straight to the media folder and
    stored with bulk_create, so no text extraction reads it."""
    publication = PublicationFactory(title="Большая книга")
    name = "publications/files/big-book.pdf"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_pages_pdf(handle, PAGES, padding=BIG_SIZE)
    size = path.stat().st_size
    (file,) = PublicationFile.objects.bulk_create(
        [
            PublicationFile(
                publication=publication,
                file=name,
                original_name="big-book.pdf",
                size=size,
                sha256="b" * 64,
                mime_type="application/pdf",
            )
        ]
    )
    yield publication, file, size
    path.unlink()


def test_a_300_mb_book_shows_its_first_page_after_a_few_ranges(page, big_book):
    publication, file, size = big_book
    assert size > BIG_SIZE
    served = []

    def on_response(response):
        if response.url.endswith(file.get_absolute_url()):
            served.append((response.status, int(response.headers.get("content-length", 0))))

    page.on("response", on_response)
    started = time.monotonic()
    page.goto(f"/ru/publications/{publication.slug}/read/")
    expect(rendered(page, 1)).to_be_visible(timeout=30_000)
    seconds = time.monotonic() - started
    expect(rendered(page, 1).locator(".textLayer span", has_text="Chapter one")).to_have_count(1)
    fetched = sum(length for _status, length in served)
    print(
        f"first page of a {size / 2**20:.0f} MB PDF after {seconds:.2f} s, "
        f"{len(served)} range responses, {fetched / 2**10:.0f} KB"
    )
    assert served and all(status == 206 for status, _length in served)
    assert fetched < 4 * 1024 * 1024
    # Going to the last page still reads only what it needs.
    page.locator('[data-role="page"]').fill("6")
    page.locator('[data-role="page"]').press("Enter")
    expect(rendered(page, 6)).to_be_visible()
    assert sum(length for _status, length in served) < 8 * 1024 * 1024


def test_memory_stays_flat_over_a_long_book(page):
    """Reading through 60 pages keeps a bounded number of drawn pages."""
    publication = PublicationFactory(title="Длинная книга")
    PublicationFileFactory(
        publication=publication,
        content=pages_pdf([[f"Page {n} of the long book"] for n in range(1, 61)]),
    )
    page.goto(f"/ru/publications/{publication.slug}/read/")
    expect(rendered(page, 1)).to_be_visible()
    drawn = []
    for number in range(1, 61, 4):
        page.locator('[data-role="page"]').fill(str(number))
        page.locator('[data-role="page"]').press("Enter")
        expect(rendered(page, number)).to_be_visible()
        drawn.append(page.locator(".reader__page-box canvas").count())
    assert max(drawn) <= 12
    assert page.locator(".reader__page-box").count() == 60
    # Going back draws the first page again.
    page.locator('[data-role="page"]').fill("1")
    page.locator('[data-role="page"]').press("Enter")
    expect(rendered(page, 1).locator(".textLayer span", has_text="Page 1 of")).to_have_count(1)


def test_a_file_that_cannot_be_shown_leaves_the_download(page):
    publication, file = book()
    file.file.storage.delete(file.file.name)  # the download view answers 404
    page.goto(f"/ru/publications/{publication.slug}/read/")
    expect(page.locator('[data-role="status"]')).to_have_text(
        "Документ не удалось показать. Скачайте его."
    )
    expect(page.get_by_role("link", name="Скачать PDF")).to_be_visible()


def test_the_inline_reader_on_a_desktop_links_to_the_full_window(page, screenshot):
    publication, _file = book()
    page.goto(publication.get_absolute_url())
    page.locator(".reader-panel").get_by_role("link", name="Читать онлайн").click()
    expect(rendered(page, 1)).to_be_visible()
    expect(page.locator('[data-role="viewport"]')).to_be_focused()
    screenshot(page, "reader-inline-desktop")
    page.get_by_role("link", name="Во всё окно").click()
    expect(page).to_have_url(re.compile(rf"/publications/{publication.slug}/read/\d+/"))
    expect(rendered(page, 1)).to_be_visible()
