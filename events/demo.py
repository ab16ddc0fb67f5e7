"""The events the seed pages describe, as structured data; nothing beyond what the seeds state.

Runs after the people and publications demos and finds their rows by the fixed slugs. A row
that is missing is reported and whatever depends on it is left out; the rest still loads.
"""

import datetime
import logging

from events.models import Event, Participation, Session, Speaker, Talk
from people.models import Organization, Person
from publications.models import Publication, Topic

logger = logging.getLogger(__name__)

SUMMER_SCHOOL = "digital-technologies-in-customs-summer-school-2021"
RKC_SERIES = "rkc-management-committee"
RKC_MEETING = "rkc-management-committee-20th-meeting"

# Participant groups of the summer school as the report lists them:
# (organisation slug or None for a group named only in words, role, note in Russian, in English).
SUMMER_SCHOOL_GROUPS = [
    (
        "federal-customs-service",
        Participation.Role.PARTICIPANT,
        "должностные лица и специалисты",
        "officials and specialists",
    ),
    (
        "eurasian-economic-commission",
        Participation.Role.PARTICIPANT,
        "представители",
        "representatives",
    ),
    (
        None,
        Participation.Role.PARTICIPANT,
        "посольства иностранных государств в Российской Федерации",
        "embassies of foreign states in the Russian Federation",
    ),
    (
        None,
        Participation.Role.PARTICIPANT,
        "представители таможенных служб иностранных государств",
        "representatives of customs services of foreign states",
    ),
    (
        None,
        Participation.Role.PARTICIPANT,
        "представительства таможенной службы России в иностранных государствах",
        "representative offices of the Russian customs service in foreign countries",
    ),
    (
        "russian-customs-academy",
        Participation.Role.PARTICIPANT,
        "научно-педагогический состав",
        "scientific and pedagogical staff",
    ),
    ("russian-customs-academy", Participation.Role.STUDENTS_HOME, "", ""),
    ("belarusian-national-technical-university", Participation.Role.STUDENTS_HOME, "", ""),
    ("uzbekistan-customs-institute", Participation.Role.STUDENTS_HOME, "", ""),
]


class Rows:
    """Rows of the other apps, looked up by slug; a missing one is reported once."""

    def __init__(self):
        self.missing = []

    def get(self, model, slug):
        row = model.objects.filter(slug=slug).first()
        if row is None:
            label = f"{model._meta.label} {slug!r}"
            if label not in self.missing:
                self.missing.append(label)
                logger.warning(
                    "Events demo: %s is missing (load the people and publications demo first); "
                    "what refers to it is left out.",
                    label,
                )
        return row


def build(loader):
    rows = Rows()
    build_summer_school(loader, rows)
    build_rkc_meeting(loader, rows)
    return rows.missing


def build_summer_school(loader, rows):
    academy = rows.get(Organization, "russian-customs-academy")
    commission = rows.get(Organization, "eurasian-economic-commission")
    mozer = rows.get(Person, "sergei-mozer")
    tkachenko = rows.get(Person, "marina-tkachenko")
    topic = rows.get(Topic, "digital-customs")

    event = loader.upsert(
        Event,
        {"slug": SUMMER_SCHOOL},
        title_ru="Международная научная летняя школа «Цифровые технологии в таможенном деле»",
        title_en="International Scientific Summer School «Digital Technologies in Customs»",
        type=Event.Type.SUMMER_SCHOOL,
        start_date=datetime.date(2021, 6, 28),
        end_date=datetime.date(2021, 7, 5),
        format="",
        description_ru=(
            "Летняя школа организована Российской таможенной академией и проводится "
            "в соответствии с Планом научной работы Российской таможенной академии на 2021 год."
        ),
        description_en=(
            "The Summer School was organised by the Russian Customs Academy and held in "
            "accordance with the Plan of Scientific Work of the Russian Customs Academy for 2021."
        ),
        **Event.public_values(),
    )
    loader.set_many(event, "organizers", [academy] if academy else [])
    loader.set_many(event, "topics", [topic] if topic else [])

    for slug, role, note_ru, note_en in SUMMER_SCHOOL_GROUPS:
        organization = rows.get(Organization, slug) if slug else None
        if slug and organization is None:
            continue
        loader.upsert(
            Participation,
            {
                "event": event,
                "person": None,
                "organization": organization,
                "role": role,
                "description_en": note_en,
            },
            description_ru=note_ru,
        )
    if mozer:
        loader.upsert(
            Participation,
            {"event": event, "person": mozer, "role": Participation.Role.SPEAKER},
            organization=commission,
        )
    if tkachenko:
        loader.upsert(
            Participation,
            {"event": event, "person": tkachenko, "role": Participation.Role.SPEAKER},
            organization=academy,
        )

    day_two = loader.upsert(
        Session,
        {"event": event, "date": datetime.date(2021, 6, 29)},
        title_ru="Использование международного опыта применения цифровых таможенных технологий",
        title_en="The use of international experience in the use of digital customs technologies",
        order=2,
    )
    lecture = loader.upsert(
        Talk,
        {
            "event": event,
            "title_en": (
                "The main approaches of the World Customs Organization to the creation of "
                "a digital customs institute"
            ),
        },
        title_ru=(
            "Основные подходы Всемирной таможенной организации к созданию института "
            "цифровой таможни"
        ),
        kind=Talk.Kind.LECTURE,
        session=day_two,
        date=day_two.date,
        order=1,
        abstract_ru=(
            "Представитель ЕЭК отметил, что развитие института цифровой таможни на основе "
            "подходов Всемирной таможенной организации ранее было предметно изучено блоком "
            "таможенного сотрудничества Комиссии в 2019 году в рамках проекта подготовки "
            "Концепции цифровой таможни в государствах — членах Евразийского экономического "
            "союза."
        ),
        abstract_en=(
            "The EEC representative noted that the development of the digital customs "
            "institute based on the approaches of the World Customs Organization had previously "
            "been substantively studied by the customs cooperation block of the Commission in "
            "2019 as part of the project for the preparation of the Concept of digital customs "
            "in the Member States of the Eurasian Economic Union."
        ),
    )
    if mozer:
        loader.upsert(Speaker, {"talk": lecture, "person": mozer}, organization=commission, order=0)

    closing = loader.upsert(
        Talk,
        {"event": event, "title_en": "Closing address"},
        title_ru="Заключительное слово",
        kind=Talk.Kind.CLOSING,
        order=99,
        abstract_ru=(
            "Проректор по научной работе Российской таможенной академии поблагодарила "
            "представителей Комиссии за участие в Международной научной летней школе и выразила "
            "пожелание продолжить взаимовыгодное сотрудничество в будущем."
        ),
        abstract_en=(
            "The Vice-Rector (for Scientific Work) of the Russian Customs Academy thanked the "
            "representatives of the Commission for their participation in the International "
            "Scientific Summer School and expressed her wish to continue mutually beneficial "
            "cooperation in the future."
        ),
    )
    if tkachenko:
        loader.upsert(
            Speaker, {"talk": closing, "person": tkachenko}, organization=academy, order=0
        )
    return event


def build_rkc_meeting(loader, rows):
    commission = rows.get(Organization, "eurasian-economic-commission")
    mozer = rows.get(Person, "sergei-mozer")
    monograph = rows.get(Publication, "digital-customs-wco-experience")

    series = loader.upsert(
        Event,
        {"slug": RKC_SERIES},
        title_ru="Комитет управления Пересмотренной Киотской конвенцией",
        title_en="Revised Kyoto Convention Management Committee",
        type=Event.Type.SERIES,
        start_date=None,
        end_date=None,
        format="",
        **Event.public_values(),
    )
    meeting = loader.upsert(
        Event,
        {"slug": RKC_MEETING},
        title_ru="20-е заседание Комитета управления Пересмотренной Киотской конвенцией",
        title_en="20th meeting of the Revised Kyoto Convention Management Committee",
        type=Event.Type.MEETING,
        start_date=datetime.date(2019, 6, 18),
        end_date=datetime.date(2019, 6, 18),
        venue_ru="Штаб-квартира Всемирной таможенной организации",
        venue_en="World Customs Organization headquarters",
        city_ru="Брюссель",
        city_en="Brussels",
        country="BE",
        format="",
        parent=series,
        **Event.public_values(),
    )
    presentation = loader.upsert(
        Talk,
        {"event": meeting, "title_en": "Digital Customs. WCO Experience"},
        title_ru="Цифровая таможня. Опыт ВТамО",
        kind=Talk.Kind.PRESENTATION,
        date=meeting.start_date,
        agenda_item_ru="VII. Обновление Руководства по ИКТ к Пересмотренной Киотской конвенции",
        agenda_item_en="VII. Update of the RKC ICT Guidelines",
        order=0,
        abstract_ru=(
            "Эксперт ЕЭК представил монографию и результаты исследования: рассказал о работе "
            "различных органов ВТамО в период с 2001 по 2019 год и оценил инструменты, "
            "разработанные для создания института цифровой таможни в государствах — членах "
            "этой международной организации."
        ),
        abstract_en=(
            "The EEC expert presented the monograph and the results of the study, described "
            "the work of various WCO bodies for the period from 2001 to 2019, and assessed the "
            "tools developed for creating the institution of digital customs in the Member "
            "States of this international organization."
        ),
    )
    if mozer:
        loader.upsert(
            Speaker, {"talk": presentation, "person": mozer}, organization=commission, order=0
        )
        loader.upsert(
            Participation,
            {"event": meeting, "person": mozer, "role": Participation.Role.SPEAKER},
            organization=commission,
        )
    loader.set_many(presentation, "publications", [monograph] if monograph else [])
    return meeting
