"""The events demo: the seed's two events as structured data, idempotent, tolerant of gaps."""

import datetime

import pytest

import people.demo
import publications.demo
from events import demo
from events.models import Event, Participation, Talk
from science_portal.demo import DemoLoader

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    loader = DemoLoader()
    people.demo.build(loader)
    publications.demo.build(loader)
    missing = demo.build(loader)
    assert missing == []
    return loader


def test_summer_school_as_the_seed_describes_it(loaded):
    school = Event.objects.published().get(slug=demo.SUMMER_SCHOOL)
    assert school.type == Event.Type.SUMMER_SCHOOL
    assert (school.start_date, school.end_date) == (
        datetime.date(2021, 6, 28),
        datetime.date(2021, 7, 5),
    )
    assert [o.slug for o in school.organizers.all()] == ["russian-customs-academy"]
    assert "Plan of Scientific Work of the Russian Customs Academy for 2021" in (
        school.description_en
    )
    homes = school.participations.filter(role=Participation.Role.STUDENTS_HOME)
    assert {p.organization.slug for p in homes} == {
        "russian-customs-academy",
        "belarusian-national-technical-university",
        "uzbekistan-customs-institute",
    }
    groups = school.participations.filter(person__isnull=True, organization__isnull=True)
    assert groups.count() == 3
    day_two = school.sessions.get()
    assert day_two.date == datetime.date(2021, 6, 29)
    assert "international experience" in day_two.title_en

    lecture = school.talks.get(kind=Talk.Kind.LECTURE)
    assert lecture.session == day_two
    assert lecture.title_en.startswith("The main approaches of the World Customs Organization")
    speaker = lecture.speakers.get()
    assert (speaker.person.slug, speaker.organization.slug) == (
        "sergei-mozer",
        "eurasian-economic-commission",
    )
    closing = school.talks.get(kind=Talk.Kind.CLOSING)
    assert closing.speakers.get().person.slug == "marina-tkachenko"


def test_rkc_meeting_inside_its_series_presents_the_monograph(loaded):
    meeting = Event.objects.published().get(slug=demo.RKC_MEETING)
    assert meeting.start_date == meeting.end_date == datetime.date(2019, 6, 18)
    assert meeting.city_en == "Brussels"
    assert meeting.parent.slug == demo.RKC_SERIES
    assert meeting.parent.type == Event.Type.SERIES
    presentation = meeting.talks.get()
    assert presentation.title_en == "Digital Customs. WCO Experience"
    assert presentation.agenda_item_en == "VII. Update of the RKC ICT Guidelines"
    assert [p.slug for p in presentation.publications.all()] == ["digital-customs-wco-experience"]
    assert presentation.speakers.get().person.slug == "sergei-mozer"


def test_second_run_changes_nothing(loaded):
    again = DemoLoader()
    demo.build(again)
    assert not again.changed, (again.created, again.updated)


def test_missing_rows_are_reported_and_the_rest_still_loads(caplog):
    loader = DemoLoader()
    missing = demo.build(loader)
    assert "people.Person 'sergei-mozer'" in missing
    assert "publications.Publication 'digital-customs-wco-experience'" in missing
    assert "sergei-mozer" in caplog.text
    school = Event.objects.get(slug=demo.SUMMER_SCHOOL)
    assert school.talks.count() == 2
    assert not school.talks.filter(speakers__isnull=False).exists()
    assert school.participations.filter(organization__isnull=True, person__isnull=True).count() == 3


def test_demo_pages_render(loaded, client):
    school = Event.objects.get(slug=demo.SUMMER_SCHOOL)
    html = client.get(school.get_absolute_url()).content.decode()
    assert "Основные подходы Всемирной таможенной организации" in html
    assert "Посольства иностранных государств в Российской Федерации" in html
    meeting = Event.objects.get(slug=demo.RKC_MEETING)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Цифровая таможня. Опыт ВТамО" in html
    assert "Комитет управления Пересмотренной Киотской конвенцией" in html
