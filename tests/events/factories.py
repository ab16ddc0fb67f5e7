"""Factories for events, their programme, talks and participants."""

import datetime

import factory

from core.publishing import Visibility
from events.models import Event, Participation, Session, Speaker, Talk
from tests.people.factories import PersonFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Конференция {n}")
    title_en = factory.Sequence(lambda n: f"Conference {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    type = Event.Type.CONFERENCE
    start_date = datetime.date(2021, 6, 28)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=2))
    status = Visibility.PUBLISHED


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    date = factory.LazyAttribute(lambda o: o.event.start_date)
    title = factory.Sequence(lambda n: f"День {n}")


class TalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Talk

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Доклад {n}")
    kind = Talk.Kind.REPORT
    order = factory.Sequence(lambda n: n)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    talk = factory.SubFactory(TalkFactory)
    person = factory.SubFactory(PersonFactory)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = Participation.Role.PARTICIPANT


class DraftEventFactory(EventFactory):
    status = Visibility.DRAFT
