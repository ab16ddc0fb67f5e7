"""Benchmark: import 10,000 BibTeX records with their authors, on PostgreSQL.

    .venv/bin/python bench/import_bibtex.py                    # 10,000 records
    .venv/bin/python bench/import_bibtex.py --records 2000 --database postgres://…/other

Creates (or empties) the database, migrates it, puts 2,000 people (with name variants) and
1,000 publications in it, writes a BibTeX file of ``--records`` entries with one to four
authors each (existing people in their other spellings, and new names; Cyrillic, Latin and
LaTeX escapes; ISBNs, DOIs, publishers, keywords; a few duplicates of the catalogue), then
imports it as ``manage.py import_publications`` does (the whole import in one transaction),
and prints the time, the process's peak resident memory and the statements run. A second
import of the same file follows: it must change nothing.
"""

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "science_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

FAMILIES = [
    "Мозер",
    "Иванов",
    "Петров",
    "Сидоров",
    "Кузнецов",
    "Смирнов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
]
GIVEN = ["Сергей", "Иван", "Пётр", "Анна", "Мария", "Ольга", "Дмитрий", "Алексей", "Елена"]
WORDS = [
    "таможня",
    "цифровой",
    "контроль",
    "риск",
    "экспорт",
    "импорт",
    "право",
    "тариф",
    "логистика",
    "декларация",
    "стоимость",
    "происхождение",
    "санкции",
    "ВТамО",
]


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def isbn13(number):
    digits = f"978{number:09d}"
    check = (10 - sum((1 if i % 2 == 0 else 3) * int(d) for i, d in enumerate(digits)) % 10) % 10
    return f"{digits}{check}"


def ensure_database(url):
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[-1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def seed(people_count, publication_count, rng):
    from core.publishing import Visibility
    from core.text import transliterate
    from people import names
    from people.models import NameVariant, Person
    from publications.models import Publication

    people, variants = [], []
    for number in range(people_count):
        family = f"{rng.choice(FAMILIES)}{'а' if number % 7 == 0 else ''}{number}"
        given = rng.choice(GIVEN)
        person = Person(
            family_name_cyr=family,
            given_name_cyr=given,
            family_name_lat=transliterate(family),
            given_name_lat=transliterate(given),
            slug=f"bench-person-{number}",
            status=Visibility.PUBLISHED,
        )
        person.search_names = names.search_document(names.name_forms(person))
        people.append(person)
    Person.objects.bulk_create(people, batch_size=1000)
    for person in people[::3]:
        variants.append(
            NameVariant(
                person=person,
                name=f"{person.family_name_lat} {person.given_name_lat[0]}.",
                search_key="",
            )
        )
    NameVariant.objects.bulk_create(variants, batch_size=1000)
    publications = [
        Publication(
            type="monograph",
            title_ru=f"Существующая книга {n} о {rng.choice(WORDS)}",
            title_en="",
            year=2000 + n % 25,
            isbn=isbn13(900000 + n),
            slug=f"bench-existing-{n}",
            status=Visibility.PUBLISHED,
            published_at="2024-01-01T00:00:00Z",
        )
        for n in range(publication_count)
    ]
    Publication.objects.bulk_create(publications, batch_size=1000)
    return people


def bibtex(records, people, rng):
    entries = []
    for n in range(records):
        authors = []
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.6:
                person = rng.choice(people)
                style = rng.random()
                if style < 0.3:
                    authors.append(f"{person.family_name_cyr}, {person.given_name_cyr[0]}.")
                elif style < 0.6:
                    authors.append(f"{person.family_name_lat}, {person.given_name_lat}")
                else:
                    authors.append(f"{person.given_name_lat[0]}. {person.family_name_lat}")
            else:
                authors.append(f'M{{\\"u}}ller{n % 900}, J{{\\"o}}rg')
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" {n}"
        kind = "book" if n % 3 else "article"
        fields = [
            f"  author = {{{' and '.join(authors)}}}",
            f"  title = {{{title}}}",
            f"  year = {{{2000 + n % 25}}}",
            f"  publisher = {{Издательство {n % 40}}}",
            f"  keywords = {{{rng.choice(WORDS)}, {rng.choice(WORDS)}}}",
            f"  abstract = {{{' '.join(rng.choice(WORDS) for _ in range(60))}}}",
            "  langid = {russian}",
        ]
        if kind == "book":
            number = 900000 + n if n % 500 == 1 else 100000 + n  # a few are the catalogue's
            fields.append(f"  isbn = {{{isbn13(number)}}}")
        else:
            fields += [
                f"  journal = {{Вестник {n % 20}}}",
                f"  doi = {{10.5555/bench.{n}}}",
                f"  pages = {{{n % 50 + 1}--{n % 50 + 12}}}",
            ]
        entries.append(f"@{kind}{{bench{n},\n" + ",\n".join(fields) + "\n}\n")
    return "\n".join(entries).encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--publications", type=int, default=1_000)
    parser.add_argument(
        "--database",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_import_bench"),
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database
    ensure_database(args.database)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from publications.importing import service

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(12)
    people = seed(args.people, args.publications, rng)
    data = bibtex(args.records, people, rng)
    print(
        f"{args.records} records, {len(data) / 2**20:.1f} MB of BibTeX; "
        f"{args.people} people and {args.publications} publications already there"
    )

    before = rss_mb()
    reset_queries()
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        _parsed, plan, report = service.import_file(data=data, name="bench.bib", chunk=500)
    elapsed = time.monotonic() - started
    counts = plan.counts()
    print(
        f"First import:  {elapsed:.1f} s, peak RSS {rss_mb():.0f} MB (was {before:.0f} MB "
        f"before), {len(queries)} statements"
    )
    print(
        f"  created {len(report.created)}, duplicates left {counts['skip']}, refused "
        f"{len(report.errors)}, new people {len(report.new_people)}, "
        f"new publishers {len(report.new_organizations)}"
    )

    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        _parsed, _plan, again = service.import_file(data=data, name="bench.bib", chunk=500)
    print(
        f"Second import: {time.monotonic() - started:.1f} s, {len(queries)} statements; "
        f"changed nothing: {again.changed_nothing} ({again.unchanged} unchanged)"
    )


if __name__ == "__main__":
    main()
