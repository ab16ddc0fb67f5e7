"""Demo publications from the seed pages: the 2019 monograph and the 2021 collection."""

import datetime
import hashlib
import zoneinfo

from django.core.files.base import ContentFile

from people.models import Organization, Person
from publications import services
from publications.models import Authorship, Publication, Publisher, Topic
from publications.pdf import simple_pdf

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
