"""People in a real browser: find Sergei Mozer by another spelling and open his profile."""

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from tests.people.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    image_bytes,
    mozer,
)


@pytest.fixture
def seed(transactional_db):
    commission = OrganizationFactory(
        name="Евразийская экономическая комиссия",
        name_en="Eurasian Economic Commission",
        slug="eurasian-economic-commission",
        kind="international",
    )
    division = OrganizationFactory(
        name="Отдел перспективных таможенных технологий",
        name_en="Advanced Customs Technologies Division",
        slug="eec-advanced-customs-technologies-division",
        kind="international",
        parent=OrganizationFactory(
            name="Департамент таможенного законодательства",
            name_en="Department of Customs Legislation",
            kind="international",
            parent=commission,
        ),
    )
    academy = OrganizationFactory(
        name="Российская таможенная академия",
        name_en="Russian Customs Academy",
        slug="russian-customs-academy",
        country="RU",
    )
    institute = OrganizationFactory(
        name="Научно-исследовательский институт Российской таможенной академии",
        name_en="Research Institute of the Russian Customs Academy",
        parent=academy,
    )
    person = mozer(orcid="0000-0002-1825-0097")
    person.photo.save("portrait.jpg", ContentFile(image_bytes(size=(400, 500))), save=True)
    AffiliationFactory(
        person=person,
        organization=division,
        position="Заместитель начальника отдела",
        position_en="Deputy Head",
    )
    AffiliationFactory(person=person, organization=institute)
    tkachenko = PersonFactory(
        family_name_cyr="Ткаченко",
        given_name_cyr="Марина",
        family_name_lat="Tkachenko",
        given_name_lat="Marina",
        slug="marina-tkachenko",
    )
    AffiliationFactory(
        person=tkachenko,
        organization=academy,
        position="Проректор по научной работе",
        position_en="Vice-Rector for Scientific Work",
    )
    PersonFactory.create_batch(4)
    return person


def test_search_moser_and_land_on_sergei_mozer(page, seed, screenshot):
    page.goto("/ru/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Персоналии")
    screenshot(page, "people-list-ru")

    page.get_by_role("searchbox", name="Имя").fill("Moser")
    page.get_by_role("button", name="Найти").click()
    expect(page).to_have_url(re.compile(r"/ru/people/\?q=Moser"))
    results = page.locator(".person-card")
    expect(results).to_have_count(1)

    results.get_by_role("link", name="Мозер Сергей").click()
    expect(page).to_have_url(re.compile(r"/ru/people/sergei-mozer/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Мозер Сергей")
    expect(page.locator("main")).to_contain_text("кандидат юридических наук")
    expect(page.locator("main")).to_contain_text("Заместитель начальника отдела")
    expect(page.locator("main")).to_contain_text("Sergei Moser")
    photo = page.get_by_role("img", name="Фотография: Мозер Сергей")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.naturalWidth") > 0  # Served through the photo view.
    screenshot(page, "person-ru")

    page.get_by_role("link", name="EN", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/people/sergei-mozer/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sergei Mozer")
    expect(page.locator("main")).to_contain_text("Ph.D. in law")
    screenshot(page, "person-en")


def test_the_index_letter_and_organisations(page, seed, screenshot):
    page.goto("/ru/people/")
    page.get_by_role("navigation", name="Алфавитный указатель").get_by_role(
        "link", name="Т", exact=True
    ).click()
    expect(page.locator(".person-card")).to_have_count(1)
    expect(page.locator(".person-card")).to_contain_text("Ткаченко Марина")

    page.get_by_role("link", name="Организации →").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Организации")
    screenshot(page, "organizations-ru")
    page.get_by_role("link", name="Российская таможенная академия", exact=True).click()
    expect(page.locator("main")).to_contain_text("Проректор по научной работе")
    screenshot(page, "organization-ru")


def test_people_on_a_phone(phone_page, seed, screenshot):
    for path, name in [
        ("/ru/people/", "people-list-phone"),
        ("/ru/people/sergei-mozer/", "person-phone"),
        ("/ru/people/organisations/", "organizations-phone"),
    ]:
        phone_page.goto(path)
        expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
        overflow = phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert overflow is False, path
        screenshot(phone_page, name)
