"""Uploads are judged by content: fakes, oversized files and image bombs are refused, unstored."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from PIL import Image

from publications import services
from publications.models import Publication, PublicationFile
from tests import hostile
from tests.publications.factories import PublicationFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def epub_bytes(mimetype=b"application/epub+zip"):
    book = zipfile.ZipFile(io.BytesIO(hostile.epub()))
    members = [(info.filename, book.read(info)) for info in book.infolist()]
    return hostile.zip_bytes([("mimetype", mimetype), *members[1:]])


def test_a_pdf_is_stored_under_a_server_name_with_its_metadata(media_root):
    data = pdf_bytes("Monograph")
    upload = SimpleUploadedFile("../../Монография (итог).PDF", data, "text/plain")
    stored = services.add_file(publication=PublicationFactory(), upload=upload, label_ru="Текст")
    assert stored.original_name == "Монография (итог).PDF"
    assert stored.size == len(data)
    assert stored.mime_type == "application/pdf"
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.file.name.startswith("publications/files/")
    assert stored.file.name.endswith(".pdf")
    assert "Монография" not in stored.file.name
    assert [p.read_bytes() for p in stored_files(media_root)] == [data]


def test_an_epub_is_recognised():
    upload = ContentFile(epub_bytes(), name="book.epub")
    stored = services.add_file(publication=PublicationFactory(), upload=upload)
    assert stored.mime_type == "application/epub+zip"
    assert stored.format_label == "EPUB"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("fake.pdf", b"<html><script>alert(1)</script></html>"),
        ("fake.pdf", b"MZ\x90\x00 an executable renamed"),
        ("archive.epub", epub_bytes(b"application/zip")),
        ("broken.epub", b"PK\x03\x04" + b"\x00" * 26 + b"mimetype" + b"garbage"),
        ("empty.pdf", b""),
        # Hostile files that start right: a real parse finds them out.
        ("page.pdf", b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>"),
        ("polyglot.pdf", hostile.pdf(header=b"%PDF-1.7\n%<html><script>alert(1)</script>\n")),
        ("open.pdf", hostile.pdf(catalog=b"/OpenAction << /S /JavaScript /JS (alert(1)) >>")),
        ("js.pdf", hostile.pdf(catalog=b"/Names << /JavaScript << /Names [] >> >>")),
        ("aa.pdf", hostile.pdf(page=b"/AA << /O << /S /Launch /F (cmd.exe) >> >>")),
        ("bomb.pdf", hostile.pdf_bomb(2 * 1024**3)),
        ("bomb.epub", hostile.epub(extra=[("OEBPS/big.xhtml", bytes(300 * 1024 * 1024))])),
        ("escape.epub", hostile.epub(extra=[("../../escape.sh", b"rm -rf /")])),
        (
            "no-package.epub",
            hostile.zip_bytes(
                [
                    ("mimetype", b"application/epub+zip"),
                    ("META-INF/container.xml", hostile.CONTAINER),
                ]
            ),
        ),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_not_stored(media_root, name, data):
    publication = PublicationFactory()
    with pytest.raises(ValidationError):
        services.add_file(publication=publication, upload=SimpleUploadedFile(name, data))
    assert not PublicationFile.objects.exists()
    assert stored_files(media_root) == []


def test_an_oversized_file_is_refused_and_not_stored(media_root, settings):
    settings.PUBLICATION_FILE_MAX_SIZE = 1000
    upload = SimpleUploadedFile("big.pdf", pdf_bytes("Big", padding=2000))
    with pytest.raises(ValidationError) as error:
        services.add_file(publication=PublicationFactory(), upload=upload)
    assert error.value.code == "file_too_large"
    assert not PublicationFile.objects.exists()
    assert stored_files(media_root) == []


def test_a_database_failure_removes_the_stored_bytes(media_root, monkeypatch):
    def refuse(*args, **kwargs):
        raise DatabaseError("the database refused the row")

    monkeypatch.setattr(PublicationFile, "_do_insert", refuse)
    with pytest.raises(DatabaseError):
        services.add_file(
            publication=PublicationFactory(),
            upload=SimpleUploadedFile("ok.pdf", pdf_bytes()),
        )
    assert stored_files(media_root) == []


def test_a_disk_failure_is_a_clean_error(media_root, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    with pytest.raises(ValidationError) as error:
        services.add_file(
            publication=PublicationFactory(),
            upload=SimpleUploadedFile("ok.pdf", pdf_bytes()),
        )
    assert error.value.code == "storage"
    assert not PublicationFile.objects.exists()


def image_bytes(size, mode="RGB", fmt="PNG"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=fmt)
    return buffer.getvalue()


def admin_add_data(**extra):
    data = {
        "type": "monograph",
        "title_ru": "Новая книга",
        "title_en": "A new book",
        "slug": "a-new-book",
        "language": "ru",
        "status": "draft",
        "year": "2022",
    }
    for prefix in ("authorships", "publisher_links", "files"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | extra


def test_admin_refuses_an_image_bomb_as_cover(staff_client, media_root):
    bomb = SimpleUploadedFile("cover.png", image_bytes((9000, 9000), mode="1"), "image/png")
    response = staff_client.post(
        "/ru/admin/publications/publication/add/", admin_add_data(cover=bomb)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover"]
    assert not Publication.objects.exists()
    assert stored_files(media_root) == []


def test_admin_stores_a_clean_cover(staff_client, media_root):
    cover = SimpleUploadedFile("cover.jpg", image_bytes((340, 480), fmt="JPEG"), "image/jpeg")
    response = staff_client.post(
        "/ru/admin/publications/publication/add/", admin_add_data(cover=cover)
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.cover.name.startswith("publications/covers/")
    assert "cover.jpg" not in publication.cover.name


def test_admin_refuses_a_fake_pdf_with_a_form_error(staff_client, media_root):
    fake = SimpleUploadedFile("book.pdf", b"just text, not a PDF", "application/pdf")
    data = admin_add_data(
        **{
            "files-TOTAL_FORMS": "1",
            "files-0-file": fake,
            "files-0-access": "public",
            "files-0-order": "0",
        }
    )
    response = staff_client.post("/ru/admin/publications/publication/add/", data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][2].formset.errors[0]
    assert "file" in errors
    assert not Publication.objects.exists()
    assert stored_files(media_root) == []


def test_admin_upload_fills_the_metadata(staff_client, media_root):
    data = pdf_bytes("Admin upload")
    upload = SimpleUploadedFile("Учебник.pdf", data, "application/octet-stream")
    form = admin_add_data(
        **{
            "files-TOTAL_FORMS": "1",
            "files-0-file": upload,
            "files-0-label_ru": "Полный текст",
            "files-0-access": "public",
            "files-0-order": "0",
        }
    )
    response = staff_client.post("/ru/admin/publications/publication/add/", form)
    assert response.status_code == 302, response.context["inline_admin_formsets"][2].formset.errors
    stored = Publication.objects.get().files.get()
    assert (stored.original_name, stored.size, stored.mime_type) == (
        "Учебник.pdf",
        len(data),
        "application/pdf",
    )
    assert len(stored.sha256) == 64
