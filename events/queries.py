"""Read-side queries of events: the event page, and the sections other pages include.

Every function here returns public rows only (published events, people, organisations and
publications) and runs a fixed number of SQL queries whatever the number of rows.
"""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q

from events.models import Event, Participation, Session, Speaker, Talk
from people.models import Organization, Person
from publications.models import Publication, Topic

# The order in which the event page lists people and organisations by role.
ROLE_ORDER = [
    Participation.Role.ORGANIZER,
    Participation.Role.SPEAKER,
    Participation.Role.MODERATOR,
    Participation.Role.PARTICIPANT,
    Participation.Role.DELEGATION,
    Participation.Role.PARTNER,
    Participation.Role.STUDENT,
    Participation.Role.STUDENTS_HOME,
    Participation.Role.GUEST,
]


def published_publications():
    return Publication.objects.published().order_by("-year", "title")


def presented_at(event):
    """The published publications presented in the event's talks (each once): what the event
    page lists under "Publications presented"."""
    presented = Talk.publications.through.objects.filter(talk__event=event).values("publication")
    return Publication.objects.published().filter(pk__in=presented)


def talks_with_details():
    """Talks with their speakers (in order) and the published publications they present."""
    speakers = Speaker.objects.select_related("person", "organization").order_by("order", "pk")
    return Talk.objects.prefetch_related(
        Prefetch("speakers", queryset=speakers),
        Prefetch("publications", queryset=published_publications()),
    )


@dataclass
class ProgrammeSession:
    session: Session
    talks: list = field(default_factory=list)


@dataclass
class ProgrammeDay:
    date: object
    number: int | None
    sessions: list = field(default_factory=list)
    talks: list = field(default_factory=list)  # talks of the day outside any session


@dataclass
class Programme:
    days: list
    undated: list  # talks whose date is not known

    def __bool__(self):
        return bool(self.days or self.undated)

    @property
    def talks(self):
        found = []
        for day in self.days:
            for entry in day.sessions:
                found += entry.talks
            found += day.talks
        return found + self.undated


def build_programme(event, sessions, talks):
    """Arrange sessions and talks by day, in order: sessions first, then the day's other talks."""
    days = {}

    def day(date):
        if date not in days:
            days[date] = ProgrammeDay(date=date, number=event.day_number(date))
        return days[date]

    entries = {}
    for session in sessions:
        entries[session.pk] = ProgrammeSession(session=session)
        day(session.date).sessions.append(entries[session.pk])
    undated = []
    for talk in sorted(talks, key=lambda t: (t.order, t.pk)):
        if talk.session_id in entries:
            entries[talk.session_id].talks.append(talk)
        elif talk.date is not None:
            day(talk.date).talks.append(talk)
        else:
            undated.append(talk)
    return Programme(days=[days[date] for date in sorted(days)], undated=undated)


def event_page(event):
    """Everything the event page shows beyond the event row: four or five queries."""
    sessions = list(event.sessions.order_by("date", "order", "start_time", "pk"))
    talks = list(talks_with_details().filter(event=event))
    programme = build_programme(event, sessions, talks)

    participations = public_participations(event.participations.all())
    people, organisations = group_participations(participations)

    presented = []
    for talk in programme.talks:
        for publication in talk.publications.all():
            if publication not in presented:
                presented.append(publication)

    return {
        "programme": programme,
        "people_by_role": people,
        "organizations_by_role": organisations,
        "presented_publications": presented,
        "related_events": related_events(event),
    }


def public_participations(queryset=None):
    """Participations whose person and organisation, where named, are published (in order)."""
    queryset = Participation.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("person", "organization")
        .filter(Q(person__isnull=True) | Person.public_q("person__"))
        .filter(Q(organization__isnull=True) | Organization.public_q("organization__"))
        .order_by("order", "pk")
    )


def group_participations(participations):
    """People by role, and organisations (or groups) by role, each in ROLE_ORDER."""
    people, organisations = {}, {}
    for participation in participations:
        target = people if participation.is_person else organisations
        target.setdefault(participation.role, []).append(participation)

    def ordered(groups):
        return [
            {"role": role, "label": Participation.Role(role).label, "items": groups[role]}
            for role in ROLE_ORDER
            if role in groups
        ]

    return ordered(people), ordered(organisations)


def published_organisers():
    """The organisers of events, published ones only, for any list of event cards."""
    return Prefetch("organizers", queryset=Organization.objects.published().order_by("name"))


def published_topics():
    return Prefetch("topics", queryset=Topic.objects.published().order_by("name"))


def related_events(event):
    """The published series the event is part of, its parts, and its siblings in the series."""
    parent = event.parent if event.parent_id and event.parent.is_published else None
    condition = Q(parent_id=event.pk)
    if parent is not None:
        condition |= Q(parent_id=parent.pk)
    rows = list(
        Event.objects.published()
        .filter(condition)
        .exclude(pk=event.pk)
        .prefetch_related(published_organisers())
        .order_by("-start_date", "-pk")
    )
    return {
        "parent": parent,
        "children": [row for row in rows if row.parent_id == event.pk],
        "siblings": [row for row in rows if parent is not None and row.parent_id == parent.pk],
    }


# Sections other pages include -------------------------------------------------------------


def person_events_context(person):
    """For a person's page: ``talks_given`` and ``events_attended`` (four queries).

    ``talks_given``: Speaker rows (``.talk``, ``.talk.event``, ``.organization`` spoken for,
    ``.talk.publications.all`` published only), newest event first.
    ``events_attended``: published events the person spoke at or took part in, newest first,
    each with ``.person_roles``: that person's Participation rows at the event.
    """
    talks_given = list(
        Speaker.objects.filter(Event.public_q("talk__event__"), person=person)
        .select_related("talk__event", "talk__session", "organization")
        .prefetch_related(Prefetch("talk__publications", queryset=published_publications()))
        .order_by("-talk__event__start_date", "talk__date", "talk__order", "talk__pk")
    )
    roles = Prefetch(
        "participations",
        queryset=Participation.objects.filter(person=person)
        .select_related("organization")
        .order_by("order", "pk"),
        to_attr="person_roles",
    )
    # The events the person spoke at are known from the talks: the query looks up the others
    # by id (an OR of two joins read every talk and speaker: 27 ms at 5,000 events).
    spoke_at = {speaker.talk.event_id for speaker in talks_given}
    took_part = Participation.objects.filter(person=person).values("event")
    events_attended = list(
        Event.objects.published()
        .filter(Q(pk__in=took_part) | Q(pk__in=spoke_at))
        .prefetch_related(roles)
        .order_by("-start_date", "-pk")
    )
    return {"talks_given": talks_given, "events_attended": events_attended}


def publication_talks_context(publication):
    """For a publication's page: ``presented_at``, the talks presenting it (two queries).

    Each talk has ``.event`` (published) and ``.speakers.all`` (with ``.person``), earliest first.
    """
    speakers = Speaker.objects.select_related("person", "organization").order_by("order", "pk")
    presented_at = list(
        Talk.objects.filter(Event.public_q("event__"), publications=publication)
        .select_related("event", "session")
        .prefetch_related(Prefetch("speakers", queryset=speakers))
        .order_by("event__start_date", "date", "order", "pk")
    )
    return {"presented_at": presented_at}


def topic_events_context(topic, limit=10):
    """For a topic's page: ``events``, the latest published events on it (one query)."""
    events = Event.objects.published().filter(topics=topic).order_by("-start_date", "-pk")
    return {"events": list(events[:limit])}


def organization_events_context(organization):
    """For an organisation's page: ``events_organised``, published, newest first (one query)."""
    events_organised = list(
        Event.objects.published().filter(organizers=organization).order_by("-start_date", "-pk")
    )
    return {"events_organised": events_organised}


def conferences_of(publication_ids):
    """{publication id: the published conference where it was presented}, the earliest when
    several: what a harvester gives as the conference of a paper or of proceedings. One query.
    """
    talks = (
        Talk.objects.filter(
            publications__in=publication_ids,
            event__in=Event.objects.published().filter(type=Event.Type.CONFERENCE),
        )
        .select_related("event")
        .annotate(publication_id=F("publications"))
        .order_by("event__start_date", "event_id")
    )
    found = {}
    for talk in talks:
        found.setdefault(talk.publication_id, talk.event)
    return found
