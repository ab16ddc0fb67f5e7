"""Photos and covers are served alike: one thumbnail helper, one cache rule, 404 when unusable."""

import pytest
from django.test import Client
from django.urls import reverse

from core.publishing import Visibility
from tests.events.factories import EventFactory
from tests.people.factories import PersonFactory, image_upload
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

# kind -> (make a row, the image field, the URL name, a size the pages use)
KINDS = {
    "person photo": (PersonFactory, "photo", "people:photo", "small"),
    "publication cover": (PublicationFactory, "cover", "publications:cover", "large"),
    "event cover": (EventFactory, "cover", "events:cover", "medium"),
}


def make(kind, *, draft=False, image=True):
    factory, field, _, _ = KINDS[kind]
    extra = {field: image_upload("original.png", image_format="PNG")} if image else {}
    if draft:
        extra |= {"status": Visibility.DRAFT}
        if factory is PublicationFactory:
            extra |= {"published_at": None}
    return factory(**extra)


def url(kind, row, size=None):
    _, _, name, default_size = KINDS[kind]
    return reverse(name, kwargs={"slug": row.slug, "size": size or default_size})


def image_of(kind, row):
    return getattr(row, KINDS[kind][1])


@pytest.fixture(params=KINDS)
def kind(request):
    return request.param


def test_a_public_thumbnail_is_cached_for_a_day_and_revalidates(client, kind):
    row = make(kind)
    response = client.get(url(kind, row))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Content-Disposition"].startswith(f'inline; filename="{row.slug}-')
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    again = client.get(url(kind, row), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_a_staff_preview_of_a_draft_is_never_stored(staff_client, kind):
    row = make(kind, draft=True)
    assert Client().get(url(kind, row)).status_code == 404
    response = staff_client.get(url(kind, row))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, no-store"


def test_head_has_the_headers_and_post_is_refused(client, kind):
    row = make(kind)
    head = client.head(url(kind, row))
    assert head.status_code == 200
    assert head["Content-Type"] == "image/webp"
    assert int(head["Content-Length"]) > 0
    assert head.content == b""
    assert client.post(url(kind, row)).status_code == 405


def test_an_unknown_size_or_a_row_without_an_image_is_not_found(client, kind):
    row = make(kind)
    assert client.get(url(kind, row)).status_code == 200
    assert client.get(url(kind, row, size="original")).status_code == 404
    assert client.get(url(kind, make(kind, image=False))).status_code == 404


def test_a_missing_original_is_not_found(client, kind):
    row = make(kind)
    image = image_of(kind, row)
    assert image.storage.exists(image.name)
    image.storage.delete(image.name)
    assert client.get(url(kind, row)).status_code == 404


def test_a_damaged_original_is_not_found(client, kind):
    row = make(kind)
    image = image_of(kind, row)
    path = image.path
    with open(path, "r+b") as stored:
        stored.truncate(40)
    assert image.storage.size(image.name) == 40
    assert client.get(url(kind, row)).status_code == 404
