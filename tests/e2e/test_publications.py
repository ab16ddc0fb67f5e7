"""Publications in a real browser: filter the list, open a publication, download its PDF."""

import re
from pathlib import Path

from playwright.sync_api import expect

from publications.models import Publication
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
    TopicFactory,
    pdf_bytes,
)

CONTENT = pdf_bytes("Digital Customs. WCO Experience")


def make_catalogue():
    topic = TopicFactory(name="Цифровая таможня", name_en="Digital customs")
    author = PersonFactory(family_name_cyr="Мозер", given_name_cyr="Сергей")
    publisher = OrganizationFactory(name="Российская таможенная академия")
    monograph = PublicationFactory(
        type=Publication.Type.MONOGRAPH,
        title="Цифровая таможня. Опыт ВТамО",
        title_en="Digital Customs. WCO Experience",
        year=2019,
        abstract="Монография об институте цифровой таможни во Всемирной таможенной организации.",
    )
    monograph.topics.add(topic)
    AuthorshipFactory(publication=monograph, person=author)
    PublisherFactory(publication=monograph, organization=publisher)
    PublicationFileFactory(
        publication=monograph, content=CONTENT, original_name="Цифровая таможня. Опыт ВТамО.pdf"
    )
    for number in range(3):
        PublicationFactory(
            type=Publication.Type.COLLECTION, title=f"Сборник {number}", year=2020 + number
        )
    return monograph


def test_filter_open_and_download(page, screenshot):
    monograph = make_catalogue()
    page.goto("/ru/publications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Публикации")
    expect(page.locator(".pub-item")).to_have_count(4)
    screenshot(page, "publications-list")

    page.locator(".facet").filter(has_text="Вид издания").get_by_role(
        "link", name=re.compile("Монография")
    ).click()
    expect(page).to_have_url(re.compile(r"type=monograph"))
    expect(page.locator(".pub-item")).to_have_count(1)
    expect(page.locator(".active-filters")).to_contain_text("Монография")

    page.get_by_role("link", name="Цифровая таможня. Опыт ВТамО").first.click()
    expect(page).to_have_url(re.compile(re.escape(monograph.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Цифровая таможня. Опыт ВТамО")
    expect(page.locator(".publication__authors")).to_contain_text("Мозер Сергей")
    screenshot(page, "publication-detail")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Скачать PDF")).click()
    download = download_info.value
    assert download.suggested_filename == "Цифровая таможня. Опыт ВТамО.pdf"
    assert Path(download.path()).read_bytes() == CONTENT


def test_removing_a_filter_and_the_phone_layout(phone_page, screenshot):
    make_catalogue()
    phone_page.goto("/ru/publications/?type=collection&year_from=2021")
    expect(phone_page.locator(".pub-item")).to_have_count(2)
    phone_page.locator(".active-filters").get_by_role("link", name=re.compile("С года")).click()
    expect(phone_page).to_have_url(re.compile(r"\?type=collection$"))
    expect(phone_page.locator(".pub-item")).to_have_count(3)
    overflow = phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
    screenshot(phone_page, "publications-list-phone")
    phone_page.get_by_role("link", name="Сборник 0").click()
    overflow = phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
    screenshot(phone_page, "publication-detail-phone")
