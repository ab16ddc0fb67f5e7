"""The iCalendar export: RFC 5545 text that an independent parser reads back correctly."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from core.publishing import Visibility
from events import ical
from events.models import Event, Session
from tests.events.factories import EventFactory, SessionFactory

DTSTAMP = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def make_event(**values):
    """An unsaved event: the module is pure and needs no database."""
    defaults = {
        "pk": 42,
        "title": "International Scientific Summer School «Digital Technologies in Customs»",
        "slug": "school",
        "type": Event.Type.SUMMER_SCHOOL,
        "start_date": datetime.date(2021, 6, 28),
        "end_date": datetime.date(2021, 7, 5),
        "description": "",
    }
    defaults.update(values)
    return Event(**defaults)


def render(event, sessions=()):
    return ical.event_to_ical(
        event,
        url="https://science.example.org/en/events/school/",
        uid_domain="science.example.org",
        sessions=sessions,
        dtstamp=DTSTAMP,
    )


def only_vevent(text):
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_escape_text():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert ical.escape_text("one\r\ntwo\rthree") == "one\\ntwo\\nthree"


def test_fold_keeps_lines_within_75_octets_and_utf8_characters_whole():
    line = "SUMMARY:" + "Цифровые технологии в таможенном деле, " * 6
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0]] + [part[1:] for part in parts[1:]]) == line


def test_whole_file_uses_crlf_and_short_lines():
    text = render(make_event(description="Строка, с запятой; и точкой с запятой\n" * 10))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_date_only_event_is_all_day_with_exclusive_end():
    text = render(make_event())
    assert "DTSTART;VALUE=DATE:20210628\r\n" in text
    assert "DTEND;VALUE=DATE:20210706\r\n" in text
    vevent = only_vevent(text)
    assert vevent.decoded("DTSTART") == datetime.date(2021, 6, 28)
    assert vevent.decoded("DTEND") == datetime.date(2021, 7, 6)
    assert str(vevent["SUMMARY"]) == (
        "International Scientific Summer School «Digital Technologies in Customs»"
    )
    assert str(vevent["UID"]) == "event-42@science.example.org"
    assert vevent.decoded("DTSTAMP") == DTSTAMP
    assert str(vevent["URL"]) == "https://science.example.org/en/events/school/"


def test_one_day_meeting_ends_the_next_day_and_has_its_place():
    event = make_event(
        title="20th meeting of the Revised Kyoto Convention Management Committee",
        start_date=datetime.date(2019, 6, 18),
        end_date=datetime.date(2019, 6, 18),
        venue="WCO headquarters",
        city="Brussels",
        country="",
        description="Item VII; the monograph, presented.\nSecond line \\ backslash",
    )
    vevent = only_vevent(render(event))
    assert vevent.decoded("DTSTART") == datetime.date(2019, 6, 18)
    assert vevent.decoded("DTEND") == datetime.date(2019, 6, 19)
    assert str(vevent["LOCATION"]) == "WCO headquarters, Brussels"
    assert str(vevent["DESCRIPTION"]).startswith(
        "Item VII; the monograph, presented.\nSecond line \\ backslash\n\nhttps://"
    )


def test_timed_sessions_become_utc_events():
    event = make_event()
    session = Session(
        pk=7,
        event=event,
        date=datetime.date(2021, 6, 29),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(13, 30),
        title="International experience",
    )
    untimed = Session(pk=8, event=event, date=datetime.date(2021, 6, 30), title="Day 3")
    calendar = icalendar.Calendar.from_ical(render(event, sessions=[session, untimed]))
    whole, timed = calendar.walk("VEVENT")
    assert whole.decoded("DTSTART") == datetime.date(2021, 6, 28)
    # 10:00 in Moscow (UTC+3) is 07:00 UTC.
    assert timed.decoded("DTSTART") == datetime.datetime(2021, 6, 29, 7, 0, tzinfo=datetime.UTC)
    assert timed.decoded("DTEND") == datetime.datetime(2021, 6, 29, 10, 30, tzinfo=datetime.UTC)
    assert str(timed["UID"]) == "event-42-session-7@science.example.org"
    assert "International experience" in str(timed["SUMMARY"])


def test_moscow_offset_before_2014_is_taken_from_the_zone_database():
    # Moscow was UTC+4 from 2011 to October 2014.
    moment = ical.wall_clock_to_utc(datetime.date(2013, 6, 1), datetime.time(10, 0))
    assert moment == datetime.datetime(2013, 6, 1, 6, 0, tzinfo=datetime.UTC)


def test_an_event_without_dates_has_no_calendar():
    with pytest.raises(ValueError):
        render(make_event(type=Event.Type.SERIES, start_date=None, end_date=None))


# The view ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_calendar_file_download(client):
    event = EventFactory(
        slug="school-2021",
        title="Летняя школа",
        start_date=datetime.date(2021, 6, 28),
        end_date=datetime.date(2021, 7, 5),
    )
    SessionFactory(event=event, date=datetime.date(2021, 6, 29), start_time=datetime.time(9, 30))
    response = client.get(reverse("events:ical", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="school-2021.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    whole, session = calendar.walk("VEVENT")
    assert str(whole["SUMMARY"]) == "Летняя школа"
    assert whole.decoded("DTSTART") == datetime.date(2021, 6, 28)
    assert whole.decoded("DTEND") == datetime.date(2021, 7, 6)
    assert str(whole["URL"]) == "http://testserver/ru/events/school-2021/"
    assert session.decoded("DTSTART") == datetime.datetime(2021, 6, 29, 6, 30, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_no_calendar_for_drafts_or_series(client):
    draft = EventFactory(status=Visibility.DRAFT)
    series = EventFactory(type=Event.Type.SERIES, start_date=None, end_date=None)
    for event in (draft, series):
        assert client.get(reverse("events:ical", kwargs={"slug": event.slug})).status_code == 404
