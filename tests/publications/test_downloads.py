"""The download view: access rules, and exact HTTP answers for full, partial and cached requests."""

import datetime
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from core.media.downloads import ascii_fallback, content_disposition, parse_range
from publications.models import PublicationFile
from tests.publications.factories import PublicationFactory, PublicationFileFactory, pdf_bytes

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CONTENT = pdf_bytes("Range test", padding=3000)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def pdf_file():
    return PublicationFileFactory(content=CONTENT, original_name="Цифровая таможня. Опыт ВТамО.pdf")


def url(file):
    return reverse("publications:download", kwargs={"pk": file.pk})


def get(client, file, **headers):
    return client.get(url(file), headers={"User-Agent": BROWSER, **headers})


def test_full_download_headers_and_bytes(client, pdf_file):
    response = get(client, pdf_file)
    assert response.status_code == 200
    assert response.streaming
    assert body(response) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(CONTENT))
    assert response["Accept-Ranges"] == "bytes"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] == f'"{pdf_file.sha256}"'
    assert response["Last-Modified"] == http_date(int(pdf_file.updated.timestamp()))
    assert "Content-Range" not in response


def test_cyrillic_file_name_arrives_intact(client, pdf_file):
    disposition = get(client, pdf_file)["Content-Disposition"]
    expected = quote("Цифровая таможня. Опыт ВТамО.pdf", safe="")
    assert disposition == (
        'attachment; filename="Tsifrovaya tamozhnya. Opyt VTamO.pdf"; '
        f"filename*=UTF-8''{expected}"
    )


def test_ascii_name_has_no_extended_parameter():
    assert content_disposition("report-2021.pdf") == 'attachment; filename="report-2021.pdf"'
    assert content_disposition("a.pdf", as_attachment=False) == 'inline; filename="a.pdf"'


def test_ascii_fallback_drops_quotes_and_controls():
    assert ascii_fallback('evil"\r\nname;.pdf') == "evil___name_.pdf"
    assert ascii_fallback("数字.pdf") == "download.pdf"
    assert ascii_fallback("Ёлка щука.epub") == "Elka shchuka.epub"


def test_head_has_headers_and_no_body(client, pdf_file):
    response = client.head(url(pdf_file), headers={"User-Agent": BROWSER})
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == str(len(CONTENT))
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"] == f'"{pdf_file.sha256}"'


def test_if_none_match_gives_304(client, pdf_file):
    response = get(client, pdf_file, **{"If-None-Match": f'"{pdf_file.sha256}"'})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == f'"{pdf_file.sha256}"'


def test_if_modified_since_gives_304(client, pdf_file):
    later = http_date(int(pdf_file.updated.timestamp()) + 60)
    response = get(client, pdf_file, **{"If-Modified-Since": later})
    assert response.status_code == 304
    earlier = http_date(int(pdf_file.updated.timestamp()) - 3600)
    assert get(client, pdf_file, **{"If-Modified-Since": earlier}).status_code == 200


def test_stale_etag_gives_the_file(client, pdf_file):
    response = get(client, pdf_file, **{"If-None-Match": '"something-else"'})
    assert response.status_code == 200
    assert body(response) == CONTENT


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-199", 100, 199),
        ("bytes=1000-", 1000, len(CONTENT) - 1),
        ("bytes=-500", len(CONTENT) - 500, len(CONTENT) - 1),
        (f"bytes=10-{len(CONTENT) + 5000}", 10, len(CONTENT) - 1),
    ],
)
def test_single_range_gives_206(client, pdf_file, header, start, end):
    response = get(client, pdf_file, Range=header)
    assert response.status_code == 206
    assert body(response) == CONTENT[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(CONTENT)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("header", [f"bytes={len(CONTENT)}-", "bytes=999999-1000000", "bytes=-0"])
def test_unsatisfiable_range_gives_416(client, pdf_file, header):
    response = get(client, pdf_file, Range=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(CONTENT)}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "items=0-5", "bytes=9-2", "bytes=abc"])
def test_multiple_or_malformed_ranges_get_the_whole_file(client, pdf_file, header):
    response = get(client, pdf_file, Range=header)
    assert response.status_code == 200
    assert body(response) == CONTENT


def test_if_range_with_an_old_version_sends_everything(client, pdf_file):
    current = get(client, pdf_file, Range="bytes=0-9", **{"If-Range": f'"{pdf_file.sha256}"'})
    assert current.status_code == 206
    stale = get(client, pdf_file, Range="bytes=0-9", **{"If-Range": '"old"'})
    assert stale.status_code == 200
    assert body(stale) == CONTENT


def test_parse_range_edge_cases():
    assert parse_range("bytes=0-0", 10) == (0, 0)
    assert parse_range("bytes=-20", 10) == (0, 9)
    assert parse_range("", 10) is None


def test_post_is_not_allowed(client, pdf_file):
    assert client.post(url(pdf_file)).status_code == 405


def test_accel_redirect_hands_the_bytes_to_nginx(client, pdf_file, settings):
    settings.DOWNLOAD_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    response = get(client, pdf_file)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{pdf_file.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


# Access: the public get the same 404 as for a file that never existed.
# (``staff_client`` logs the ``client`` fixture in, so the public use a fresh Client.)


def test_missing_file_is_404(client):
    assert client.get(reverse("publications:download", kwargs={"pk": 999})).status_code == 404


def test_draft_publication_file_is_404_for_public_and_served_to_staff(staff_client):
    file = PublicationFileFactory(publication=PublicationFactory(draft=True))
    assert get(Client(), file).status_code == 404
    assert get(staff_client, file).status_code == 200


def test_scheduled_publication_is_not_downloadable_yet(client):
    future = timezone.now() + datetime.timedelta(days=3)
    file = PublicationFileFactory(publication=PublicationFactory(published_at=future))
    assert get(client, file).status_code == 404


def test_embargoed_file(staff_client):
    client = Client()
    today = timezone.localdate()
    embargoed = PublicationFileFactory(
        access=PublicationFile.Access.EMBARGOED, embargo_until=today + datetime.timedelta(days=1)
    )
    lifted = PublicationFileFactory(
        access=PublicationFile.Access.EMBARGOED, embargo_until=today - datetime.timedelta(days=1)
    )
    assert get(client, embargoed).status_code == 404
    assert get(staff_client, embargoed).status_code == 200
    assert get(client, lifted).status_code == 200


def test_staff_only_file(staff_client, django_user_model):
    client = Client()
    file = PublicationFileFactory(access=PublicationFile.Access.STAFF)
    not_found = get(client, file)
    assert not_found.status_code == 404
    assert b"staff" not in not_found.content.lower()
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    assert get(client, file).status_code == 404
    assert body(get(staff_client, file)) == file.file.open("rb").read()


def test_file_missing_from_storage_is_404_not_500(client, pdf_file):
    pdf_file.file.storage.delete(pdf_file.file.name)
    assert get(client, pdf_file).status_code == 404


def test_a_file_on_local_disk_goes_to_the_server_as_an_open_file(rf, pdf_file):
    """gunicorn sends a response's ``file_to_stream`` with sendfile: from the file's position,
    as many bytes as Content-Length says. (The view is called directly: the test client
    wraps a streamed body in an iterator of its own.)"""
    import os

    from core.media.downloads import FileSlice
    from publications.views import download

    def fetch(**headers):
        request = rf.get(url(pdf_file), headers={"User-Agent": BROWSER, **headers})
        request.user = AnonymousUser()
        return download(request, pk=pdf_file.pk)

    whole = fetch()
    assert isinstance(whole.file_to_stream, FileSlice)
    assert os.lseek(whole.file_to_stream.fileno(), 0, os.SEEK_CUR) == 0
    assert body(whole) == CONTENT

    part = fetch(Range="bytes=100-199")
    handle = part.file_to_stream
    assert part.status_code == 206 and part["Content-Length"] == "100"
    assert os.lseek(handle.fileno(), 0, os.SEEK_CUR) == 100  # where sendfile starts
    assert body(part) == CONTENT[100:200]  # a server that reads stops at the range's end
    assert len(CONTENT) > 200  # the control: the file goes on past the range
