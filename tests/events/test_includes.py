"""The sections other pages include: a person's talks and events, a publication's talks,
an organisation's events. Published events only, a fixed number of queries."""

import datetime

import pytest
from django.template.loader import render_to_string

from core.publishing import Visibility
from events.models import Participation, Speaker
from events.queries import (
    organization_events_context,
    person_events_context,
    publication_talks_context,
)
from tests.events.factories import EventFactory, TalkFactory
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def talk_by(person, *, event, publications=(), organization=None, title="Доклад"):
    talk = TalkFactory(event=event, title=title, date=event.start_date)
    Speaker.objects.create(talk=talk, person=person, organization=organization)
    talk.publications.add(*publications)
    return talk


def test_person_talks_and_events_hide_drafts():
    person = PersonFactory()
    commission = OrganizationFactory(name="ЕЭК", short_name="ЕЭК")
    monograph = PublicationFactory(title="Цифровая таможня. Опыт ВТамО")
    hidden_book = PublicationFactory(title="Черновик книги", draft=True)
    meeting = EventFactory(
        title="20-е заседание",
        start_date=datetime.date(2019, 6, 18),
        end_date=datetime.date(2019, 6, 18),
    )
    draft = EventFactory(title="Черновое мероприятие", status=Visibility.DRAFT)
    school = EventFactory(title="Летняя школа")
    talk_by(
        person,
        event=meeting,
        publications=[monograph, hidden_book],
        organization=commission,
        title="Цифровая таможня",
    )
    talk_by(person, event=draft, title="Скрытый доклад")
    Participation.objects.create(event=school, person=person, role="student")
    Participation.objects.create(event=draft, person=person, role="guest")

    context = person_events_context(person)
    assert [s.talk.title for s in context["talks_given"]] == ["Цифровая таможня"]
    assert [e.title for e in context["events_attended"]] == ["Летняя школа", "20-е заседание"]
    assert [p.role for p in context["events_attended"][0].person_roles] == ["student"]

    html = render_to_string("events/includes/person_events.html", context)
    assert "Доклады и выступления" in html and "Участие в мероприятиях" in html
    assert f'href="{monograph.get_absolute_url()}">Цифровая таможня. Опыт ВТамО</a>' in html
    assert "от организации «ЕЭК»" in html
    for hidden in ("Черновое мероприятие", "Скрытый доклад", "Черновик книги"):
        assert hidden not in html


def test_person_sections_run_fixed_queries(django_assert_num_queries):
    person = PersonFactory()

    def add(count):
        for _ in range(count):
            event = EventFactory()
            talk_by(person, event=event, publications=[PublicationFactory()])
            Participation.objects.create(event=event, person=person, role="speaker")

    add(2)
    with django_assert_num_queries(4):
        render_to_string("events/includes/person_events.html", person_events_context(person))
    add(20)
    with django_assert_num_queries(4):
        html = render_to_string("events/includes/person_events.html", person_events_context(person))
    assert html.count('class="talk-summary"') == 22


def test_person_without_talks_renders_nothing():
    html = render_to_string(
        "events/includes/person_events.html", person_events_context(PersonFactory())
    )
    assert html.strip() == ""


def test_publication_presented_at_hides_draft_events(django_assert_num_queries):
    monograph = PublicationFactory()
    person = PersonFactory(family_name_cyr="Мозер", given_name_cyr="Сергей")
    meeting = EventFactory(title="20-е заседание Комитета")
    talk_by(person, event=meeting, publications=[monograph], title="Цифровая таможня. Опыт ВТамО")
    talk_by(
        person,
        event=EventFactory(status=Visibility.DRAFT, title="Скрыто"),
        publications=[monograph],
    )

    with django_assert_num_queries(2):
        context = publication_talks_context(monograph)
        html = render_to_string("events/includes/publication_talks.html", context)
    assert [talk.event for talk in context["presented_at"]] == [meeting]
    assert "Представлено на мероприятиях" in html
    assert f'href="{meeting.get_absolute_url()}">20-е заседание Комитета</a>' in html
    assert f'href="{person.get_absolute_url()}"' in html
    assert "Скрыто" not in html


def test_organisation_events_organised_hides_drafts(django_assert_num_queries):
    academy = OrganizationFactory()
    school = EventFactory(title="Летняя школа")
    school.organizers.add(academy)
    hidden = EventFactory(title="Черновик", status=Visibility.DRAFT)
    hidden.organizers.add(academy)
    with django_assert_num_queries(1):
        context = organization_events_context(academy)
        html = render_to_string("events/includes/organization_events.html", context)
    assert context["events_organised"] == [school]
    assert "Организованные мероприятия" in html and "Летняя школа" in html
    assert "Черновик" not in html


def test_an_event_the_person_spoke_at_and_attended_is_listed_once():
    person = PersonFactory()
    meeting = EventFactory(title="Заседание")
    school = EventFactory(title="Школа", start_date=datetime.date(2001, 7, 1))
    talk_by(person, event=meeting, title="Доклад")
    Participation.objects.create(event=meeting, person=person, role="guest")
    Participation.objects.create(event=school, person=person, role="student")

    attended = person_events_context(person)["events_attended"]
    assert [event.title for event in attended] == ["Заседание", "Школа"]
    assert [p.role for p in attended[0].person_roles] == ["guest"]
