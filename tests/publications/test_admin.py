"""The admin: pages render, search finds by author and identifier, actions publish."""

import datetime

import pytest
from django.urls import reverse

from core.publishing import Visibility
from publications.models import DownloadVisit, Publication
from tests.publications.factories import (
    AuthorshipFactory,
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication():
    publication = PublicationFactory(isbn="978-3-16-148410-0", doi="10.1000/book")
    AuthorshipFactory(publication=publication, person__family_name_lat="Mozer")
    PublisherFactory(publication=publication)
    publication.topics.add(TopicFactory())
    PublicationFileFactory(publication=publication, original_name="Книга.pdf")
    return publication


@pytest.mark.parametrize(
    "url",
    [
        "/ru/admin/publications/publication/",
        "/ru/admin/publications/publication/add/",
        "/ru/admin/publications/topic/",
        "/ru/admin/publications/topic/add/",
        "/ru/admin/publications/publicationfile/",
        "/ru/admin/publications/publication/?type__exact=monograph&status__exact=published",
    ],
)
def test_admin_pages_render(staff_client, publication, url):
    assert staff_client.get(url).status_code == 200


def test_change_page_shows_file_facts_and_monthly_downloads(staff_client, publication):
    file = publication.files.get()
    DownloadVisit.objects.create(file=file, visitor="a", day=datetime.date.today())
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    html = staff_client.get(url).content.decode()
    assert file.sha256 in html
    assert "Книга.pdf" in html
    assert datetime.date.today().strftime("%Y-%m") in html
    assert "/ru/admin/r/" in html  # "view on site"
    # The current file is linked through the checked download view, not the media folder.
    assert file.get_absolute_url() in html
    assert f"/media/{file.file.name}" not in html
    file_url = reverse("admin:publications_publicationfile_change", args=[file.pk])
    assert staff_client.get(file_url).status_code == 200


@pytest.mark.parametrize("query", ["Mozer", "978-3-16-148410-0", "10.1000/book"])
def test_search_by_author_isbn_doi(staff_client, publication, query):
    PublicationFactory(title="Другая")
    response = staff_client.get("/ru/admin/publications/publication/", {"q": query})
    assert list(response.context["cl"].result_list) == [publication]


def test_autocomplete_for_people_and_organisations(staff_client, publication):
    person = publication.authorships.get().person
    response = staff_client.get(
        "/ru/admin/autocomplete/",
        {
            "term": "Mozer",
            "app_label": "publications",
            "model_name": "authorship",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(person.pk)]


def test_publish_and_unpublish_actions(staff_client):
    draft = PublicationFactory(draft=True)
    url = "/ru/admin/publications/publication/"
    staff_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Visibility.PUBLISHED
    assert draft.published_at is not None
    assert Publication.objects.published().filter(pk=draft.pk).exists()
    staff_client.post(url, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Visibility.DRAFT


def test_preview_link_of_a_draft_opens_for_staff(staff_client):
    draft = PublicationFactory(draft=True)
    html = staff_client.get("/ru/admin/publications/publication/").content.decode()
    assert draft.get_absolute_url() in html
    assert staff_client.get(draft.get_absolute_url()).status_code == 200


def test_parent_cycle_is_a_form_error(staff_client):
    top = PublicationFactory()
    child = PublicationFactory(parent=top)
    url = reverse("admin:publications_publication_change", args=[top.pk])
    data = {
        "type": top.type,
        "title_ru": top.title_ru,
        "title_en": top.title_en or "",
        "slug": top.slug,
        "language": top.language,
        "status": top.status,
        "year": top.year,
        "published_at_0": top.published_at.strftime("%d.%m.%Y"),
        "published_at_1": top.published_at.strftime("%H:%M:%S"),
        "parent": child.pk,
    }
    for prefix in ("authorships", "publisher_links", "files"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    top.refresh_from_db()
    assert top.parent is None
