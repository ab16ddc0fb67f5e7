"""Events keep their dates, programme and participants consistent, with clear messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.publishing import Visibility
from events.models import Event, Participation, Session, Talk
from tests.events.factories import (
    EventFactory,
    ParticipationFactory,
    SessionFactory,
    TalkFactory,
)
from tests.people.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English, their msgid language."""
    with translation.override("en"):
        yield


JUNE_28 = datetime.date(2021, 6, 28)
JULY_5 = datetime.date(2021, 7, 5)


def errors_of(obj):
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_end_date_before_start_is_refused_with_a_field_message():
    event = EventFactory.build(start_date=JULY_5, end_date=JUNE_28)
    assert errors_of(event)["end_date"] == ["The end date cannot be before the start date."]


def test_database_refuses_end_before_start():
    event = EventFactory(start_date=JUNE_28, end_date=JULY_5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(end_date=datetime.date(2021, 6, 1))


def test_one_day_event_is_valid():
    event = EventFactory.build(start_date=JUNE_28, end_date=JUNE_28)
    event.full_clean()


def test_dated_event_needs_both_dates_but_a_series_needs_none():
    event = EventFactory.build(start_date=None, end_date=None)
    assert set(errors_of(event)) >= {"start_date", "end_date"}
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start_date=None, end_date=None)
    series = EventFactory.build(type=Event.Type.SERIES, start_date=None, end_date=None)
    series.full_clean()
    series.save()
    assert not Event.objects.upcoming().filter(pk=series.pk).exists()
    assert not Event.objects.past().filter(pk=series.pk).exists()


def test_parent_cycles_are_refused():
    series = EventFactory(type=Event.Type.SERIES, start_date=None, end_date=None)
    meeting = EventFactory(parent=series)
    series.parent = meeting
    assert "parent" in errors_of(series)
    meeting.parent = meeting
    assert "parent" in errors_of(meeting)


def test_upcoming_and_past_split_around_today():
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    ended_yesterday = EventFactory(start_date=today - 3 * day, end_date=today - day)
    ends_today = EventFactory(start_date=today - 2 * day, end_date=today)
    starts_tomorrow = EventFactory(start_date=today + day, end_date=today + 2 * day)
    long_ago = EventFactory(start_date=today - 400 * day, end_date=today - 399 * day)

    assert list(Event.objects.upcoming()) == [ends_today, starts_tomorrow]
    assert list(Event.objects.past()) == [ended_yesterday, long_ago]


def test_published_hides_drafts():
    public = EventFactory()
    EventFactory(status=Visibility.DRAFT)
    assert list(Event.objects.published()) == [public]


def test_session_date_must_lie_within_the_event():
    event = EventFactory(start_date=JUNE_28, end_date=JULY_5)
    session = Session(event=event, date=datetime.date(2021, 7, 6), title="Day 9")
    message = errors_of(session)["date"][0]
    assert "2021-06-28 – 2021-07-05" in message
    Session(event=event, date=JULY_5).full_clean()


def test_talk_date_must_lie_within_the_event():
    event = EventFactory(start_date=JUNE_28, end_date=JULY_5)
    talk = TalkFactory.build(event=event, date=datetime.date(2021, 6, 1))
    assert "within the event's dates" in errors_of(talk)["date"][0]
    TalkFactory.build(event=event, date=JULY_5).full_clean()


def test_talk_session_must_belong_to_the_same_event():
    event = EventFactory()
    other_session = SessionFactory()
    talk = TalkFactory.build(event=event, session=other_session)
    assert errors_of(talk)["session"] == [
        "The session belongs to another event: choose one of this event's."
    ]


def test_talk_date_must_match_its_session():
    session = SessionFactory(date=JUNE_28)
    talk = TalkFactory.build(
        event=session.event, session=session, date=JUNE_28 + datetime.timedelta(1)
    )
    assert "session's date (2021-06-28)" in errors_of(talk)["date"][0]
    assert TalkFactory.build(event=session.event, session=session).day == JUNE_28


# Who may take part in each role, written out here (not read from the model it checks).
ROLE_FITS = {
    "organizer": {"person", "organisation"},
    "speaker": {"person"},
    "moderator": {"person"},
    "participant": {"person", "organisation", "group"},
    "student": {"person"},
    "guest": {"person", "group"},
    "partner": {"organisation"},
    "delegation": {"organisation", "group"},
    "students_home": {"organisation"},
}


def test_every_role_is_described():
    assert set(Participation.Role.values) == set(ROLE_FITS)


@pytest.mark.parametrize("kind", ["person", "organisation", "group"])
@pytest.mark.parametrize("role", sorted(ROLE_FITS))
def test_a_role_fits_the_participants_it_is_meant_for(role, kind):
    who = {
        "person": {"person": PersonFactory()},
        "organisation": {"organization": OrganizationFactory()},
        "group": {"description_en": "embassies of foreign states"},
    }[kind]
    participation = Participation(event=EventFactory(), role=role, **who)
    if kind in ROLE_FITS[role]:
        participation.full_clean()
        participation.save()  # the database constraint agrees
    else:
        with pytest.raises(ValidationError):
            participation.full_clean()


def test_a_role_that_does_not_fit_gets_a_clear_message():
    person_as_home = ParticipationFactory.build(
        event=EventFactory(), person=PersonFactory(), role=Participation.Role.STUDENTS_HOME
    )
    message = errors_of(person_as_home)["role"][0]
    assert "“Home institution of students” is not a role for a person" in message
    organisation_as_student = Participation(
        event=EventFactory(), organization=OrganizationFactory(), role=Participation.Role.STUDENT
    )
    assert "not a role for an organisation" in errors_of(organisation_as_student)["role"][0]


def test_database_refuses_a_role_that_does_not_fit():
    participation = ParticipationFactory(role=Participation.Role.SPEAKER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.filter(pk=participation.pk).update(
            role=Participation.Role.STUDENTS_HOME
        )


def test_a_group_is_named_in_the_note():
    event = EventFactory()
    nobody = Participation(event=event, role=Participation.Role.PARTICIPANT)
    assert "describe the group" in errors_of(nobody)["__all__"][0]
    group = Participation(
        event=event,
        role=Participation.Role.PARTICIPANT,
        description_en="embassies of foreign states in the Russian Federation",
    )
    group.full_clean()
    group.save()
    assert group.is_group


def test_a_person_may_represent_an_organisation():
    participation = Participation(
        event=EventFactory(),
        person=PersonFactory(),
        organization=OrganizationFactory(),
        role=Participation.Role.SPEAKER,
    )
    participation.full_clean()
    assert participation.is_person


def test_talk_anchor_is_on_the_event_page():
    talk = TalkFactory(event=EventFactory(slug="school"))
    assert talk.get_absolute_url().endswith(f"/events/school/#talk-{talk.pk}")
    assert Talk.objects.get(pk=talk.pk).event.get_absolute_url().endswith("/events/school/")
