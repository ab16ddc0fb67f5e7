"""Media in S3-compatible object storage, against a real local S3 server (moto in server mode).

The portal is configured as in production with ``PORTAL_S3_*`` (``settings.s3_media_storage``)
and each test gets its own bucket. Skipped without moto, except in CI (``CI_REQUIRE_S3``).
"""

import os
import socket
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from core.media.storage import StorageFailure
from publications import services
from publications.models import Publication, PublicationFile
from publications.usage import aggregate
from science_portal import settings as portal_settings
from tests.people.factories import image_upload
from tests.publications.factories import PublicationFactory, PublicationFileFactory, pdf_bytes
from tests.publications.test_uploads import admin_add_data
from tests.test_storage_faults import pdf_row

try:
    import boto3
    from moto.server import ThreadedMotoServer
except ImportError:  # pragma: no cover
    if os.environ.get("CI_REQUIRE_S3"):
        raise
    pytest.skip("moto is not installed", allow_module_level=True)

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CONTENT = pdf_bytes("Object storage", padding=200_000)
KEYS = {"PORTAL_S3_ACCESS_KEY": "testing", "PORTAL_S3_SECRET_KEY": "testing"}


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def storage_settings(settings, **environ):
    default = portal_settings.s3_media_storage(KEYS | {"PORTAL_S3_REGION": "us-east-1"} | environ)
    return {**settings.STORAGES, "default": default}


@pytest.fixture
def s3(settings, s3_endpoint):
    """The portal's media in a fresh bucket (under a prefix); the bucket's boto3 client."""
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket)
    storages = storage_settings(
        settings,
        PORTAL_S3_BUCKET=bucket,
        PORTAL_S3_ENDPOINT_URL=s3_endpoint,
        PORTAL_S3_PREFIX="portal/",
    )
    with override_settings(STORAGES=storages):
        assert type(default_storage._wrapped).__name__ in {"object", "S3MediaStorage"}
        client.bucket = bucket
        yield client


def keys(s3):
    listing = s3.list_objects_v2(Bucket=s3.bucket)
    return {entry["Key"] for entry in listing.get("Contents", [])}


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def download(client, file, **headers):
    url = reverse("publications:download", kwargs={"pk": file.pk})
    return client.get(url, headers={"User-Agent": BROWSER, **headers})


# The configuration.


def test_without_a_bucket_the_media_stay_on_local_disk():
    assert portal_settings.s3_media_storage({}) is None
    assert portal_settings.STORAGES["default"]["BACKEND"] == "core.media.storage.MediaStorage"


def test_the_bucket_settings_make_private_objects():
    storage = portal_settings.s3_media_storage(
        {
            "PORTAL_S3_BUCKET": "science",
            "PORTAL_S3_ENDPOINT_URL": "https://s3.example.org",
            "PORTAL_S3_ADDRESSING": "virtual",
            "PORTAL_S3_PREFIX": "/media/",
        }
    )
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "core.media.s3.S3MediaStorage"
    assert options["bucket_name"] == "science"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["location"] == "media"
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["access_key"] is None  # boto3's own chain: AWS_* variables, instance role
    assert options["client_config"].s3 == {"addressing_style": "virtual"}


def test_an_unknown_addressing_style_is_refused():
    with pytest.raises(ImproperlyConfigured):
        portal_settings.s3_media_storage({"PORTAL_S3_BUCKET": "b", "PORTAL_S3_ADDRESSING": "dns"})


# Uploads.


def test_an_upload_through_the_service_is_stored_in_the_bucket(s3, media_root):
    publication = PublicationFactory()
    upload = SimpleUploadedFile("book.pdf", CONTENT, "application/pdf")
    row = services.add_file(publication=publication, upload=upload, label_ru="Текст")
    assert f"portal/{row.file.name}" in keys(s3)
    stored = s3.get_object(Bucket=s3.bucket, Key=f"portal/{row.file.name}")
    assert stored["Body"].read() == CONTENT
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))
    # Private: no ACL grants anyone but the owner.
    grants = s3.get_object_acl(Bucket=s3.bucket, Key=f"portal/{row.file.name}")["Grants"]
    assert all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants)


def test_an_upload_through_the_admin_is_stored_in_the_bucket(s3, staff_client):
    data = admin_add_data(
        cover=image_upload("cover.jpg"), **pdf_row(SimpleUploadedFile("book.pdf", CONTENT))
    )
    response = staff_client.post(reverse("admin:publications_publication_add"), data)
    assert response.status_code == 302
    publication = Publication.objects.get()
    file = PublicationFile.objects.get()
    assert {f"portal/{publication.cover.name}", f"portal/{file.file.name}"} <= keys(s3)


def test_a_missing_bucket_is_a_form_error_and_nothing_is_saved(s3, settings, staff_client):
    s3.delete_bucket(Bucket=s3.bucket)
    publication = PublicationFactory()
    upload = SimpleUploadedFile("book.pdf", CONTENT, "application/pdf")
    with pytest.raises(ValidationError) as raised:
        services.add_file(publication=publication, upload=upload, label_ru="Текст")
    assert raised.value.code == "storage"
    assert not PublicationFile.objects.exists()

    data = admin_add_data(**pdf_row(SimpleUploadedFile("book.pdf", CONTENT)))
    response = staff_client.post(reverse("admin:publications_publication_add"), data)
    assert response.status_code == 200
    assert "Файл не удалось сохранить" in response.content.decode()
    assert Publication.objects.count() == 1  # only the factory's
    assert not PublicationFile.objects.exists()


def test_a_failed_upload_leaves_no_object_of_the_same_page(s3, staff_client, monkeypatch):
    from core.media import s3 as s3_module

    original = s3_module.S3Storage._save

    def save(storage, name, content):
        if name.startswith("publications/files/"):
            from botocore.exceptions import EndpointConnectionError

            raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")
        return original(storage, name, content)

    monkeypatch.setattr(s3_module.S3Storage, "_save", save)
    data = admin_add_data(
        cover=image_upload("cover.jpg"), **pdf_row(SimpleUploadedFile("book.pdf", CONTENT))
    )
    response = staff_client.post(reverse("admin:publications_publication_add"), data)
    assert response.status_code == 200
    assert not Publication.objects.exists()
    assert keys(s3) == set()  # the cover stored first was removed again


# Downloads: the same HTTP answers as from local disk.


@pytest.fixture
def pdf_file(s3):
    return PublicationFileFactory(content=CONTENT, original_name="Цифровая таможня.pdf")


def test_a_public_download_streams_the_exact_bytes(client, pdf_file):
    response = download(client, pdf_file)
    assert response.status_code == 200
    assert response.streaming
    assert body(response) == CONTENT
    assert response["Content-Length"] == str(len(CONTENT))
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert "Location" not in response
    aggregate.aggregate()
    pdf_file.refresh_from_db()
    assert pdf_file.download_count == 1


def test_a_range_gives_206_with_the_exact_slice(client, pdf_file):
    response = download(client, pdf_file, Range="bytes=100000-100099")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100000-100099/{len(CONTENT)}"
    assert body(response) == CONTENT[100000:100100]
    suffix = download(client, pdf_file, Range="bytes=-10")
    assert suffix.status_code == 206
    assert body(suffix) == CONTENT[-10:]


def test_a_range_past_the_end_gives_416(client, pdf_file):
    response = download(client, pdf_file, Range=f"bytes={len(CONTENT)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(CONTENT)}"


def test_if_none_match_gives_304(client, pdf_file):
    etag = download(client, pdf_file)["ETag"]
    response = download(client, pdf_file, If_None_Match=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_a_range_reads_only_its_bytes_from_the_bucket(client, pdf_file, monkeypatch):
    from core.media.s3 import S3MediaStorage

    def whole_object(*args, **kwargs):
        raise AssertionError("the whole object was downloaded")

    monkeypatch.setattr(S3MediaStorage, "_open", whole_object)
    response = download(client, pdf_file, Range="bytes=0-9")
    assert body(response) == CONTENT[:10]


def test_a_missing_object_is_404(client, pdf_file, s3):
    s3.delete_object(Bucket=s3.bucket, Key=f"portal/{pdf_file.file.name}")
    assert download(client, pdf_file).status_code == 404


def test_a_drafts_file_is_404_for_anonymous_and_never_redirected(staff_client, s3):
    draft = PublicationFactory(status="draft", published_at=None)
    file = PublicationFileFactory(publication=draft, content=CONTENT)
    response = download(Client(), file)
    assert response.status_code == 404
    assert "Location" not in response
    assert s3.meta.endpoint_url not in response.content.decode()
    staff = download(staff_client, file)
    assert staff.status_code == 200
    assert body(staff) == CONTENT


def test_the_accel_redirect_is_not_used_for_object_storage(client, pdf_file, settings):
    settings.DOWNLOAD_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    response = download(client, pdf_file)
    assert "X-Accel-Redirect" not in response
    assert body(response) == CONTENT


# Thumbnails and cleanup.


def test_cover_thumbnails_are_made_and_served_from_the_bucket(client, s3):
    publication = PublicationFactory(cover=image_upload("cover.png", image_format="PNG"))
    url = reverse("publications:cover", kwargs={"slug": publication.slug, "size": "large"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert body(response)[:4] == b"RIFF"
    stem = publication.cover.name.rsplit(".", 1)[0]
    assert f"portal/{stem}.cover-large.webp" in keys(s3)
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_replacing_and_deleting_files_removes_their_objects(
    client, s3, django_capture_on_commit_callbacks
):
    publication = PublicationFactory(cover=image_upload("cover.png", image_format="PNG"))
    url = reverse("publications:cover", kwargs={"slug": publication.slug, "size": "large"})
    assert client.get(url).status_code == 200
    before = keys(s3)
    assert len(before) == 2  # the cover and its thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        publication.cover = image_upload("other.png", image_format="PNG")
        publication.save()
    assert keys(s3) == {f"portal/{publication.cover.name}"}
    with django_capture_on_commit_callbacks(execute=True):
        publication.delete()
    assert keys(s3) == set()


def test_deleting_a_file_row_removes_its_object(s3, django_capture_on_commit_callbacks):
    file = PublicationFileFactory(content=CONTENT)
    assert keys(s3) == {f"portal/{file.file.name}"}
    with django_capture_on_commit_callbacks(execute=True):
        file.delete()
    assert keys(s3) == set()


# The health check.


def test_the_health_check_writes_and_removes_an_object(client, s3):
    response = client.get("/healthz")
    assert response.json()["storage"] == "ok"
    assert keys(s3) == set()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_health_check_reports_an_unreachable_endpoint(client, settings):
    storages = storage_settings(
        settings,
        PORTAL_S3_BUCKET="media",
        PORTAL_S3_ENDPOINT_URL=f"http://127.0.0.1:{closed_port()}",
    )
    with override_settings(STORAGES=storages):
        response = client.get("/healthz")
        with pytest.raises(StorageFailure):
            default_storage.exists("anything")
    assert response.status_code == 503
    assert response.json()["storage"] == "unavailable"
