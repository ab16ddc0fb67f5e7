"""A failed upload in the admin is shown beside its field and at the top of the form, linked,
and says to choose the file again (browsers drop a chosen file when the page has errors)."""

import re

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publications.models import PublicationFile
from tests.admin_forms import form_values
from tests.people.factories import PersonFactory, image_upload
from tests.publications.factories import PublicationFactory, pdf_bytes

pytestmark = pytest.mark.django_db

AGAIN = "Выберите файл заново: браузер не сохраняет его, когда страница возвращается с ошибками."


def top_list(html):
    """[(link target, link text, message)] of the list above the form."""
    document = lxml.html.fromstring(html)
    items = document.xpath('//div[contains(@class, "upload-problems")]//li')
    return [
        (
            item.xpath(".//a")[0].get("href"),
            item.xpath(".//a")[0].text_content(),
            item.text_content(),
        )
        for item in items
    ]


def field_errors(html, field_id):
    document = lxml.html.fromstring(html)
    field = document.get_element_by_id(field_id)
    container = field.getparent()
    errors = './/ul[contains(@class, "errorlist")]/li'
    while container is not None and not container.xpath(errors):
        container = container.getparent()
    return [li.text_content() for li in container.xpath(errors)]


@pytest.fixture
def publication():
    return PublicationFactory(title="Цифровая таможня")


def change(staff_client, publication, **files):
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    values = form_values(staff_client.get(url))
    values.update(files)
    return staff_client.post(url, values)


def test_a_file_that_is_not_a_pdf(staff_client, publication):
    upload = SimpleUploadedFile("book.pdf", b"plain text, not a PDF", "application/pdf")
    response = change(staff_client, publication, **{"files-0-file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Файл нужно выбрать заново:" in html
    [(href, text, message)] = top_list(html)
    assert href == "#id_files-0-file"
    assert text == "Файл 1: файл"
    assert message == (
        "Файл 1: файл: Это не файл PDF или EPUB (проверено содержимое, а не имя файла). " + AGAIN
    )
    # Beside the field, the same two sentences.
    errors = field_errors(html, "id_files-0-file")
    assert errors[-1] == AGAIN
    assert len(errors) == 2
    assert not PublicationFile.objects.exists()


def test_a_file_too_large(staff_client, publication, settings):
    settings.PUBLICATION_FILE_MAX_SIZE = 100
    upload = SimpleUploadedFile("book.pdf", pdf_bytes(padding=500), "application/pdf")
    html = change(staff_client, publication, **{"files-0-file": upload}).content.decode()
    [(href, _text, message)] = top_list(html)
    assert href == "#id_files-0-file"
    assert "наибольший допустимый — 100\xa0байт." in message
    assert message.endswith(AGAIN)


def test_a_bad_cover_image(staff_client, publication):
    upload = SimpleUploadedFile("cover.jpg", b"not an image", "image/jpeg")
    html = change(staff_client, publication, cover=upload).content.decode()
    [(href, text, message)] = top_list(html)
    assert (href, text) == ("#id_cover", "Обложка")
    assert message.endswith(AGAIN)
    assert field_errors(html, "id_cover")[-1] == AGAIN


def test_a_good_file_on_a_form_that_failed_elsewhere_must_be_chosen_again(
    staff_client, publication
):
    upload = SimpleUploadedFile("book.pdf", pdf_bytes(), "application/pdf")
    response = change(staff_client, publication, **{"files-0-file": upload, "year": "1700"})
    html = response.content.decode()
    [(href, _text, message)] = top_list(html)
    assert href == "#id_files-0-file"
    assert (
        "Файл «book.pdf» не сохранён из-за других ошибок на странице: выберите его заново."
        in message
    )


def test_no_list_without_upload_problems(staff_client, publication):
    html = change(staff_client, publication, year="1700").content.decode()
    assert "errornote" in html
    assert top_list(html) == []


def test_a_bad_photo_in_english(staff_client):
    person = PersonFactory()
    url = reverse("admin:people_person_change", args=[person.pk]).replace("/ru/", "/en/")
    values = form_values(staff_client.get(url))
    values["photo"] = SimpleUploadedFile("me.jpg", b"GIF89a nonsense", "image/jpeg")
    html = staff_client.post(url, values).content.decode()
    assert "A file has to be chosen again:" in html
    [(href, text, message)] = top_list(html)
    assert (href, text) == ("#id_photo", "Photo")
    assert message.endswith(
        "Choose the file again: the browser does not keep it when the page has errors."
    )
    assert re.search(r"does not keep it", html)


def test_a_good_photo_is_saved(staff_client):
    person = PersonFactory()
    url = reverse("admin:people_person_change", args=[person.pk])
    values = form_values(staff_client.get(url))
    values["photo"] = image_upload()
    assert staff_client.post(url, values).status_code == 302
