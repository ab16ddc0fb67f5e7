"""Fill a PostgreSQL database with realistic volume for the search benchmark.

Run from the project root against a database of its own (never the test databases):

    createdb -h 127.0.0.1 -U postgres bench_search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \\
        .venv/bin/python bench/search_data.py [--publications 100000] [--seed 1]

It migrates the database, empties the portal's tables, then writes with bulk operations:
100,000 publications (titles, abstracts and keywords in Russian and English built from a
customs vocabulary with a Zipf-like spread, 5% drafts), 20,000 people with one or two name
variants each, authorships (1–4 per publication), 50 topics, 500 organisations as
publishers, 5,000 events with talks and speakers, and extracted text for a tenth of the
publications (files public, embargoed or staff-only). Then it builds the search index with
``science_portal.search.index.rebuild()`` and prints how long each step took.
"""

import argparse
import datetime
import hashlib
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "science_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.publishing import Visibility  # noqa: E402
from events.models import Event, Speaker, Talk  # noqa: E402
from people import names  # noqa: E402
from people.models import NameVariant, Organization, Person  # noqa: E402
from people.services import refresh_all_search_names  # noqa: E402
from publications.models import (  # noqa: E402
    Authorship,
    Publication,
    PublicationFile,
    Publisher,
    Topic,
)
from science_portal.models import ExtractedText  # noqa: E402
from science_portal.search import index  # noqa: E402


def words_of(text):
    """The words of a block of text (keeps the word lists below readable)."""
    return text.split()


# Words of the field, in the forms titles use; earlier words are more frequent (Zipf-like).
RU_WORDS = words_of(
    """
таможенный таможенного таможенное таможенные таможенных таможня таможни таможне
цифровой цифровая цифровые цифровых цифровизация контроль контроля регулирование
регулирования администрирование администрирования союз союза евразийский евразийского
экономический экономического право права правовой правовые международный международного
опыт опыта развитие развития институт института технологии технологий информационные
система системы управление управления риск рисков анализ анализа оценка оценки товаров
товары декларирование декларирования платежи платежей пошлины пошлин стоимость стоимости
происхождение происхождения классификация классификации номенклатура статистика
внешнеэкономической деятельности участников граница границы пункт пропуска логистика
перевозки транзит транзита кодекс кодекса законодательство законодательства конвенция
конвенции киотской пересмотренной организация всемирной сотрудничество сотрудничества
интеграция интеграции безопасность безопасности экспорт импорт санкции правонарушения
ответственность административная уголовная преступления контрабанда маркировка
прослеживаемость электронная электронное электронной декларация декларации платформа
искусственный интеллект блокчейн данные данных большие автоматизация автоматический
выпуск выпуска очистка сроки проверка проверки после аудит экспертиза лаборатория
подготовка кадров образование обучение академия компетенции стратегия стратегии
"""
)
EN_WORDS = words_of(
    """
customs digital control regulation administration union eurasian economic law legal
international experience development institute technology technologies information
system systems management risk risks analysis assessment goods declaration payments
duties value origin classification nomenclature statistics foreign trade participants
border crossing logistics transport transit code legislation convention kyoto revised
organization world cooperation integration security export import sanctions offences
liability administrative criminal smuggling labelling traceability electronic platform
artificial intelligence blockchain data big automation automatic release clearance time
post audit expertise laboratory training staff education academy competences strategy
"""
)
# Rare words: each appears in a handful of publications only (the "rare word" queries).
RARE_RU = ["дирижабль", "аэростат", "гобелен", "метрология", "фумигация"]
RARE_EN = ["zeppelin", "tapestry", "fumigation", "bathymetry", "heliography"]
FAMILY = words_of(
    """
Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов
Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев
Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв
Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков
Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров
Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов
Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов
Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин
Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв
Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев
Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ефремов Архипов
Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков Горбунов
Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров Симонов
Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронов Аксёнов Софронов Мальцев
Логинов Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Демин
Хохлов Жданов Ткаченко Мозер Шевченко Бондаренко Коваленко Кравченко Олейник
"""
)
GIVEN = words_of(
    """Александр Алексей Андрей Антон Артём Борис Вадим Василий Виктор Владимир Дмитрий
Евгений Иван Игорь Константин Максим Михаил Николай Олег Павел Пётр Роман Сергей
Станислав Юрий Анна Мария Елена Ольга Наталья Татьяна Ирина Светлана Марина Юлия"""
)
FEMININE = set(GIVEN[-10:])
CITIES = [
    ("Москва", "Moscow"),
    ("Санкт-Петербург", "Saint Petersburg"),
    ("Брюссель", "Brussels"),
    ("Минск", "Minsk"),
    ("Ташкент", "Tashkent"),
    ("Люберцы", "Lyubertsy"),
]


def zipf_choice(rng, words, k):
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(words))]
    return rng.choices(words, weights=weights, k=k)


def sentence(rng, words, low, high):
    chosen = zipf_choice(rng, words, rng.randint(low, high))
    return " ".join(chosen).capitalize()


def latin(name):
    return names.transliterate(name.lower()).capitalize()


def feminine(family, given):
    if given in FEMININE and family.endswith(("ов", "ев", "ёв", "ин")):
        return family + "а"
    return family


class Timer:
    def __init__(self):
        self.started = time.monotonic()
        self.last = self.started

    def step(self, label):
        now = time.monotonic()
        print(f"  {label:<40} {now - self.last:7.1f} s", flush=True)
        self.last = now


def empty_tables():
    tables = [
        model._meta.db_table
        for model in (
            ExtractedText,
            Speaker,
            Talk,
            Event.topics.through,
            Event.organizers.through,
            Event,
            PublicationFile,
            Publisher,
            Authorship,
            Publication.topics.through,
            Publication,
            Topic,
            NameVariant,
            Person,
            Organization,
        )
    ]
    from science_portal.models import SearchDocument, SearchTerm

    tables += [SearchDocument._meta.db_table, SearchTerm._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")


def make_people(rng, count):
    people, variants = [], []
    for n in range(count):
        given = rng.choice(GIVEN)
        family = feminine(rng.choice(FAMILY), given)
        patronymic = rng.choice(GIVEN[:25]) + ("овна" if given in FEMININE else "ович")
        people.append(
            Person(
                family_name_cyr=family,
                given_name_cyr=given,
                patronymic_cyr=patronymic,
                family_name_lat=latin(family),
                given_name_lat=latin(given),
                slug=f"bench-person-{n}",
                status=Visibility.DRAFT if n % 50 == 0 else Person.public_values()["status"],
                family_initial_cyr=family[0],
                family_initial_lat=latin(family)[0],
            )
        )
    Person.objects.bulk_create(people, batch_size=5000)
    # The demo's author, with the spellings of the seed pages.
    mozer = people[0]
    Person.objects.filter(pk=mozer.pk).update(
        family_name_cyr="Мозер",
        given_name_cyr="Сергей",
        family_name_lat="Mozer",
        given_name_lat="Sergei",
        **Person.public_values(),
        slug="sergei-mozer",
    )
    mozer.family_name_cyr, mozer.given_name_cyr = "Мозер", "Сергей"
    mozer.family_name_lat, mozer.given_name_lat = "Mozer", "Sergei"
    for person in people:
        forms = [f"{person.family_name_lat} {person.given_name_lat[0]}."]
        if rng.random() < 0.5:
            swapped = person.family_name_lat.replace("ev", "iev").replace("s", "z")
            forms.append(f"{person.given_name_lat} {swapped}")
        for form in forms:
            variants.append(
                NameVariant(person=person, name=form, search_key=names.search_key(form))
            )
    variants += [
        NameVariant(person=mozer, name=form, search_key=names.search_key(form))
        for form in ("Sergei Moser", "Moser S.")
    ]
    NameVariant.objects.bulk_create(variants, batch_size=5000, ignore_conflicts=True)
    return [p.pk for p in people if p.is_published] + [mozer.pk]


def make_topics_and_organizations(rng):
    topics = Topic.objects.bulk_create(
        [
            Topic(
                name_ru=sentence(rng, RU_WORDS, 2, 3),
                name_en=sentence(rng, EN_WORDS, 2, 3),
                slug=f"bench-topic-{n}",
                **Topic.public_values(),
            )
            for n in range(50)
        ]
    )
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                name_ru=sentence(rng, RU_WORDS, 3, 5),
                name_en=sentence(rng, EN_WORDS, 3, 5),
                slug=f"bench-org-{n}",
                **Organization.public_values(),
            )
            for n in range(500)
        ]
    )
    return [t.pk for t in topics], [o.pk for o in organizations]


TYPES = [t for t, _label in Publication.Type.choices]


def make_publications(rng, count, people, topics, organizations):
    now = timezone.now()
    rare_every = max(count // 20, 1)
    for start in range(0, count, 5000):
        batch = []
        for n in range(start, min(start + 5000, count)):
            title_ru = sentence(rng, RU_WORDS, 4, 10)
            title_en = sentence(rng, EN_WORDS, 4, 10)
            abstract_ru = ". ".join(sentence(rng, RU_WORDS, 8, 14) for _ in range(4))
            abstract_en = ". ".join(sentence(rng, EN_WORDS, 8, 14) for _ in range(4))
            if n % rare_every == 0:
                abstract_ru += " " + rng.choice(RARE_RU)
                abstract_en += " " + rng.choice(RARE_EN)
            draft = n % 20 == 7
            batch.append(
                Publication(
                    type=rng.choice(TYPES),
                    title_ru=title_ru,
                    title_en=title_en,
                    slug=f"bench-publication-{n}",
                    abstract_ru=abstract_ru,
                    abstract_en=abstract_en,
                    keywords_ru=", ".join(zipf_choice(rng, RU_WORDS, 4)),
                    keywords_en=", ".join(zipf_choice(rng, EN_WORDS, 4)),
                    language=rng.choices(["ru", "en", "fr", "zh"], weights=[70, 25, 3, 2])[0],
                    year=rng.randint(1995, 2025),
                    **(
                        {}
                        if draft
                        else Publication.public_values(
                            now - datetime.timedelta(days=rng.randint(1, 3000))
                        )
                    ),
                )
            )
        Publication.objects.bulk_create(batch)
        authorships, links, publishers = [], [], []
        for publication in batch:
            for order, person in enumerate(rng.sample(people, rng.randint(1, 4))):
                authorships.append(
                    Authorship(publication=publication, person_id=person, order=order)
                )
            for topic in rng.sample(topics, rng.randint(1, 2)):
                links.append(
                    Publication.topics.through(publication_id=publication.pk, topic_id=topic)
                )
            publishers.append(
                Publisher(publication=publication, organization_id=rng.choice(organizations))
            )
        Authorship.objects.bulk_create(authorships, batch_size=10000)
        Publication.topics.through.objects.bulk_create(links, batch_size=10000)
        Publisher.objects.bulk_create(publishers, batch_size=10000)
    # The demo's monograph, by Sergei Mozer.
    first = Publication.objects.order_by("pk").first()
    Publication.objects.filter(pk=first.pk).update(
        title_ru="Цифровая таможня. Опыт ВТамО",
        title_en="Digital customs: the WCO experience",
        type=Publication.Type.MONOGRAPH,
        year=2019,
        slug="digital-customs-wco-experience",
        **Publication.public_values(now),
    )
    Authorship.objects.filter(publication=first).delete()
    Authorship.objects.create(publication=first, person_id=people[-1], order=0)


def make_events(rng, count, people, organizations):
    start = datetime.date(2005, 1, 1)
    events = []
    for n in range(count):
        day = start + datetime.timedelta(days=rng.randint(0, 7000))
        city = rng.choice(CITIES)
        events.append(
            Event(
                title_ru=sentence(rng, RU_WORDS, 4, 8),
                title_en=sentence(rng, EN_WORDS, 4, 8),
                slug=f"bench-event-{n}",
                description_ru=". ".join(sentence(rng, RU_WORDS, 8, 14) for _ in range(3)),
                description_en=". ".join(sentence(rng, EN_WORDS, 8, 14) for _ in range(3)),
                type=rng.choice(["conference", "seminar", "summer_school", "lecture", "meeting"]),
                start_date=day,
                end_date=day + datetime.timedelta(days=rng.randint(0, 5)),
                city_ru=city[0],
                city_en=city[1],
                **Event.public_values(),
            )
        )
    Event.objects.bulk_create(events, batch_size=5000)
    talks = []
    for event in events:
        for order in range(2):
            talks.append(
                Talk(
                    event=event,
                    title_ru=sentence(rng, RU_WORDS, 4, 8),
                    title_en=sentence(rng, EN_WORDS, 4, 8),
                    order=order,
                )
            )
    Talk.objects.bulk_create(talks, batch_size=5000)
    Speaker.objects.bulk_create(
        [Speaker(talk=talk, person_id=rng.choice(people)) for talk in talks], batch_size=10000
    )
    Event.organizers.through.objects.bulk_create(
        [
            Event.organizers.through(event_id=event.pk, organization_id=rng.choice(organizations))
            for event in events
        ],
        batch_size=10000,
    )


def make_files(rng, share):
    ids = list(
        Publication.objects.filter(Publication.scheduled_or_public_q())
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(ids, int(len(ids) * share))
    today = datetime.date.today()
    for offset in range(0, len(chosen), 2000):
        files, texts = [], []
        for publication_id in chosen[offset : offset + 2000]:
            access = rng.choices(["public", "embargoed", "staff"], weights=[85, 10, 5])[0]
            embargo = (
                today + datetime.timedelta(days=rng.randint(-400, 400))
                if access == "embargoed"
                else None
            )
            name = f"publications/files/bench-{publication_id}.pdf"
            sha = hashlib.sha256(name.encode()).hexdigest()
            files.append(
                PublicationFile(
                    publication_id=publication_id,
                    file=name,
                    original_name="full-text.pdf",
                    size=1_000_000,
                    sha256=sha,
                    mime_type="application/pdf",
                    access=access,
                    embargo_until=embargo,
                )
            )
        PublicationFile.objects.bulk_create(files)
        for file in files:
            words = RU_WORDS if rng.random() < 0.7 else EN_WORDS
            paragraphs = [sentence(rng, words, 10, 20) for _ in range(rng.randint(20, 60))]
            if rng.random() < 0.01:
                paragraphs.append("В приложении описан случай с дирижаблем и стратостатом.")
            texts.append(
                ExtractedText(
                    file_id=file.pk,
                    version=index.file_version(file),
                    text=". ".join(paragraphs),
                    pages=len(paragraphs) // 5,
                )
            )
        ExtractedText.objects.bulk_create(texts, batch_size=1000)
    return len(chosen)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--publications", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--file-share", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL database of its own, e.g. bench_search.")
    if connection.settings_dict["NAME"].startswith(("test_", "h_")):
        sys.exit("Refusing to fill what looks like a test database.")
    rng = random.Random(args.seed)
    timer = Timer()
    call_command("migrate", verbosity=0)
    timer.step("migrate")
    with transaction.atomic():
        empty_tables()
        people = make_people(rng, args.people)
        # bulk_create skips the signals that keep the name keys: the admin's name search
        # and the people filter read them.
        refresh_all_search_names()
        timer.step(f"{args.people} people with variants and name keys")
        topics, organizations = make_topics_and_organizations(rng)
        make_publications(rng, args.publications, people, topics, organizations)
        timer.step(f"{args.publications} publications, authors, topics")
        make_events(rng, args.events, people, organizations)
        timer.step(f"{args.events} events, talks, speakers")
        files = make_files(rng, args.file_share)
        timer.step(f"{files} files with extracted text")
    # Fresh tables have no statistics until autovacuum comes by: without them the planner
    # picks nested loops for the index's prefetches (seconds per chunk instead of ms).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timer.step("analyze")
    index.rebuild(extract_files=False, progress=lambda m: timer.step(f"index: {m}"))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    timer.step("vacuum analyze")
    print(f"Done in {time.monotonic() - timer.started:.0f} s.")


if __name__ == "__main__":
    main()
