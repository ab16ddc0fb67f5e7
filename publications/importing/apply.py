"""Doing what a plan says, in bulk: people, organisations and topics made once, publications
and their links written with ``bulk_create`` a chunk at a time, no query per record.

Imported publications arrive in review (the curators' queue), never public; the people,
publishers and topics an import has to make are drafts. ``run()`` writes everything in one
transaction, or, with ``chunk``, one transaction per chunk: a job that stops half-way is
simply run again, since every record written carries its fingerprint (``ImportedRecord``) and
is left alone the second time.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.publishing import Visibility
from core.text import has_cyrillic, slug_for
from people import names as people_names
from people.models import Organization, Person
from publications import licences, services, uploads
from publications.importing import matching
from publications.importing.models import ImportedRecord
from publications.importing.plan import CREATE, ERROR, MERGE, SKIP, UNCHANGED
from publications.models import Authorship, Publication, Publisher, Topic

BULK = 500
# What a merge may fill in an existing publication when it is empty there.
MERGED_FIELDS = [
    "subtitle_ru",
    "subtitle_en",
    "title_en",
    "abstract_ru",
    "abstract_en",
    "place_ru",
    "place_en",
    "series_ru",
    "series_en",
    "keywords_ru",
    "keywords_en",
    "date",
    "pages",
    "isbn",
    "doi",
    "edn",
    "udc",
    "bbk",
    "edition",
    "source_title",
    "source_volume",
    "source_issue",
    "source_pages",
    "first_page",
    "last_page",
    "license",
]


@dataclass
class Report:
    created: list = field(default_factory=list)  # publication ids
    merged: list = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # [where, title, [messages]]
    new_people: list = field(default_factory=list)  # names
    new_organizations: list = field(default_factory=list)
    new_topics: list = field(default_factory=list)
    files: int = 0

    def to_json(self):
        return {
            "created": len(self.created),
            "merged": len(self.merged),
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": self.errors[:1000],
            "error_count": len(self.errors),
            "new_people": self.new_people[:500],
            "new_people_count": len(self.new_people),
            "new_organizations": self.new_organizations[:200],
            "new_topics": self.new_topics[:200],
            "files": self.files,
            "created_ids": self.created[:50],
        }

    @property
    def changed_nothing(self):
        return not (self.created or self.merged)


class Slugs:
    """Unique slugs for many new rows of a model, the taken ones read once."""

    def __init__(self, model):
        self.model = model
        self.max_length = model._meta.get_field("slug").max_length
        self.taken = None

    def make(self, text):
        if self.taken is None:
            self.taken = set(self.model.objects.values_list("slug", flat=True).iterator(5000))
        base = slug_for(text, self.max_length) or self.model._meta.model_name
        slug, number = base, 1
        while slug in self.taken:
            number += 1
            suffix = f"-{number}"
            slug = f"{base[: self.max_length - len(suffix)].rstrip('-')}{suffix}"
        self.taken.add(slug)
        return slug


def _language_fields(record):
    """Which translated column holds the record's texts: Russian, or English for the rest."""
    return "ru" if record.language == "ru" else "en"


def licence_uri(value):
    value = (value or "").strip()
    if not value:
        return ""
    if licences.get(value):
        return value
    wanted = value.lower().replace("-", " ").replace("_", " ")
    for licence in licences.LICENCES:
        if licence.short.lower() == wanted or licence.uri.rstrip(
            "/"
        ).lower() == value.lower().rstrip("/"):
            return licence.uri
    return ""


def publication_values(record):
    """The publication's field values from a record (titles in its language's columns)."""
    lang = _language_fields(record)
    other = "en" if lang == "ru" else "ru"
    values = {
        **{
            f"{name}_{other}": ""
            for name in ("title", "subtitle", "abstract", "place", "series", "keywords")
        },
        "type": record.type,
        f"title_{lang}": record.title[:500],
        f"subtitle_{lang}": record.subtitle[:500],
        f"abstract_{lang}": record.abstract,
        f"place_{lang}": record.place,
        f"series_{lang}": record.series,
        f"keywords_{lang}": ", ".join(record.keywords),
        "language": record.language,
        "year": record.year,
        "date": datetime.date.fromisoformat(record.date) if record.date else None,
        "pages": record.pages if record.pages and record.pages < 2**31 else None,
        "isbn": record.isbn,
        "doi": record.doi,
        "edn": record.edn,
        "udc": record.udc,
        "bbk": record.bbk,
        "edition": record.edition,
        "source_title": record.source_title,
        "source_volume": record.source_volume,
        "source_issue": record.source_issue,
        "source_pages": record.source_pages,
        "license": licence_uri(record.license),
    }
    if lang == "ru" and record.title_en:
        values["title_en"] = record.title_en[:500]
    first, _sep, last = record.source_pages.partition("–")
    if first.isdigit() and len(first) < 9:
        values["first_page"] = int(first)
        if last.isdigit() and len(last) < 9 and int(last) >= int(first):
            values["last_page"] = int(last)
    return values


class Writer:
    """The rows an import makes besides publications, each made once per import."""

    def __init__(self, *, people, people_choices, ambiguous_as_new, report):
        self.people = people
        self.people_choices = people_choices or {}
        self.ambiguous_as_new = ambiguous_as_new
        self.report = report
        self.new_people = {}  # choice key -> Person
        self.new_by_initial = {}  # (family key, initial) -> [Person]
        self.organizations = matching.organizations()
        self.topics = matching.topics()
        self.slugs = {model: Slugs(model) for model in (Person, Organization, Topic, Publication)}
        self.pending = []  # new rows to bulk_create: (model, row)

    def person_for(self, name, match):
        """A person id, or a new (unsaved) draft Person for the name."""
        if match.status == "matched":
            return match.person_id
        key = matching.choice_key(name)
        if match.status == "ambiguous":
            chosen = self.people_choices.get(key)
            if chosen not in (None, "", "new") and int(chosen) in match.candidates:
                return int(chosen)
            if chosen != "new" and not self.ambiguous_as_new:
                raise ValidationError(_("Choose who “%(name)s” is.") % {"name": name.text})
        if key in self.new_people:
            return self.new_people[key]
        family_key, given_key = matching.name_key(name.family, name.given)
        # One new person per spelling, unless the given names agree ("Мозер С." and "Moser,
        # Sergei" in one file are one new person, "Ivanov, Ivan" and "Ivanov, Igor" two).
        first = given_key.split()[0] if given_key else ""
        same = [
            person
            for person, other in self.new_by_initial.get((family_key, given_key[:1]), [])
            if len(first) <= 1 or len(other) <= 1 or other == first
        ]
        if len(same) == 1:
            self.new_people[key] = same[0]
            return same[0]
        script = "cyr" if has_cyrillic(name.family) else "lat"
        person = Person(
            **{
                f"family_name_{script}": name.family[:100],
                f"given_name_{script}": name.given[:100],
                f"patronymic_{script}": name.patronymic[:100],
            },
            status=Visibility.DRAFT,
        )
        person.slug = self.slugs[Person].make(person.slug_source())
        person.search_names = people_names.search_document(people_names.name_forms(person))
        person.family_initial_cyr = people_names.index_letter(person.family_name_cyr)
        person.family_initial_lat = people_names.index_letter(person.family_name_lat)
        self.new_people[key] = person
        self.new_by_initial.setdefault((family_key, given_key[:1]), []).append((person, first))
        self.pending.append((Person, person))
        self.report.new_people.append(name.text)
        return person

    def _named(self, model, index, name, report_list, **extra):
        pk = index.get(name)
        if pk is not None:
            return pk
        lang = "ru" if has_cyrillic(name) else "en"
        row = model(
            **{f"name_{lang}": name[: 200 if model is Topic else 300]},
            status=Visibility.DRAFT,
            **extra,
        )
        row.slug = self.slugs[model].make(name)
        index.add(name, row)
        self.pending.append((model, row))
        report_list.append(name)
        return row

    def organization_for(self, name):
        return self._named(
            Organization,
            self.organizations,
            name,
            self.report.new_organizations,
            kind=Organization.Kind.OTHER,
        )

    def topic_for(self, name):
        return self._named(Topic, self.topics, name, self.report.new_topics)

    def flush(self):
        """Save the new people, organisations and topics made so far (bulk, by model)."""
        for model in (Person, Organization, Topic):
            rows = [row for kind, row in self.pending if kind is model]
            if rows:
                model.objects.bulk_create(rows, batch_size=BULK)
        self.pending = []


def _pk(value):
    return value if isinstance(value, int) else value.pk


def _drop(files, index):
    """Close and forget the file of a record that will not be written."""
    upload = files.pop(index, None)
    if upload is not None:
        upload.close()


def _write_chunk(rows, writer, *, batch, archive, report):
    creating, merging = [], []
    files = {}
    for row in rows:
        record = row.record
        if archive is not None and record.file:
            try:
                upload = archive.open(record.file)
                files[row.index] = upload
                uploads.identify(upload)
            except ValidationError as error:
                _drop(files, row.index)
                report.errors.append([record.where, record.title, error.messages])
                continue
        publication = None
        if row.action == CREATE:  # checked first: a refused record makes no people
            publication = Publication(**publication_values(record), status=Visibility.REVIEW)
            try:
                publication.clean_fields(exclude=["slug"])
            except ValidationError as error:
                _drop(files, row.index)
                report.errors.append([record.where, record.title, error.messages])
                continue
        try:
            links = [(writer.person_for(name, match), name.role) for name, match in row.people]
            publishers = [writer.organization_for(name) for name in record.publishers]
            topics = [writer.topic_for(name) for name in record.topics]
        except ValidationError as error:
            _drop(files, row.index)
            report.errors.append([record.where, record.title, error.messages])
            continue
        if publication is not None:
            publication.slug = writer.slugs[Publication].make(publication.slug_source())
            creating.append((row, publication, links, publishers, topics))
        else:
            merging.append((row, links, publishers, topics))
    writer.flush()
    Publication.objects.bulk_create([item[1] for item in creating], batch_size=BULK)
    authorships, publisher_links, topic_links, fingerprints = [], [], [], []
    Through = Publication.topics.through
    for row, publication, links, publishers, topics in creating:
        seen = set()
        for order, (person, role) in enumerate(links, 1):
            if (_pk(person), role) not in seen:
                seen.add((_pk(person), role))
                authorships.append(
                    Authorship(
                        publication=publication, person_id=_pk(person), role=role, order=order
                    )
                )
        for order, organization in enumerate(dict.fromkeys(_pk(o) for o in publishers)):
            publisher_links.append(
                Publisher(publication=publication, organization_id=organization, order=order)
            )
        for topic in dict.fromkeys(_pk(t) for t in topics):
            topic_links.append(Through(publication_id=publication.pk, topic_id=topic))
        fingerprints.append(
            ImportedRecord(
                batch=batch,
                fingerprint=row.record.fingerprint(),
                publication=publication,
                source_key=row.record.key[:200],
            )
        )
        report.created.append(publication.pk)
    targets = {row.index: publication for row, publication, *_rest in creating}
    for row, links, publishers, topics in merging:
        publication = _merge(row, links, publishers, topics)
        targets[row.index] = publication
        fingerprints.append(
            ImportedRecord(
                batch=batch,
                fingerprint=row.record.fingerprint(),
                publication=publication,
                source_key=row.record.key[:200],
            )
        )
        report.merged.append(publication.pk)
    Authorship.objects.bulk_create(authorships, batch_size=BULK)
    Publisher.objects.bulk_create(publisher_links, batch_size=BULK)
    Through.objects.bulk_create(topic_links, batch_size=BULK)
    ImportedRecord.objects.bulk_create(fingerprints, batch_size=BULK, ignore_conflicts=True)
    for index, upload in files.items():
        publication = targets.get(index)
        if publication is not None:
            services.add_file(publication=publication, upload=upload, order=0)
            report.files += 1
        upload.close()


def _merge(row, links, publishers, topics):
    """Fill what the existing publication lacks from the record; add the people, publishers
    and topics it does not have yet. Saved as a change form saves (history, index)."""
    publication = Publication.objects.get(pk=row.duplicate.publication_id)
    values = publication_values(row.record)
    changed = []
    for name in MERGED_FIELDS:
        if (
            name in values
            and values[name] not in (None, "")
            and getattr(publication, name) in (None, "")
        ):
            setattr(publication, name, values[name])
            changed.append(name)
    if changed:
        publication.save()
    existing = set(publication.authorships.values_list("person_id", "role"))
    order = len(existing)
    for person, role in links:
        if (_pk(person), role) not in existing:
            order += 1
            existing.add((_pk(person), role))
            Authorship.objects.create(
                publication=publication, person_id=_pk(person), role=role, order=order
            )
    have = set(publication.publisher_links.values_list("organization_id", flat=True))
    for organization in publishers:
        if _pk(organization) not in have:
            have.add(_pk(organization))
            Publisher.objects.create(
                publication=publication, organization_id=_pk(organization), order=len(have)
            )
    missing = {_pk(t) for t in topics} - set(publication.topics.values_list("pk", flat=True))
    if missing:
        publication.topics.add(*missing)
    return publication


def run(
    *,
    plan,
    batch=None,
    archive=None,
    people_choices=None,
    ambiguous_as_new=False,
    chunk=None,
    progress=None,
):
    """Write what ``plan`` says; the report says what was done. With ``chunk``, each chunk of
    records is its own transaction (a resumable job); without, the whole import is one."""
    report = Report()
    for row in plan.rows:
        if row.action == UNCHANGED:
            report.unchanged += 1
        elif row.action == SKIP:
            report.skipped += 1
        elif row.action == ERROR:
            report.errors.append([row.record.where, row.record.title, row.errors])
    todo = [row for row in plan.rows if row.action in (CREATE, MERGE)]
    writer = Writer(
        people=plan.people,
        people_choices=people_choices,
        ambiguous_as_new=ambiguous_as_new,
        report=report,
    )
    size = chunk or max(len(todo), 1)
    if chunk is None:
        with transaction.atomic():
            _write_all(todo, size, writer, batch, archive, report, progress, len(plan.rows))
    else:
        _write_all(todo, size, writer, batch, archive, report, progress, len(plan.rows))
    return report


def _write_all(todo, size, writer, batch, archive, report, progress, total):
    done = total - len(todo)
    for start in range(0, len(todo), size):
        rows = todo[start : start + size]
        with transaction.atomic():
            _write_chunk(rows, writer, batch=batch, archive=archive, report=report)
        done += len(rows)
        if progress is not None:
            progress(done, total)
