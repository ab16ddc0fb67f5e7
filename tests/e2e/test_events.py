"""Events in a real browser: from the summer school to its lecturer, and on to the monograph
he presented at WCO headquarters."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.models import Event, Participation, Speaker
from tests.events.factories import EventFactory, SessionFactory, TalkFactory
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import AuthorshipFactory, PublicationFactory

MONOGRAPH = "Цифровая таможня. Опыт ВТамО"
LECTURE = "Основные подходы Всемирной таможенной организации к созданию института цифровой таможни"


@pytest.fixture
def seed_events(transactional_db):
    academy = OrganizationFactory(name="Российская таможенная академия", slug="rca")
    commission = OrganizationFactory(
        name="Евразийская экономическая комиссия", short_name="ЕЭК", slug="eec"
    )
    mozer = PersonFactory(
        family_name_cyr="Мозер",
        given_name_cyr="Сергей",
        family_name_lat="Mozer",
        given_name_lat="Sergei",
        slug="sergei-mozer",
    )
    monograph = PublicationFactory(
        title=MONOGRAPH,
        title_en="Digital Customs. WCO Experience",
        slug="digital-customs-wco-experience",
        year=2019,
    )
    AuthorshipFactory(publication=monograph, person=mozer)

    school = EventFactory(
        title="Международная научная летняя школа «Цифровые технологии в таможенном деле»",
        slug="digital-technologies-in-customs-summer-school-2021",
        type=Event.Type.SUMMER_SCHOOL,
        start_date=datetime.date(2021, 6, 28),
        end_date=datetime.date(2021, 7, 5),
        description="Летняя школа проводится в соответствии с Планом научной работы.",
    )
    school.organizers.add(academy)
    day_two = SessionFactory(
        event=school,
        date=datetime.date(2021, 6, 29),
        title="Использование международного опыта применения цифровых таможенных технологий",
    )
    lecture = TalkFactory(
        event=school, session=day_two, date=day_two.date, title=LECTURE, kind="lecture"
    )
    Speaker.objects.create(talk=lecture, person=mozer, organization=commission)
    Participation.objects.create(
        event=school, organization=commission, role="participant", description="представители"
    )
    Participation.objects.create(event=school, organization=academy, role="students_home")

    series = EventFactory(
        title="Комитет управления Пересмотренной Киотской конвенцией",
        slug="rkc-management-committee",
        type=Event.Type.SERIES,
        start_date=None,
        end_date=None,
    )
    meeting = EventFactory(
        title="20-е заседание Комитета управления Пересмотренной Киотской конвенцией",
        slug="rkc-management-committee-20th-meeting",
        type=Event.Type.MEETING,
        start_date=datetime.date(2019, 6, 18),
        end_date=datetime.date(2019, 6, 18),
        venue="Штаб-квартира Всемирной таможенной организации",
        city="Брюссель",
        parent=series,
    )
    presentation = TalkFactory(
        event=meeting,
        date=meeting.start_date,
        title=MONOGRAPH,
        kind="presentation",
        agenda_item="VII. Обновление Руководства по ИКТ",
    )
    Speaker.objects.create(talk=presentation, person=mozer, organization=commission)
    presentation.publications.add(monograph)
    return {"school": school, "mozer": mozer, "monograph": monograph, "meeting": meeting}


def test_from_the_summer_school_to_the_lecturer_and_his_monograph(page, seed_events, screenshot):
    page.goto("/ru/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Мероприятия")
    screenshot(page, "events-list")
    page.get_by_role("link", name=re.compile("Цифровые технологии в таможенном деле")).click()

    expect(page).to_have_url(
        re.compile(r"/ru/events/digital-technologies-in-customs-summer-school-2021/$")
    )
    programme = page.get_by_role("region", name="Программа")
    expect(programme).to_contain_text("День 2")
    expect(programme).to_contain_text("Использование международного опыта")
    lecture = programme.locator(".talk", has_text=LECTURE)
    expect(lecture).to_contain_text("Лекция")
    expect(lecture).to_contain_text("Евразийская экономическая комиссия")
    expect(page.get_by_role("link", name="Добавить в календарь")).to_be_visible()
    screenshot(page, "event-summer-school")

    lecture.get_by_role("link", name="Мозер Сергей").click()
    expect(page).to_have_url(re.compile(r"/ru/people/sergei-mozer/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Мозер Сергей")

    # The person page's "Talks given" section (events.includes.person_events) lists the
    # presentation at WCO headquarters with the monograph it presented.
    talks = page.get_by_role("region", name="Доклады и выступления")
    expect(talks).to_contain_text("20-е заседание Комитета управления")
    monograph_url = seed_events["monograph"].get_absolute_url()
    screenshot(page, "person-talks")
    talks.locator(f'a[href="{monograph_url}"]', has_text=MONOGRAPH).click()

    expect(page).to_have_url(re.compile(r"/ru/publications/digital-customs-wco-experience/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(MONOGRAPH)


def test_meeting_page_in_its_series_and_calendar_download(page, seed_events, screenshot):
    page.goto(seed_events["meeting"].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("20-е заседание")
    expect(page.locator(".talk")).to_contain_text("Пункт повестки дня VII")
    expect(page.get_by_role("link", name=MONOGRAPH).first).to_be_visible()
    expect(page.locator(".event-aside")).to_contain_text("Комитет управления")
    screenshot(page, "event-meeting")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Добавить в календарь").click()
    download = download_info.value
    assert download.suggested_filename == "rkc-management-committee-20th-meeting.ics"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20190618" in text and "DTEND;VALUE=DATE:20190619" in text


def test_event_pages_on_a_phone(phone_page, seed_events, screenshot):
    for name, url in (
        ("events-list-phone", "/ru/events/"),
        ("event-phone", seed_events["school"].get_absolute_url()),
    ):
        phone_page.goto(url)
        expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
        overflow = phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert overflow is False, url
        screenshot(phone_page, name)
