"""Keeping the search index in step with publications, people, events, organisations, topics.

Every ``refresh_*`` function makes the index hold exactly what is public about the given rows
now: it builds their documents from the apps' published rows and removes the documents of
rows that are gone or no longer public. Signal receivers (search.signals) call them after
saves; ``rebuild()`` (the ``reindex`` command) does everything at once.
"""

import datetime
import functools
import logging
import queue
import re
import threading
from collections import Counter, defaultdict
from itertools import islice

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Substr
from django.utils import timezone, translation

from core.languages import translated, translations
from events.models import Event, Participation, Speaker, Talk
from people import names
from people.models import Organization, Person
from publications.models import Authorship, Publication, PublicationFile, Publisher, Topic
from science_portal.models import ExtractedText, SearchDocument, SearchTerm
from science_portal.search import extract
from science_portal.search.query import normalise

logger = logging.getLogger(__name__)

Kind = SearchDocument.Kind
# Rows with no publication date of their own are public from the start.
ALWAYS = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
CHUNK = 1000
_VOCABULARY_WORD = re.compile(r"^[^\W\d_]{3,40}$")


def uses_postgres():
    return connection.vendor == "postgresql"


# --- Text helpers -----------------------------------------------------------------------------


def _pair(obj, field):
    """A translated field in Russian and English, each falling back to the other."""
    return translated(obj, field, "ru"), translated(obj, field, "en")


def _both(obj, *fields):
    """Every distinct non-empty value of translated fields, in both languages."""
    return list(dict.fromkeys(text for f in fields for text, _code in translations(obj, f)))


def _join(parts, separator=" "):
    return separator.join(p for p in parts if p)


def _in_languages(render):
    """``render()`` in Russian and in English."""
    result = []
    for language in ("ru", "en"):
        with translation.override(language):
            result.append(str(render()))
    return result


def _choice_labels(field):
    """{value: [Russian label, English label]} of a field's choices, what ``get_FOO_display()``
    gives in each language, worked out once for many rows."""
    labels = {}
    for language in ("ru", "en"):
        with translation.override(language):
            for value, label in field.flatchoices:
                labels.setdefault(value, []).append(str(label))
    return labels


def _vocabulary(*texts):
    found = {w for text in texts for w in normalise(text).split() if _VOCABULARY_WORD.match(w)}
    return " ".join(sorted(found))


def _person_keys(person):
    """The normalised keys of every name and variant of a person (variants prefetched)."""
    variants = [variant.name for variant in person.name_variants.all()]
    return names.search_document([*names.name_forms(person), *variants])


def _person_names(person):
    """Every printed form: full names in both languages and the variants as printed."""
    forms = [names.full_name(person, "ru"), names.full_name(person, "en")]
    forms += [variant.name for variant in person.name_variants.all()]
    return list(dict.fromkeys(f for f in forms if f))


class PeopleNames:
    """The printed names and name keys of people, worked out once a person.

    Works and events carry their people's names; a rebuild meets an author on many works, so
    it keeps one of these for the whole run (at most ``limit`` people, then it starts over:
    memory stays bounded). A refresh after a save starts with an empty one.
    """

    def __init__(self, limit=50_000):
        self._known = {}
        self._limit = limit

    def remember(self, person):
        """Note a person read with their name variants prefetched."""
        if len(self._known) >= self._limit:
            self._known.clear()
        self._known[person.pk] = (_person_names(person), _person_keys(person))

    def load(self, ids):
        """Read the people of ``ids`` not known yet (two queries, none if all are known)."""
        missing = set(ids) - self._known.keys()
        if len(self._known) + len(missing) > self._limit:
            self._known.clear()
            missing = set(ids)
        if missing:
            for person in Person.objects.filter(pk__in=missing).prefetch_related("name_variants"):
                self.remember(person)

    def forms(self, person_id):
        """What ``_person_names()`` gives for this person."""
        return self._known[person_id][0]

    def keys(self, person_id):
        """What ``_person_keys()`` gives for this person."""
        return self._known[person_id][1]


def _document(kind, source_id, object_id, **fields):
    fields.setdefault(
        "title_norm", normalise(_join([fields.get("title_ru"), fields.get("title_en")]))
    )
    if not uses_postgres():
        # The SQLite fallback matches on one lower-cased text; PostgreSQL on the vector.
        fields["plain"] = (
            " "
            + normalise(
                _join(
                    [
                        fields.get("title_ru"),
                        fields.get("title_en"),
                        fields.get("extra"),
                        fields.get("names"),
                        fields.get("body"),
                    ]
                )
            )
            + " "
        )
    fields.setdefault("public_from", ALWAYS)
    if fields["public_from"] > timezone.now():
        # Words of what is not public yet must not be suggested ("Did you mean"); they join
        # the vocabulary at the next save or reindex after the publication time.
        fields["vocabulary"] = ""
    return SearchDocument(kind=kind, source_id=source_id, object_id=object_id, **fields)


# --- Builders: published rows to documents ----------------------------------------------------


def _published_people_prefetch(prefix):
    return Prefetch(
        prefix,
        queryset=Person.objects.published().prefetch_related("name_variants"),
    )


def _publications(ids):
    # Scheduled publications are indexed too: public_from hides them until their time.
    return (
        Publication.objects.filter(Publication.scheduled_or_public_q(), pk__in=ids)
        .prefetch_related(
            # Lists (to_attr), read several times a row without a manager and queryset each.
            # The people's names come from PeopleNames, read once a person.
            Prefetch(
                "authorships",
                queryset=Authorship.objects.filter(Person.public_q("person__")),
                to_attr="indexed_authorships",
            ),
            Prefetch(
                "publisher_links",
                queryset=Publisher.objects.filter(
                    Organization.public_q("organization__")
                ).select_related("organization"),
                to_attr="indexed_publishers",
            ),
            Prefetch("topics", queryset=Topic.objects.published(), to_attr="indexed_topics"),
        )
        .order_by()
    )


def _publication_docs(publications, people_names=None):
    """The documents of publications read by ``_publications()``."""
    publications = list(publications)
    people_names = people_names or PeopleNames()
    people_names.load(a.person_id for p in publications for a in p.indexed_authorships)
    type_labels = _choice_labels(Publication._meta.get_field("type"))
    docs = []
    for publication in publications:
        title_ru, title_en = _pair(publication, "title")
        subtitle_ru, subtitle_en = _pair(publication, "subtitle")
        people = [a.person_id for a in publication.indexed_authorships]
        extra = [
            *(form for person in people for form in people_names.forms(person)),
            *_both(publication, "keywords", "series", "place"),
            *(
                v
                for link in publication.indexed_publishers
                for v in _both(link.organization, "name", "short_name")
            ),
            *(v for topic in publication.indexed_topics for v in _both(topic, "name")),
            publication.isbn,
            publication.doi,
        ]
        labels = type_labels.get(publication.type) or [publication.type] * 2
        meta = [f"{label}, {publication.year}" for label in labels]
        docs.append(
            _document(
                Kind.PUBLICATION,
                publication.pk,
                publication.pk,
                slug=publication.slug,
                title_ru=_join([title_ru, subtitle_ru], ". "),
                title_en=_join([title_en, subtitle_en], ". "),
                meta_ru=meta[0],
                meta_en=meta[1],
                extra=_join(extra, " · "),
                names=_join([people_names.keys(person) for person in people]),
                body=_join(_both(publication, "abstract"), "\n\n"),
                vocabulary=_vocabulary(
                    title_ru, title_en, subtitle_ru, subtitle_en, *_both(publication, "keywords")
                ),
                pub_type=publication.type,
                year=publication.year,
                language=publication.language,
                public_from=publication.published_at,
            )
        )
    return docs


def _file_public_from(file, publication):
    """When the public may search a file's text; None if never (staff only)."""
    start = file.downloadable_from()
    if start is None:
        return None
    if start == datetime.date.min:
        return publication.published_at
    embargo_end = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    return max(embargo_end, publication.published_at)


def file_version(file):
    """What the extracted text depends on: the stored file and its checksum."""
    return f"{file.file.name}:{file.sha256}"[:300]


def needs_extraction(file):
    """Whether the text cached for a file is missing or was extracted from another version."""
    cached = ExtractedText.objects.filter(file_id=file.pk).values_list("version", flat=True)
    return cached.first() != file_version(file)


def ensure_extracted(file, *, bounds=None, force=False, strict=False):
    """The cached text of a file, extracted again if the file changed (or if forced).

    ``strict`` raises a storage failure instead of caching empty text (extract.extract_file).
    """
    version = file_version(file)
    cached = ExtractedText.objects.filter(file_id=file.pk).first()
    if cached is not None and cached.version == version and not force:
        return cached
    result = extract.extract_file(file.file, mime_type=file.mime_type, bounds=bounds, strict=strict)
    cached, _created = ExtractedText.objects.update_or_create(
        file_id=file.pk,
        defaults={
            "version": version,
            "text": result.text,
            "pages": result.pages,
            "complete": result.complete,
        },
    )
    return cached


def extracted_heads(file_ids, length):
    """{file id: the first ``length`` characters of its cached text}, for the files whose text
    is known (publications.scholar_check looks for the title there). One query."""
    rows = (
        ExtractedText.objects.filter(file_id__in=file_ids)
        .exclude(text="")
        .annotate(head=Substr("text", 1, length))
        .values_list("file_id", "head")
    )
    return dict(rows)


def _file_docs(files, texts):
    docs = []
    for file in files:
        publication = file.publication
        if not publication.is_scheduled_or_public:
            continue
        public_from = _file_public_from(file, publication)
        cached = texts.get(file.pk)
        if public_from is None or cached is None or not cached.text:
            continue
        label_ru, label_en = _pair(file, "label")
        docs.append(
            _document(
                Kind.FILE,
                file.pk,
                publication.pk,
                slug=publication.slug,
                title_ru=label_ru or file.original_name,
                title_en=label_en or file.original_name,
                title_norm="",
                body=cached.text,
                pub_type=publication.type,
                year=publication.year,
                language=file.language or publication.language,
                public_from=public_from,
                source_version=cached.version,
            )
        )
    return docs


def _person_docs(people, people_names=None):
    """The documents of people read with their name variants (noted in ``people_names``)."""
    people_names = people_names or PeopleNames()
    docs = []
    for person in people:
        people_names.remember(person)
        degrees = _join([*_both(person, "degree"), *_both(person, "academic_title")], " · ")
        meta_ru = _join([*_pair(person, "degree")[:1], *_pair(person, "academic_title")[:1]], ", ")
        meta_en = _join([*_pair(person, "degree")[1:], *_pair(person, "academic_title")[1:]], ", ")
        docs.append(
            _document(
                Kind.PERSON,
                person.pk,
                person.pk,
                slug=person.slug,
                title_ru=names.full_name(person, "ru"),
                title_en=names.full_name(person, "en"),
                meta_ru=meta_ru,
                meta_en=meta_en,
                extra=_join([*people_names.forms(person.pk), degrees], " · "),
                names=people_names.keys(person.pk),
                body=_join(_both(person, "biography"), "\n\n"),
                vocabulary=_vocabulary(person.family_name_cyr, person.family_name_lat),
            )
        )
    return docs


def _event_meta(event):
    def render():
        parts = [event.get_type_display()]
        if event.start_date:
            if event.end_date and event.end_date != event.start_date:
                parts.append(f"{event.start_date:%d.%m.%Y} – {event.end_date:%d.%m.%Y}")
            else:
                parts.append(f"{event.start_date:%d.%m.%Y}")
        parts.append(translated(event, "city"))
        return _join(parts, ", ")

    return _in_languages(render)


def _event_people(event):
    """The ids of an event's public speakers and participants, each once, in order."""
    people = {}
    for talk in event.talks.all():
        for speaker in talk.speakers.all():
            people[speaker.person_id] = None
    for participation in event.participations.all():
        if participation.person_id is not None:
            people[participation.person_id] = None
    return list(people)


def _event_docs(events, people_names=None):
    """The documents of events read by ``_events()``."""
    events = list(events)
    people_names = people_names or PeopleNames()
    people_names.load(pk for event in events for pk in _event_people(event))
    docs = []
    for event in events:
        title_ru, title_en = _pair(event, "title")
        people = _event_people(event)
        extra = [
            *_both(event, "venue", "city"),
            *(v for org in event.organizers.all() for v in _both(org, "name", "short_name")),
            *(v for topic in event.topics.all() for v in _both(topic, "name")),
            *(v for talk in event.talks.all() for v in _both(talk, "title", "agenda_item")),
            *(form for person in people for form in people_names.forms(person)),
        ]
        meta = _event_meta(event)
        docs.append(
            _document(
                Kind.EVENT,
                event.pk,
                event.pk,
                slug=event.slug,
                title_ru=title_ru,
                title_en=title_en,
                meta_ru=meta[0],
                meta_en=meta[1],
                extra=_join(extra, " · "),
                names=_join([people_names.keys(person) for person in people]),
                body=_join(
                    [
                        *_both(event, "description"),
                        *(v for talk in event.talks.all() for v in _both(talk, "abstract")),
                    ],
                    "\n\n",
                ),
                vocabulary=_vocabulary(title_ru, title_en),
                year=event.start_date.year if event.start_date else None,
            )
        )
    return docs


def _events(ids):
    # The people's names come from PeopleNames, read once a person.
    return (
        Event.objects.published()
        .filter(pk__in=ids)
        .prefetch_related(
            Prefetch("organizers", queryset=Organization.objects.published()),
            Prefetch("topics", queryset=Topic.objects.published()),
            Prefetch(
                "talks",
                queryset=Talk.objects.prefetch_related(
                    Prefetch(
                        "speakers", queryset=Speaker.objects.filter(Person.public_q("person__"))
                    )
                ),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(
                    Q(person__isnull=True) | Person.public_q("person__")
                ),
            ),
        )
        .order_by()
    )


def _organization_docs(organizations):
    docs = []
    for organization in organizations:
        name_ru, name_en = _pair(organization, "name")
        short_ru, short_en = _pair(organization, "short_name")
        parent = organization.parent if organization.parent_id else None
        parent_ru, parent_en = _pair(parent, "name") if parent and parent.is_published else ("", "")
        docs.append(
            _document(
                Kind.ORGANIZATION,
                organization.pk,
                organization.pk,
                slug=organization.slug,
                title_ru=_join([name_ru, f"({short_ru})" if short_ru else ""]),
                title_en=_join([name_en, f"({short_en})" if short_en else ""]),
                meta_ru=parent_ru,
                meta_en=parent_en,
                extra=_join([parent_ru, parent_en], " · "),
                body=_join(_both(organization, "description"), "\n\n"),
                vocabulary=_vocabulary(name_ru, name_en),
            )
        )
    return docs


def _topic_docs(topics):
    docs = []
    for topic in topics:
        name_ru, name_en = _pair(topic, "name")
        docs.append(
            _document(
                Kind.TOPIC,
                topic.pk,
                topic.pk,
                slug=topic.slug,
                title_ru=name_ru,
                title_en=name_en,
                body=_join(_both(topic, "description"), "\n\n"),
                vocabulary=_vocabulary(name_ru, name_en),
            )
        )
    return docs


# --- Storing ----------------------------------------------------------------------------------

_STORED_FIELDS = [
    "object_id",
    "slug",
    "title_ru",
    "title_en",
    "meta_ru",
    "meta_en",
    "extra",
    "names",
    "body",
    "title_norm",
    "plain",
    "vocabulary",
    "pub_type",
    "year",
    "language",
    "public_from",
    "source_version",
    "updated",
]


def kind_lexeme(kind):
    """A word every document of a kind holds, so the GIN index itself can select a kind
    (publications and their files share one)."""
    return f"zzkind{Kind.PUBLICATION if kind == Kind.FILE else kind}"


def vector_expression(kind):
    """The weighted vector of a document: A titles, B names and more, C text, D file text."""
    marker = SearchVector(Value(kind_lexeme(kind)), config="simple", weight="D")
    if kind == Kind.FILE:
        # A whole book: the 'russian' configuration alone (it stems Latin words in English
        # too) keeps the vector well under PostgreSQL's 1 MB limit.
        return SearchVector("body", config="russian", weight="D") + marker
    return (
        SearchVector("title_ru", "title_en", config="russian", weight="A")
        + SearchVector("title_ru", "title_en", config="english", weight="A")
        + SearchVector("extra", config="russian", weight="B")
        + SearchVector("extra", config="english", weight="B")
        + SearchVector("names", config="simple", weight="B")
        + SearchVector("body", config="russian", weight="C")
        + SearchVector("body", config="english", weight="C")
        + marker
    )


@functools.lru_cache(maxsize=16)  # a full batch and a few short ones of each kind
def _upsert_sql(kind, rows):
    """INSERT ... ON CONFLICT DO UPDATE of ``rows`` documents of a kind, vector included, and
    the vector's own parameters (PostgreSQL).

    The rows come in as a VALUES list named like the table, so ``vector_expression(kind)``,
    compiled as for a query of the table, reads the new values: each row is written once
    with its vector (an UPDATE after the INSERT wrote every row and its indexes twice). A
    document equal to the stored one (vector included) is not written again: its
    ``updated`` stays the time it last changed.
    """
    qn = connection.ops.quote_name
    table = qn(SearchDocument._meta.db_table)
    names = ["kind", "source_id", *_STORED_FIELDS]
    columns = ", ".join(qn(name) for name in names)
    casts = [SearchDocument._meta.get_field(name).cast_db_type(connection) for name in names]
    row = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    query = SearchDocument.objects.annotate(new_vector=vector_expression(kind)).query
    vector, vector_params = query.get_compiler(connection=connection).compile(
        query.annotations["new_vector"]
    )
    updates = ", ".join(f"{qn(name)} = EXCLUDED.{qn(name)}" for name in [*_STORED_FIELDS, "vector"])
    compared = [qn(name) for name in [*_STORED_FIELDS, "vector"] if name != "updated"]
    changed = (
        f"({', '.join(f'stored.{name}' for name in compared)}) IS DISTINCT FROM "
        f"({', '.join(f'EXCLUDED.{name}' for name in compared)})"
    )
    sql = (
        f"INSERT INTO {table} AS stored ({columns}, {qn('vector')}) "
        f"SELECT *, {vector} FROM (VALUES {', '.join([row] * rows)}) AS {table} ({columns}) "
        f"ON CONFLICT ({qn('source_id')}, {qn('kind')}) DO UPDATE SET {updates} WHERE {changed}"
    )
    return sql, tuple(vector_params)


def _upsert(kind, docs):
    """Write documents of one kind over the ones they replace, with their vectors (PostgreSQL)."""
    fields = [
        SearchDocument._meta.get_field(name) for name in ["kind", "source_id", *_STORED_FIELDS]
    ]
    sql, params = _upsert_sql(kind, len(docs))
    values = [
        field.get_db_prep_save(field.pre_save(doc, add=True), connection)
        for doc in docs
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *values])


def _store(kind, source_ids, docs, *, count_terms=True):
    """Make the index hold exactly ``docs`` for these source ids of one kind."""
    wanted = {doc.source_id for doc in docs}
    source_ids = set(source_ids) | wanted
    old_vocabulary = []
    if count_terms or source_ids - wanted:
        for chunk in _chunks(sorted(source_ids)):
            existing = SearchDocument.objects.filter(kind=kind, source_id__in=chunk)
            old_vocabulary += existing.values_list("vocabulary", flat=True) if count_terms else []
            existing.exclude(source_id__in=wanted).delete()
    for chunk in _chunks(docs, 500):
        if uses_postgres():
            _upsert(kind, chunk)
        else:
            SearchDocument.objects.bulk_create(
                chunk,
                update_conflicts=True,
                unique_fields=["source_id", "kind"],
                update_fields=_STORED_FIELDS,
            )
    if count_terms:
        _count_terms(old_vocabulary, [doc.vocabulary for doc in docs])


def _chunks(items, size=CHUNK):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _count_terms(old, new):
    delta = Counter()
    for vocabulary in old:
        delta.subtract(vocabulary.split())
    for vocabulary in new:
        delta.update(vocabulary.split())
    by_amount = defaultdict(list)
    for term, amount in delta.items():
        if amount:
            by_amount[amount].append(term)
    if not by_amount:
        return
    added = [term for amount, terms in by_amount.items() if amount > 0 for term in terms]
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=term, documents=0) for term in added], ignore_conflicts=True
    )
    for amount, terms in by_amount.items():
        SearchTerm.objects.filter(term__in=terms).update(documents=F("documents") + amount)
    removed = [term for amount, terms in by_amount.items() if amount < 0 for term in terms]
    if removed:
        SearchTerm.objects.filter(term__in=removed, documents__lte=0).delete()


# --- Refresh: one kind of row -----------------------------------------------------------------


def _ids(items):
    return {getattr(item, "pk", item) for item in items if item is not None}


@transaction.atomic
def refresh_publications(publications, *, bounds=None, count_terms=True, extract=True):
    """Index these publications and their files as they are now (drafts leave the index).

    Without ``extract`` a file whose text is not extracted yet stays out of the index (its
    background job indexes it: science_portal.tasks.extract_file_text).
    """
    ids = _ids(publications)
    if not ids:
        return
    for chunk in _chunks(sorted(ids)):
        _store(
            Kind.PUBLICATION,
            chunk,
            _publication_docs(_publications(chunk)),
            count_terms=count_terms,
        )
        files = list(
            PublicationFile.objects.filter(publication_id__in=chunk).select_related("publication")
        )
        stale = SearchDocument.objects.filter(kind=Kind.FILE, object_id__in=chunk).values_list(
            "source_id", flat=True
        )
        _store_files(files, set(stale), bounds=bounds, extract=extract)


def _files_docs(files, *, bounds=None, force=False, extract=True):
    """The documents of files, their text extracted again where a file changed (or forced);
    without ``extract``, files whose text is stale get no document."""
    texts = {t.file_id: t for t in ExtractedText.objects.filter(file_id__in=[f.pk for f in files])}
    for file in files:
        cached = texts.get(file.pk)
        if force or cached is None or cached.version != file_version(file):
            if extract:
                texts[file.pk] = ensure_extracted(file, bounds=bounds, force=force)
            else:
                texts.pop(file.pk, None)
    return _file_docs(files, texts)


def _store_files(files, stale_ids, *, bounds=None, force=False, extract=True):
    docs = _files_docs(files, bounds=bounds, force=force, extract=extract)
    _store(Kind.FILE, stale_ids | {f.pk for f in files}, docs, count_terms=False)


def refresh_publication(publication):
    refresh_publications([publication])


@transaction.atomic
def refresh_file(file, *, bounds=None, force=False, extract=True):
    """Index a file's text (extracted again if the file was replaced) while it is public;
    without ``extract``, a file whose text is stale leaves the index until extracted."""
    file = (
        PublicationFile.objects.select_related("publication").filter(pk=_ids([file]).pop()).first()
    )
    if file is not None:
        _store_files([file], set(), bounds=bounds, force=force, extract=extract)


@transaction.atomic
def remove_file(file_id):
    """Forget a deleted file: its document and its extracted text."""
    SearchDocument.objects.filter(kind=Kind.FILE, source_id=file_id).delete()
    ExtractedText.objects.filter(file_id=file_id).delete()


@transaction.atomic
def remove_publication(publication_id):
    _store(Kind.PUBLICATION, [publication_id], [])
    SearchDocument.objects.filter(kind=Kind.FILE, object_id=publication_id).delete()


@transaction.atomic
def refresh_people(people, *, related=True):
    """Index these people; with ``related``, also what carries their names (works, events)."""
    ids = _ids(people)
    for chunk in _chunks(sorted(ids)):
        found = Person.objects.published().filter(pk__in=chunk).prefetch_related("name_variants")
        _store(Kind.PERSON, chunk, _person_docs(found))
    if related and ids:
        refresh_publications(
            set(Authorship.objects.filter(person__in=ids).values_list("publication_id", flat=True))
        )
        refresh_events(
            set(Speaker.objects.filter(person__in=ids).values_list("talk__event_id", flat=True))
            | set(Participation.objects.filter(person__in=ids).values_list("event_id", flat=True))
        )


def refresh_person(person):
    refresh_people([person])


@transaction.atomic
def refresh_events(events):
    ids = _ids(events)
    for chunk in _chunks(sorted(ids)):
        _store(Kind.EVENT, chunk, _event_docs(_events(chunk)))


def refresh_event(event):
    refresh_events([event])


@transaction.atomic
def refresh_organizations(organizations, *, related=True):
    """Index these organisations; with ``related``, their units and what names them."""
    ids = _ids(organizations)
    for chunk in _chunks(sorted(ids)):
        found = Organization.objects.published().filter(pk__in=chunk).select_related("parent")
        _store(Kind.ORGANIZATION, chunk, _organization_docs(found))
    if related and ids:
        refresh_organizations(
            set(Organization.objects.filter(parent__in=ids).values_list("pk", flat=True)),
            related=False,
        )
        refresh_publications(
            set(
                Publisher.objects.filter(organization__in=ids).values_list(
                    "publication_id", flat=True
                )
            )
        )
        refresh_events(
            set(
                Event.organizers.through.objects.filter(organization_id__in=ids).values_list(
                    "event_id", flat=True
                )
            )
        )


def refresh_organization(organization):
    refresh_organizations([organization])


@transaction.atomic
def refresh_topics(topics, *, related=True):
    ids = _ids(topics)
    for chunk in _chunks(sorted(ids)):
        _store(Kind.TOPIC, chunk, _topic_docs(Topic.objects.published().filter(pk__in=chunk)))
    if related and ids:
        refresh_publications(
            set(
                Publication.topics.through.objects.filter(topic_id__in=ids).values_list(
                    "publication_id", flat=True
                )
            )
        )
        refresh_events(
            set(
                Event.topics.through.objects.filter(topic_id__in=ids).values_list(
                    "event_id", flat=True
                )
            )
        )


def refresh_topic(topic):
    refresh_topics([topic])


def remove(kind, source_id):
    """Forget a deleted row of a kind other than publications and files."""
    _store(kind, [source_id], [])


# --- Rebuild ----------------------------------------------------------------------------------


def _forget_statements():
    """With DEBUG on, Django keeps the last 9,000 statements with their parameters (here whole
    documents: hundreds of MB over a rebuild); forget them after each batch, unless a test
    is counting them."""
    if not connection.force_debug_cursor:
        connection.queries_log.clear()


def _drop_stale(kind, docs, after, upto, started):
    """Remove the documents of a kind with source ids in (``after``, ``upto``] that are not
    among ``docs`` and were not written since the rebuild ``started`` (by a save meanwhile).

    A rebuild walks the ids in order, so the ranges of its batches, then the one past the
    last id, cover every stored document once.
    """
    stale = SearchDocument.objects.filter(kind=kind, updated__lt=started)
    if after is not None:
        stale = stale.filter(source_id__gt=after)
    if upto is not None:
        stale = stale.filter(source_id__lte=upto)
    stale.exclude(source_id__in=[doc.source_id for doc in docs]).delete()


def _storing(kind, docs, after, upto, started):
    """What a rebuild does with a batch of documents: store them, drop the stale ones."""

    @transaction.atomic
    def store():
        if docs:
            _store(kind, [], docs, count_terms=False)
        _drop_stale(kind, docs, after, upto, started)
        _forget_statements()

    return store


class _Writer:
    """Runs a rebuild's writes, in order, while the next batch is built.

    With ``threaded``, in a thread with a database connection of its own: PostgreSQL
    computes the vectors and writes one batch while Python builds the next, so a rebuild
    takes about the longer of the two instead of their sum. At most one batch waits (memory
    stays bounded). Otherwise (SQLite, or inside a transaction a second connection would not
    see) each write runs at once.
    """

    def __init__(self, *, threaded):
        self._queue = queue.Queue(maxsize=1) if threaded else None
        self._error = None
        self._thread = None

    def __enter__(self):
        if self._queue is not None:
            self._thread = threading.Thread(target=self._run, name="reindex-writer")
            self._thread.start()
        return self

    def __call__(self, work):
        if self._queue is None:
            work()
            return
        self._raise()
        self._queue.put(work)

    def __exit__(self, *exc_info):
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
        if exc_info[0] is None:
            self._raise()

    def _run(self):
        try:
            while (work := self._queue.get()) is not None:
                if self._error is None:
                    try:
                        work()
                    except BaseException as error:  # raised again in the building thread
                        self._error = error
        finally:
            connection.close()  # this thread's own

    def _raise(self):
        if self._error is not None:
            raise self._error


def rebuild(*, extract_files=False, bounds=None, progress=None):
    """Rebuild the whole index from the published rows; with ``extract_files``, extract every
    file's text again. Searching keeps working meanwhile; stale rows go batch by batch.

    Rows are read, and documents built and written, a batch at a time (files 200 at a time:
    their text is long); the writing overlaps the building on PostgreSQL (``_Writer``).
    """
    started = timezone.now()
    report = progress or (lambda message: None)
    people_names = PeopleNames()
    steps = [
        (
            Kind.TOPIC,
            Topic.objects.published(),
            lambda c: _topic_docs(Topic.objects.filter(pk__in=c)),
        ),
        (
            Kind.ORGANIZATION,
            Organization.objects.published(),
            lambda c: _organization_docs(
                Organization.objects.filter(pk__in=c).select_related("parent")
            ),
        ),
        (
            Kind.PERSON,
            Person.objects.published(),
            lambda c: _person_docs(
                Person.objects.filter(pk__in=c).prefetch_related("name_variants"), people_names
            ),
        ),
        (
            Kind.EVENT,
            Event.objects.published(),
            lambda c: _event_docs(_events(c), people_names),
        ),
        (
            Kind.PUBLICATION,
            Publication.objects.filter(Publication.scheduled_or_public_q()),
            lambda c: _publication_docs(_publications(c), people_names),
        ),
        (
            Kind.FILE,
            PublicationFile.objects.all(),
            lambda c: _files_docs(
                PublicationFile.objects.filter(pk__in=c).select_related("publication"),
                bounds=bounds,
                force=extract_files,
            ),
        ),
    ]
    with _Writer(threaded=uses_postgres() and not connection.in_atomic_block) as write:
        for kind, queryset, build in steps:
            ids = list(queryset.order_by("pk").values_list("pk", flat=True))
            previous = None
            for chunk in _chunks(ids, 200 if kind == Kind.FILE else CHUNK):
                docs = build(chunk)
                write(_storing(kind, docs, previous, chunk[-1], started))
                previous = chunk[-1]
                _forget_statements()
            write(_storing(kind, [], previous, None, started))
            write(lambda kind=kind, ids=ids: report(f"{kind}: {len(ids)}"))
    with transaction.atomic():
        ExtractedText.objects.exclude(file_id__in=PublicationFile.objects.values("pk")).delete()
        rebuild_terms()
    report(f"terms: {SearchTerm.objects.count()}")


def rebuild_terms():
    """Count the vocabulary of "Did you mean" again from every document."""
    counts = Counter()
    for vocabulary in (
        SearchDocument.objects.exclude(vocabulary="")
        .values_list("vocabulary", flat=True)
        .iterator(chunk_size=2000)
    ):
        counts.update(vocabulary.split())
    SearchTerm.objects.all().delete()
    SearchTerm.objects.bulk_create(
        (SearchTerm(term=term, documents=n) for term, n in counts.items()), batch_size=2000
    )
