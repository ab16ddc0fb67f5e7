"""Demo publications from the seed pages: the 2019 monograph and the 2021 collection."""

import datetime
import hashlib
import zoneinfo

from django.core.files.base import ContentFile

from people.models import Organization, Person
from publications import services
from publications.models import Authorship, Publication, Publisher, Topic, UsageDay, UsageEvent
from publications.pdf import simple_pdf
from publications.usage import aggregate, chart
from publications.usage.events import INVESTIGATION, REQUEST

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")

TOPIC = {
    "slug": "digital-customs",
    "name_ru": "Цифровая таможня",
    "name_en": "Digital customs",
    "description_ru": (
        "Формирование института электронной и цифровой таможни во Всемирной таможенной "
        "организации: Концепция цифровой таможни, Модель зрелости цифровой таможни, "
        "Программа работы ВТамО по цифровой таможне."
    ),
    "description_en": (
        "The formation of the institution of electronic and digital customs in the World "
        "Customs Organization: the Digital Customs Concept, the Digital Customs Maturity Model, "
        "the WCO Digital Customs Work Program."
    ),
}

PUBLICATIONS = [
    {
        "slug": "digital-customs-wco-experience",
        "type": Publication.Type.MONOGRAPH,
        "title_ru": "Цифровая таможня. Опыт ВТамО",
        "title_en": "Digital Customs. WCO Experience",
        "year": 2019,
        "published_at": datetime.datetime(2019, 6, 1, 12, 0, tzinfo=MOSCOW),
        "publishers": ["wco-regional-training-center", "russian-customs-academy"],
        "abstract_ru": (
            "В монографии представлены исторические и современные факты формирования "
            "института электронной и цифровой таможни во Всемирной таможенной организации. "
            "Анализируются различные направления деятельности рабочих органов ВТамО по "
            "развитию цифровой таможни. Уделено внимание вопросам подготовки Концепции "
            "цифровой таможни, Модели зрелости цифровой таможни и Программы работы ВТамО по "
            "цифровой таможне. Автор исследует вопросы соотношения анализируемого института с "
            "различными инструментами таможенного регулирования, которые создаются "
            "международным таможенным сообществом во Всемирной таможенной организации."
        ),
        "abstract_en": (
            "The monograph represents historical and current facts of the formation of the "
            "institution of electronic and digital customs in the World Customs Organization. "
            "It analyzes various activities of the WCO working bodies for the development of "
            "digital customs. Attention is paid to the issues related to preparation of the "
            "Digital Customs Concept, the Digital Customs Maturity Model, and the WCO Digital "
            "Customs Work Program. The author investigates the issues of correlating the "
            "analyzed institution with various instruments of customs regulation which are "
            "created by the international customs community in the World Customs Organization."
        ),
        "file_name": "Цифровая таможня. Опыт ВТамО.pdf",
    },
    {
        "slug": "development-of-the-institute-of-digital-customs",
        "type": Publication.Type.COLLECTION,
        "title_ru": "Развитие института цифровой таможни: международно-правовой аспект",
        "title_en": "Development of the Institute of Digital Customs: International Legal Aspect",
        "year": 2021,
        "published_at": datetime.datetime(2021, 12, 1, 12, 0, tzinfo=MOSCOW),
        "publishers": ["russian-customs-academy"],
        "abstract_ru": (
            "Сборник содержит научные статьи автора, опубликованные в 2019–2020 годах, "
            "которые раскрывают исторические и современные факты формирования института "
            "электронной и цифровой таможни во Всемирной таможенной организации (ВТамО). "
            "Анализируются различные направления деятельности рабочих органов ВТамО по "
            "развитию цифровой таможни. Уделено внимание вопросам подготовки Концепции "
            "цифровой таможни, Модели зрелости цифровой таможни, Программы работы ВТамО по "
            "цифровой таможне. Автор исследует вопрос соотношения анализируемого института с "
            "различными инструментами таможенного регулирования, которые создаются "
            "международным таможенным сообществом во Всемирной таможенной организации.\n\n"
            "Издание может быть полезно широкому кругу специалистов в области международного "
            "таможенного сотрудничества и совершенствования таможенного регулирования на основе "
            "международных стандартов."
        ),
        "abstract_en": (
            "The collection contains the author's scientific articles published in the period "
            "2019–2020, which reveal the historical and modern facts of the formation of the "
            "institute of electronic and digital customs in the World Customs Organization "
            "(WCO). It analyzes various areas of activity of the WCO working bodies for the "
            "development of digital customs. Attention is paid to the issues related to the "
            "preparation of the Digital Customs Concept, the Digital Customs Maturity Model, "
            "the Digital Customs Work Program of the World Customs Organization. The author "
            "investigates the issue of correlating the analyzed institution with various "
            "instruments of customs regulation, which are created by the international customs "
            "community in the World Customs Organization.\n\n"
            "The publication can be useful to a wide range of specialists in the field of "
            "international customs cooperation and improving customs regulation based on "
            "international standards."
        ),
        "file_name": "Развитие института цифровой таможни.pdf",
    },
]

AUTHOR_SLUG = "sergei-mozer"

# Use of the demo publications in each of the last twelve complete months, oldest first, so
# that their pages and the statistics pages have figures and a chart to show.
USAGE = {
    "digital-customs-wco-experience": {
        "views": [6, 4, 7, 5, 9, 3, 2, 6, 8, 7, 10, 9],
        "opens": [3, 2, 5, 4, 6, 1, 1, 3, 7, 4, 8, 6],
    },
    "development-of-the-institute-of-digital-customs": {
        "views": [3, 2, 4, 5, 3, 1, 2, 4, 6, 5, 7, 6],
        "opens": [1, 2, 1, 3, 2, 0, 1, 2, 3, 4, 3, 5],
    },
}
USAGE_MONTHS = 12


def demo_pdf(entry):
    """A small valid PDF standing in for the full text (the same bytes on every run)."""
    return simple_pdf(
        [
            entry["title_en"],
            f"Sergei Mozer, {entry['year']}",
            "",
            "Russian Customs Academy: SCIENCE - demonstration file.",
            "The full text of the publication is not included in the demo content.",
        ]
    )


def build(loader):
    topic = loader.upsert(
        Topic,
        {"slug": TOPIC["slug"]},
        **{key: value for key, value in TOPIC.items() if key != "slug"},
        featured=True,
        **Topic.public_values(),
    )
    author = Person.objects.get(slug=AUTHOR_SLUG)
    for entry in PUBLICATIONS:
        publication = loader.upsert(
            Publication,
            {"slug": entry["slug"]},
            type=entry["type"],
            title_ru=entry["title_ru"],
            title_en=entry["title_en"],
            year=entry["year"],
            abstract_ru=entry["abstract_ru"],
            abstract_en=entry["abstract_en"],
            **Publication.public_values(entry["published_at"]),
        )
        loader.upsert(
            Authorship,
            {"publication": publication, "person": author, "role": Authorship.Role.AUTHOR},
            order=0,
        )
        for order, slug in enumerate(entry["publishers"]):
            loader.upsert(
                Publisher,
                {"publication": publication, "organization": Organization.objects.get(slug=slug)},
                order=order,
            )
        loader.set_many(publication, "topics", [topic])
        _ensure_file(loader, publication, entry)
    record_usage(loader)


def _ensure_file(loader, publication, entry):
    """Attach the demo PDF once: a file with the same checksum means it is already there."""
    data = demo_pdf(entry)
    if publication.files.filter(sha256=hashlib.sha256(data).hexdigest()).exists():
        return
    upload = ContentFile(data, name=entry["file_name"])
    created = services.add_file(
        publication=publication,
        upload=upload,
        label_ru="Полный текст (демонстрационный файл)",
        label_en="Full text (demonstration file)",
        language="",
    )
    loader.created.append(created)


def record_usage(loader, *, today=None):
    """Record the demo publications' use (``USAGE``) as visits would, and count it by the
    portal's own rules, once: a site whose demo publications have counted use keeps its own."""
    publications = {p.slug: p for p in Publication.objects.filter(slug__in=USAGE)}
    if not publications or UsageDay.objects.filter(publication__in=publications.values()).exists():
        return
    months = chart.month_starts(USAGE_MONTHS + 1, today=today)[:-1]
    events = []
    for slug, publication in publications.items():
        file = publication.files.order_by("order", "pk").first()
        uses = zip(months, USAGE[slug]["views"], USAGE[slug]["opens"], strict=True)
        for month, views, opens in uses:
            for number in range(views + opens):
                opened = number >= views and file is not None
                # Each use by a visitor of its own, on a day of its own: no double clicks.
                visitor = hashlib.sha256(f"demo {slug} {month} {number}".encode()).hexdigest()
                day = month.replace(day=1 + number % 28)
                events.append(
                    UsageEvent(
                        time=datetime.datetime.combine(day, datetime.time(12), MOSCOW),
                        publication=publication,
                        file=file if opened else None,
                        action=REQUEST if opened else INVESTIGATION,
                        visitor=visitor,
                        session=visitor,
                    )
                )
    UsageEvent.objects.bulk_create(events)
    aggregate.aggregate()
    loader.created += list(UsageDay.objects.filter(publication__in=publications.values()))
