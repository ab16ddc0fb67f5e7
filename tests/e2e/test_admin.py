"""The admin in a real browser: dates without a time zone note, authors moved with arrows."""

import pytest
from playwright.sync_api import expect

from core.text import slug_for
from publications.models import Authorship
from tests.e2e.conftest import DESKTOP
from tests.events.factories import EventFactory, SessionFactory
from tests.publications.factories import AuthorshipFactory, PublicationFactory


@pytest.fixture
def editor(transactional_db, django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")


@pytest.fixture
def far_east(browser, live_server, editor):
    """A signed-in editor seven hours ahead of Moscow."""
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale="ru-RU", timezone_id="Asia/Vladivostok"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/ru/admin/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Вход для сотрудников")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_have_text("РТА: НАУКА — управление")
    yield page
    context.close()


def test_the_time_zone_note_is_beside_date_and_time_fields_only(far_east):
    publication = PublicationFactory()
    far_east.goto(f"/ru/admin/publications/publication/{publication.pk}/change/")
    # published_at is a date and a time; date (of publication) is a date alone.
    expect(far_east.locator(".field-published_at .timezonewarning")).to_have_count(1)
    expect(far_east.locator(".field-published_at .timezonewarning")).to_contain_text("7")
    expect(far_east.locator(".field-date .timezonewarning")).to_have_count(0)
    expect(far_east.locator(".field-date .datetimeshortcuts")).to_have_count(1)


def test_authors_move_with_the_arrows(far_east):
    publication = PublicationFactory()
    for order, name in enumerate(("Мозер", "Антонов", "Яковлев"), 1):
        AuthorshipFactory(publication=publication, person__family_name_cyr=name, order=order)
    far_east.goto(f"/ru/admin/publications/publication/{publication.pk}/change/")
    far_east.locator("#authorships-2 .order-controls [data-move=up]").click()
    far_east.locator("#authorships-2 .order-controls [data-move=up]").click()
    expect(far_east.locator("#id_authorships-2-order")).to_have_value("1")
    expect(far_east.locator("#id_authorships-0-order")).to_have_value("2")
    far_east.locator("input[name=_continue]").first.click()
    expect(far_east.locator(".messagelist")).to_contain_text("изменена")
    names = Authorship.objects.filter(publication=publication).values_list(
        "person__family_name_cyr", flat=True
    )
    assert list(names.order_by("order")) == ["Яковлев", "Мозер", "Антонов"]


def test_a_slug_typed_from_a_russian_title_is_the_servers(far_east):
    far_east.goto("/ru/admin/publications/topic/add/")
    far_east.fill("#id_name_ru", "Цифровая таможня и ВЭД")
    far_east.press("#id_name_ru", "Tab")  # the change event, as on leaving the field
    expect(far_east.locator("#id_slug")).to_have_value(slug_for("Цифровая таможня и ВЭД"))
    expect(far_east.locator("#id_slug")).to_have_value("tsifrovaya-tamozhnya-i-ved")


def test_choosing_the_event_of_a_talk_narrows_its_sessions(far_east):
    school = EventFactory(title="Летняя школа", title_en="Summer school")
    SessionFactory(event=school, title="Открытие")
    SessionFactory(title="Чужая секция")
    far_east.goto("/ru/admin/events/talk/add/")
    session = far_east.locator("#id_session")
    expect(session.locator("option:not([hidden])")).to_have_count(3)  # "---------" and two
    far_east.locator("#id_event + .select2").click()
    far_east.locator(".select2-search__field[aria-controls=select2-id_event-results]").fill(
        "Летняя"
    )
    far_east.locator(".select2-results__option", has_text="Летняя школа").click()
    expect(session.locator("option:not([hidden])")).to_have_count(2)
    expect(session.locator("option:not([hidden])").last).to_contain_text("Открытие")
