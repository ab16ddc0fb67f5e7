"""core.history: versions of a record with its parts, their differences, and the revert."""

import pytest
import reversion
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from core import history, publishing
from core.publishing import Visibility
from publications.models import Publication
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def save_version(row, by=None):
    with history.recorded(row, by=by):
        row.save()
    return Version.objects.get_for_object(row).first()


def last_two(row):
    """The snapshots of the row's last two versions, older first."""
    versions = Version.objects.get_for_object(row).order_by("-pk")[:2]
    return [history.snapshot(v) for v in reversed(versions)]


def test_the_first_recorded_version_has_nothing_to_compare_with():
    publication = PublicationFactory()
    version = save_version(publication)
    assert history.diff(None, history.snapshot(version)) is None


def test_a_diff_names_fields_choices_and_related_rows_in_the_active_language():
    collection = PublicationFactory(title="Сборник трудов")
    topic = TopicFactory(name="Таможня", featured=False)
    publication = PublicationFactory(type=Publication.Type.MONOGRAPH)
    save_version(publication)
    publication.type = Publication.Type.ARTICLE
    publication.parent = collection
    publication.save()
    publication.topics.add(topic)
    save_version(publication)
    old, new = last_two(publication)
    with translation.override("ru"):
        changes = {c.label: (str(c.old), str(c.new)) for c in history.diff(old, new).fields}
    assert changes["Вид издания"] == ("Монография", "Статья")
    assert changes["Входит в"] == ("—", "Сборник трудов")
    assert changes["Темы"] == ("—", "Таможня")
    with translation.override("en"):
        changes = {c.label: (str(c.old), str(c.new)) for c in history.diff(old, new).fields}
    assert changes["Type"] == ("Monograph", "Article")
    # Booleans and rows since deleted.
    save_version(topic)
    topic.featured = True
    save_version(topic)
    old, new = last_two(topic)
    with translation.override("ru"):
        assert [(c.old, c.new) for c in history.diff(old, new).fields] == [("нет", "да")]
    publication.parent = None
    save_version(publication)
    pk = collection.pk
    collection.delete()
    old, new = last_two(publication)
    with translation.override("ru"):
        parent = next(c for c in history.diff(old, new).fields if c.label == "Входит в")
    assert (str(parent.old), str(parent.new)) == (f"№{pk} (удалено)", "—")


def test_parts_added_removed_and_changed():
    publication = PublicationFactory()
    kept = AuthorshipFactory(publication=publication, order=0)
    gone = AuthorshipFactory(publication=publication, order=1)
    save_version(publication)
    gone.delete()
    kept.order = 5
    kept.save()
    AuthorshipFactory(publication=publication, order=2)
    save_version(publication)
    old, new = last_two(publication)
    with translation.override("en"):
        parts = history.diff(old, new).parts
    assert [(p.label, p.kind) for p in parts] == [
        ("Authorship", "removed"),
        ("Authorship", "added"),
        ("Authorship", "changed"),
    ]
    assert [(c.label, c.old, c.new) for c in parts[2].changes] == [
        ("Position in the list", "0", "5")
    ]


def test_only_curators_revert_and_a_published_version_stays_theirs(curator, editor):
    publication = PublicationFactory(status=Visibility.PUBLISHED)
    version = save_version(publication)
    with pytest.raises(PermissionDenied):
        history.revert(version=version, by=editor)
    history.revert(version=version, by=curator)


def test_a_revert_restores_the_status_and_writes_both_to_the_audit_list(curator):
    from core.models import AuditEntry

    draft = PublicationFactory(draft=True)
    version = save_version(draft)
    publishing.publish(objects=[draft], by=curator)
    history.revert(version=version, by=curator)
    draft.refresh_from_db()
    assert draft.status == Visibility.DRAFT
    actions = list(
        AuditEntry.objects.filter(object_id=draft.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["published", "reverted", "returned"]


def test_a_deleted_file_row_keeps_its_bytes_for_the_revert(
    curator, media_root, django_capture_on_commit_callbacks
):
    file = PublicationFileFactory()
    publication = file.publication
    version = save_version(publication)
    name = file.file.name
    with django_capture_on_commit_callbacks(execute=True), reversion.create_revision():
        file.delete()
    assert file.file.storage.exists(name)  # a version still names it
    with django_capture_on_commit_callbacks(execute=True):
        history.revert(version=version, by=curator)
    assert publication.files.get().file.name == name


def test_the_history_page_reads_a_fixed_number_of_queries(
    client, curator, django_assert_num_queries
):
    publication = PublicationFactory()
    AuthorshipFactory(publication=publication)
    PublicationFileFactory(publication=publication)
    client.force_login(curator)
    url = reverse("admin:publications_publication_history", args=[publication.pk])

    def versions(count):
        for n in range(count):
            publication.title = f"Название {n}"
            save_version(publication, by=curator)

    versions(2)
    with django_assert_num_queries(8) as few:
        assert client.get(url).status_code == 200
    versions(5)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
