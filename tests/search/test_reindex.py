"""``reindex`` builds, a batch at a time, the very documents the saves' refreshes build."""

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.publishing import Visibility
from events.models import Event
from people.models import Organization, Person
from publications.models import Authorship, Publication, PublicationFile, Topic
from publications.pdf import simple_pdf
from science_portal.models import SearchDocument, SearchTerm
from science_portal.search import index
from tests.events.factories import (
    DraftEventFactory,
    EventFactory,
    ParticipationFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.people.factories import OrganizationFactory, PersonFactory
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
    TopicFactory,
)

from .conftest import postgres_only

pytestmark = pytest.mark.django_db

# What a document is, without its row id and the time it was written.
COMPARED = [
    field.name for field in SearchDocument._meta.fields if field.name not in ("id", "updated")
]


def world(size=1):
    """Drafts, scheduled works, files with text (public, embargoed, staff only), people with
    name variants (one a draft), publishers, topics and events with talks and participants."""
    later = timezone.now() + datetime.timedelta(days=5)
    hidden = PersonFactory(status=Visibility.DRAFT, variants=["Hidden H."])
    topic, draft_topic = TopicFactory(), TopicFactory(status=Visibility.DRAFT)
    parent_org = OrganizationFactory(short_name="РТА", short_name_en="RCA")
    unit = OrganizationFactory(parent=parent_org)
    for number in range(size):
        author = PersonFactory(variants=[f"Mozersky{number} S.", f"Мозерский{number} С."])
        editor = PersonFactory(degree="кандидат наук", degree_en="PhD")
        work = PublicationFactory(
            abstract="Таможенное администрирование.", keywords="таможня, контроль", isbn="978-5"
        )
        AuthorshipFactory(publication=work, person=author, order=1)
        AuthorshipFactory(publication=work, person=editor, role=Authorship.Role.EDITOR, order=2)
        AuthorshipFactory(publication=work, person=hidden, order=3)
        PublisherFactory(publication=work, organization=unit)
        work.topics.add(topic, draft_topic)
        PublicationFileFactory(publication=work, content=simple_pdf([f"zeppelin {number}"]))
        PublicationFileFactory(
            publication=work,
            content=simple_pdf(["embargoed dirigible"]),
            access=PublicationFile.Access.EMBARGOED,
            embargo_until=datetime.date.today() + datetime.timedelta(days=30),
        )
        PublicationFileFactory(publication=work, content=simple_pdf(["staff only"]), access="staff")
        scheduled = PublicationFactory(published_at=later, keywords="будущее")
        AuthorshipFactory(publication=scheduled, person=author)
        PublicationFileFactory(publication=scheduled, content=simple_pdf(["tomorrow"]))
        draft = PublicationFactory(draft=True, title="Черновик")
        AuthorshipFactory(publication=draft, person=author)
        article = PublicationFactory(type=Publication.Type.ARTICLE, parent=work, year=2020)
        AuthorshipFactory(publication=article, person=editor)
        event = EventFactory(city="Москва", city_en="Moscow", description="Форум")
        event.organizers.add(parent_org)
        event.topics.add(topic)
        talk = TalkFactory(event=event, abstract="О цифровой таможне")
        SpeakerFactory(talk=talk, person=author)
        SpeakerFactory(talk=talk, person=hidden)
        ParticipationFactory(event=event, person=editor)
        ParticipationFactory(event=event, person=None, organization=parent_org)
        EventFactory(type=Event.Type.SEMINAR, start_date=datetime.date(2022, 3, 1))
        DraftEventFactory()


def refresh_one_at_a_time():
    """The index as the saves' refreshes leave it, each row refreshed on its own."""
    for topic in Topic.objects.all():
        index.refresh_topics([topic], related=False)
    for organization in Organization.objects.all():
        index.refresh_organizations([organization], related=False)
    for person in Person.objects.all():
        index.refresh_people([person], related=False)
    for event in Event.objects.all():
        index.refresh_event(event)
    for publication in Publication.objects.all():
        index.refresh_publication(publication)


def snapshot():
    rows = SearchDocument.objects.order_by("kind", "source_id").values_list(*COMPARED)
    return [dict(zip(COMPARED, row, strict=True)) for row in rows]


def test_reindex_writes_the_documents_the_refreshes_write():
    world(size=3)
    SearchDocument.objects.all().delete()
    refresh_one_at_a_time()
    one_at_a_time = snapshot()
    kinds = {row["kind"] for row in one_at_a_time}
    assert kinds == {"publication", "file", "person", "event", "organization", "topic"}
    assert any(" moserski0 s " in row["names"] for row in one_at_a_time)  # a variant
    assert any(row["public_from"] > timezone.now() for row in one_at_a_time)  # scheduled

    SearchDocument.objects.all().delete()
    index.rebuild()
    assert snapshot() == one_at_a_time


def test_reindex_over_an_index_rewrites_it_the_same():
    world(size=2)
    before = snapshot()  # as the saves left it
    terms = dict(SearchTerm.objects.values_list("term", "documents"))
    index.rebuild()
    assert snapshot() == before
    assert dict(SearchTerm.objects.values_list("term", "documents")) == terms


def test_reindex_reads_no_row_on_its_own():
    """A fixed number of queries for any number of rows up to a batch: none per row."""
    world(size=1)
    with CaptureQueriesContext(connection) as small:
        index.rebuild()
    world(size=4)
    with CaptureQueriesContext(connection) as large:
        index.rebuild()
    assert len(large) == len(small)


@postgres_only
def test_the_vector_written_with_the_row_is_the_one_its_columns_give():
    world(size=1)
    index.rebuild()
    for kind in SearchDocument.Kind.values:
        rows = SearchDocument.objects.filter(kind=kind).annotate(
            from_columns=index.vector_expression(kind)
        )
        assert rows.exists()
        for row in rows:
            assert row.vector == row.from_columns


@postgres_only
def test_one_write_of_a_row_stores_what_an_insert_then_an_update_stored():
    """The documents as Django's bulk_create wrote them, then an UPDATE of their vectors."""
    world(size=2)
    index.rebuild()
    written = snapshot()
    SearchDocument.objects.all().delete()
    people_names = index.PeopleNames()
    built = {
        SearchDocument.Kind.TOPIC: index._topic_docs(Topic.objects.published()),
        SearchDocument.Kind.PERSON: index._person_docs(
            Person.objects.published().prefetch_related("name_variants"), people_names
        ),
        SearchDocument.Kind.PUBLICATION: index._publication_docs(
            index._publications(Publication.objects.values("pk")), people_names
        ),
    }
    for kind, docs in built.items():
        SearchDocument.objects.bulk_create(docs)
        SearchDocument.objects.filter(kind=kind).update(vector=index.vector_expression(kind))
    expected = [row for row in written if row["kind"] in built]
    assert snapshot() == expected


def test_reindex_removes_documents_between_and_after_the_rows_it_indexes():
    first, draft, last = PublicationFactory(), PublicationFactory(draft=True), PublicationFactory()
    for source_id in (draft.pk, last.pk + 100):
        SearchDocument.objects.create(
            kind="publication", source_id=source_id, object_id=source_id, public_from=index.ALWAYS
        )
    index.rebuild()
    kept = SearchDocument.objects.filter(kind="publication").values_list("source_id", flat=True)
    assert sorted(kept) == [first.pk, last.pk]


@postgres_only
def test_reindex_does_not_write_again_what_did_not_change():
    world(size=1)
    written = dict(SearchDocument.objects.values_list("pk", "updated"))
    publication = Publication.objects.filter(status=Visibility.PUBLISHED).first()
    Publication.objects.filter(pk=publication.pk).update(title="Новое название")  # no signal
    index.rebuild()
    rewritten = {
        pk
        for pk, updated in SearchDocument.objects.values_list("pk", "updated")
        if updated != written[pk]
    }
    assert rewritten == {
        SearchDocument.objects.get(kind="publication", source_id=publication.pk).pk
    }


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_reindex_outside_a_transaction_writes_from_its_own_thread_the_same_documents(
    monkeypatch,
):
    world(size=2)
    one_at_a_time = snapshot()
    threads = []
    start = threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start", lambda t: threads.append(t.name) or start(t))
    SearchDocument.objects.all().delete()
    index.rebuild()
    assert threads == ["reindex-writer"]
    assert snapshot() == one_at_a_time


def _a_failed_write_stops_the_reindex(monkeypatch):
    world(size=1)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(index, "_store", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        index.rebuild()
    assert not any(thread.name == "reindex-writer" for thread in threading.enumerate())


def test_a_failed_write_stops_the_reindex(monkeypatch):
    _a_failed_write_stops_the_reindex(monkeypatch)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_failed_write_in_the_writing_thread_stops_the_reindex(monkeypatch):
    _a_failed_write_stops_the_reindex(monkeypatch)
