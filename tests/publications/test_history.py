"""A publication's history: every change with its authors, files and topics, and the revert."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from reversion.models import Version

from core.models import AuditEntry
from publications.models import Publication
from tests.admin_forms import form_data
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    TopicFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication():
    """A publication saved before history was kept: two authors, a file and two topics."""
    publication = PublicationFactory(title="Таможенное право", title_en="Customs law")
    AuthorshipFactory(publication=publication, person__family_name_cyr="Мозер", order=0)
    AuthorshipFactory(publication=publication, person__family_name_cyr="Иванов", order=1)
    PublicationFileFactory(publication=publication, content=pdf_bytes("Первое издание"))
    publication.topics.add(TopicFactory(name="Таможня"), TopicFactory(name="Право"))
    return publication


def text(html):
    """The page's text, tags and runs of whitespace as single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def authors(publication):
    return [a.person.family_name_cyr for a in publication.authorships.order_by("order", "pk")]


def change_url(publication):
    return reverse("admin:publications_publication_change", args=[publication.pk])


def history_url(publication):
    return reverse("admin:publications_publication_history", args=[publication.pk])


@pytest.fixture
def edited(client, curator, publication, django_capture_on_commit_callbacks):
    """The curator changes the title, swaps the authors, replaces the file and drops a topic."""
    client.force_login(curator)
    data = form_data(client.get(change_url(publication)))
    data["title_ru"] = "Таможенное право России"
    data["authorships-0-order"], data["authorships-1-order"] = "1", "0"
    data["files-0-file"] = SimpleUploadedFile(
        "second.pdf", pdf_bytes("Второе издание"), "application/pdf"
    )
    data["topics"] = [str(publication.topics.get(name="Таможня").pk)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(publication), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    publication.refresh_from_db()
    assert publication.title == "Таможенное право России"
    assert authors(publication) == ["Иванов", "Мозер"]
    assert publication.files.get().original_name == "second.pdf"
    assert [t.name for t in publication.topics.all()] == ["Таможня"]
    return publication


def test_the_history_shows_each_version_with_its_changes_in_russian(client, edited, curator):
    versions = Version.objects.get_for_object(edited)
    assert versions.count() == 2  # as it was before the change, and after
    html = client.get(history_url(edited)).content.decode()
    assert html.count('class="module history-entry"') == 2
    assert "curator" in html
    assert "Первая записанная версия." in html  # the state before the first change
    # The title, old and new; the authorships' positions; the file; the topics.
    assert "<del>Таможенное право</del>" in html
    assert "<ins>Таможенное право России</ins>" in html
    # Positions are renumbered 1, 2, … on save: Мозер moves from the first place to the second
    # (0 → 2), Иванов, now first, keeps the number 1.
    assert "Авторство — изменено: Мозер" in text(html)
    assert "Место в списке 0 2" in text(html)
    assert "Место в списке" in html
    assert "<del>Полный текст.pdf</del>" in html and "<ins>second.pdf</ins>" in html
    assert "<del>Право, Таможня</del>" in html and "<ins>Таможня</ins>" in html
    assert "Сохранено в админке." in html  # the comment
    assert "Аннотация" not in html  # unchanged fields are not listed


def test_the_history_speaks_english_in_the_english_admin(client, edited):
    url = history_url(edited).replace("/ru/", "/en/", 1)
    html = client.get(url).content.decode()
    assert "First recorded version." in html
    assert "Position in the list" in html
    assert "Authorship — changed: Мозер" in text(html)


def test_a_curator_reverts_the_record_with_its_authors_file_and_topics(
    client, edited, curator, django_capture_on_commit_callbacks
):
    first = Version.objects.get_for_object(edited).order_by("pk").first()
    url = reverse("admin:publications_publication_revision", args=[edited.pk, first.pk])
    assert url in client.get(history_url(edited)).content.decode()
    page = client.get(url).content.decode()  # what will change, before anything does
    assert "<ins>Таможенное право</ins>" in page
    edited.refresh_from_db()
    assert edited.title == "Таможенное право России"

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    publication = Publication.objects.get(pk=edited.pk)
    assert publication.title == "Таможенное право"
    assert publication.title_en == "Customs law"
    assert authors(publication) == ["Мозер", "Иванов"]
    assert sorted(t.name for t in publication.topics.all()) == ["Право", "Таможня"]
    file = publication.files.get()
    assert file.original_name == "Полный текст.pdf"
    client.logout()  # the public download serves the first file's bytes again
    response = client.get(file.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == file.file.open("rb").read()
    assert file.sha256 == PublicationFileFactory.build(content=pdf_bytes("Первое издание")).sha256
    entry = AuditEntry.latest_for(publication)
    assert entry.action == AuditEntry.Action.REVERTED and entry.user == curator
    # The revert is a version too: the history can go forward again.
    assert Version.objects.get_for_object(publication).count() == 3


def test_rows_added_after_the_version_are_deleted(client, edited, curator):
    first = Version.objects.get_for_object(edited).order_by("pk").first()
    AuthorshipFactory(publication=edited, person__family_name_cyr="Петров", order=2)
    url = reverse("admin:publications_publication_revision", args=[edited.pk, first.pk])
    assert client.post(url).status_code == 302
    assert authors(edited) == ["Мозер", "Иванов"]


def test_an_editor_reads_the_history_but_cannot_revert(client, edited, editor):
    first = Version.objects.get_for_object(edited).order_by("pk").first()
    url = reverse("admin:publications_publication_revision", args=[edited.pk, first.pk])
    client.force_login(editor)
    response = client.get(history_url(edited))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<ins>Таможенное право России</ins>" in html
    assert "Вернуть эту версию" not in html and url not in html
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    edited.refresh_from_db()
    assert edited.title == "Таможенное право России"
    assert authors(edited) == ["Иванов", "Мозер"]
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVERTED).exists()


def test_publishing_outside_the_admin_is_recorded(curator):
    from core import publishing

    draft = PublicationFactory(draft=True)
    publishing.publish(objects=[draft], by=curator)
    versions = Version.objects.get_for_object(draft).order_by("pk")
    assert [v.field_dict["status"] for v in versions] == ["draft", "published"]
    assert versions.last().revision.user == curator


def test_a_version_of_another_record_is_not_found(client, edited, curator):
    other = PublicationFactory()
    version = Version.objects.get_for_object(edited).first()
    url = reverse("admin:publications_publication_revision", args=[other.pk, version.pk])
    assert client.post(url).status_code == 404


def test_recovering_deleted_records_is_off(staff_client):
    """Only superusers delete, and a deleted record's history goes with it."""
    for name in ("recoverlist", "recover"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:publications_publication_{name}", args=[1] if name == "recover" else [])
    response = staff_client.get("/ru/admin/publications/publication/recover/", follow=True)
    assert "recover" not in response.redirect_chain[-1][0]
