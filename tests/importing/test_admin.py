"""The admin's import for curators: upload, preview, choices, confirm; large files in the
background; nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.publishing import Visibility
from publications.importing.models import ImportBatch
from publications.models import Publication
from tests.importing.conftest import data, pdf_zip, zip_of
from tests.people.factories import PersonFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db
ADD = reverse("admin:publications_importbatch_add")


def upload(client, name="catalogue.ris", content=None, files=None):
    payload = {"source": SimpleUploadedFile(name, content if content is not None else data(name))}
    if files is not None:
        payload["files"] = SimpleUploadedFile("files.zip", files.getvalue())
    return client.post(ADD, payload)


def batch_url(batch):
    return reverse("admin:publications_importbatch_change", args=[batch.pk])


def test_a_curator_uploads_previews_and_confirms(client, curator, sergei):
    client.force_login(curator)
    assert client.get(ADD).status_code == 200
    response = upload(client, files=pdf_zip("model.pdf"))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch_url(batch)
    assert not Publication.objects.exists()  # nothing before the confirmation
    page = client.get(batch_url(batch)).content.decode()
    assert "Цифровая таможня. Опыт ВТамО" in page
    assert page.count('name="include"') == 3
    assert "Сергей Мозер" in page or "Мозер Сергей" in page
    response = client.post(batch_url(batch), {"shown": "0,1,2", "include": ["0", "2"]})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (
        batch.report["created"] == 2 and batch.report["skipped"] == 1 and batch.report["files"] == 1
    )
    assert set(Publication.objects.values_list("status", flat=True)) == {Visibility.REVIEW}
    assert not Publication.objects.filter(title_ru__startswith="Таможенное право").exists()
    report = client.get(batch_url(batch)).content.decode()
    assert "?status__exact=review" in report


def test_the_second_upload_of_the_same_file_says_nothing_changes(client, curator, sergei):
    client.force_login(curator)
    upload(client)
    first = ImportBatch.objects.get()
    client.post(batch_url(first), {"shown": "", "include": []})
    upload(client)
    second = ImportBatch.objects.latest("pk")
    assert second.preview["counts"]["unchanged"] == 3
    assert second.preview["counts"]["create"] == 0
    client.post(batch_url(second), {"shown": ""})
    page = client.get(batch_url(second)).content.decode()
    assert "Ничего не изменилось" in page or "Nothing changed" in page
    assert Publication.objects.count() == 3


def test_duplicates_offer_merge_or_create_and_ambiguous_names_must_be_answered(
    client, curator, sergei
):
    other = PersonFactory(
        family_name_cyr="Мозер",
        given_name_cyr="Семён",
        family_name_lat="Mozer",
        given_name_lat="Semyon",
    )
    existing = PublicationFactory(title_ru="Модель зрелости цифровой таможни", year=2020)
    client.force_login(curator)
    upload(client)
    batch = ImportBatch.objects.get()
    page = client.get(batch_url(batch)).content.decode()
    assert 'name="decision-2" value="merge" checked' in page
    assert 'name="person-moser|s"' in page  # "Мозер С." could be Sergei or Semyon
    response = client.post(
        batch_url(batch), {"shown": "0,1,2", "include": ["0", "1", "2"], "decision-2": "merge"}
    )
    assert response.status_code == 200 and "Мозер, С." in response.content.decode()
    assert not Publication.objects.exclude(pk=existing.pk).exists()  # nothing until answered
    client.post(
        batch_url(batch),
        {
            "shown": "0,1,2",
            "include": ["0", "1", "2"],
            "decision-2": "merge",
            "person-moser|s": str(sergei.pk),
        },
    )
    batch.refresh_from_db()
    assert batch.report["merged"] == 1, batch.report
    existing.refresh_from_db()
    assert existing.doi == "10.5555/rta.2020.73.12"
    assert [link.person for link in existing.authorships.all()] == [sergei]
    assert other.authorships.count() == 0


def test_a_refused_upload_says_why_and_stores_nothing(client, curator):
    client.force_login(curator)
    response = upload(client, "x.bib", b"\x00\x01binary")
    batch = ImportBatch.objects.get()
    page = client.get(batch_url(batch)).content.decode()
    assert batch.status == ImportBatch.Status.FAILED
    assert "binary" in batch.error or "двоичн" in batch.error
    assert response.status_code == 302 and batch.error in page
    response = upload(client, files=zip_of({"../x.pdf": b"x"}))
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert ImportBatch.objects.count() == 1


def test_a_large_import_runs_as_a_job(client, curator, settings, sergei):
    settings.IMPORT_INLINE_RECORDS = 1
    settings.IMPORT_JOB_CHUNK = 2
    client.force_login(curator)
    upload(client)
    batch = ImportBatch.objects.get()
    client.post(batch_url(batch), {"shown": ""})  # the immediate backend runs the job at once
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.done, batch.total, batch.report["created"]) == (3, 3, 3)


def test_the_template_downloads_in_both_languages(client, curator):
    client.force_login(curator)
    url = reverse("admin:publications_import_template")
    ru = client.get(url, {"lang": "ru"}).content.decode("utf-8-sig")
    en = client.get(url, {"lang": "en"}).content.decode("utf-8-sig")
    assert ru.startswith("Тип,Заглавие,Подзаголовок,Заглавие на английском,Авторы")
    assert en.startswith("Type,Title,Subtitle,English title,Authors")


@pytest.mark.parametrize("role", ["editor", None])
def test_only_curators_import(client, request, role, django_user_model):
    user = (
        request.getfixturevalue(role)
        if role
        else django_user_model.objects.create_user("x", is_staff=True)
    )
    client.force_login(user)
    assert client.get(ADD).status_code == 403
    assert upload(client).status_code == 403
    assert not ImportBatch.objects.exists()


def test_a_large_file_is_analysed_in_the_background(client, curator, monkeypatch, sergei):
    from publications.importing import service

    monkeypatch.setattr(service, "INLINE_BYTES", 10)
    client.force_login(curator)
    upload(client)  # the immediate backend runs the job at once
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.READY and batch.total == 3


def test_a_running_import_shows_its_progress(client, curator):
    batch = ImportBatch.objects.create(
        source_name="big.bib", status=ImportBatch.Status.IMPORTING, total=200, done=50
    )
    client.force_login(curator)
    page = client.get(batch_url(batch)).content.decode()
    assert '<progress max="100" value="25">' in page
    assert 'http-equiv="refresh"' in page
    assert "50 of 200 records" in page


def test_a_confirmation_counts_once(client, curator, sergei):
    client.force_login(curator)
    upload(client)
    batch = ImportBatch.objects.get()
    client.post(batch_url(batch), {"shown": ""})
    response = client.post(batch_url(batch), {"shown": ""}, follow=True)
    page = response.content.decode()
    assert "Этот импорт не ждёт подтверждения." in page or "is not waiting for a" in page
    assert Publication.objects.count() == 3


def test_the_preview_costs_the_same_queries_whatever_its_size(
    client, curator, django_assert_num_queries
):
    client.force_login(curator)

    def preview_queries(count):
        content = b"".join(
            b"@book{k%d, author={Person%d, A.}, title={Title %d}, year=2001}\n" % (i, i, i)
            for i in range(count)
        )
        upload(client, f"f{count}.bib", content)
        batch = ImportBatch.objects.latest("pk")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(batch_url(batch)).status_code == 200
        return len(queries)

    small = preview_queries(2)
    assert preview_queries(40) == small
    batch = ImportBatch.objects.latest("pk")
    with django_assert_num_queries(small):
        client.get(batch_url(batch))


def test_files_over_the_limits_are_refused_at_the_upload(client, curator, settings):
    settings.IMPORT_MAX_BYTES = 100
    settings.IMPORT_ZIP_MAX_BYTES = 100
    client.force_login(curator)
    response = upload(client, files=pdf_zip("model.pdf"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Файл слишком велик" in page or "The file is too large" in page
    assert "ZIP-архив слишком велик" in page or "The ZIP is too large" in page
    assert not ImportBatch.objects.exists()


def test_the_publication_list_leads_curators_to_the_import(client, curator, editor):
    add = reverse("admin:publications_importbatch_add")
    client.force_login(curator)
    page = client.get(reverse("admin:publications_publication_changelist")).content.decode()
    assert f'href="{add}"' in page
    assert client.get(reverse("admin:publications_importbatch_changelist")).status_code == 200
    client.force_login(editor)
    page = client.get(reverse("admin:publications_publication_changelist")).content.decode()
    assert "addlink" in page and f'href="{add}"' not in page  # an editor adds one by one


def test_a_queue_that_is_down_fails_the_batch_saying_so(client, curator, monkeypatch, sergei):
    from publications.importing import jobs, service

    class Down:
        name = "analyse_import"

        def enqueue(self, *args, **kwargs):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(service, "INLINE_BYTES", 10)
    monkeypatch.setattr(jobs, "analyse_import", Down())
    client.force_login(curator)
    assert upload(client).status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED
    assert "queue" in batch.error or "очередь" in batch.error


def test_a_large_preview_goes_page_by_page_keeping_each_pages_choices(client, curator, monkeypatch):
    """Every record has its row: a file past one page is previewed page by page, and what
    the Curator unticked on one page is still unticked when the import is confirmed."""
    monkeypatch.setattr("publications.importing.admin.PREVIEW_ROWS", 2)
    client.force_login(curator)
    content = "".join(
        f"@book{{k{i}, author={{Автор{i}, А.}}, title={{Книга номер {i}}}, year=2001}}\n"
        for i in range(5)
    ).encode()
    upload(client, "five.bib", content)
    batch = ImportBatch.objects.get()
    url = batch_url(batch)
    first = client.get(url).content.decode()
    assert first.count('name="include"') == 2 and 'name="go" value="3"' in first
    # Page 1: leave out record 1; go to page 2 and leave out record 2 there.
    response = client.post(url, {"shown": "0,1", "include": ["0"], "page": "1", "go": "2"})
    assert response.status_code == 302 and response["Location"] == f"{url}?page=2"
    second = client.get(f"{url}?page=2").content.decode()
    assert "Книга номер 2" in second and "Книга номер 0" not in second
    client.post(url, {"shown": "2,3", "include": ["3"], "page": "2", "go": "1"})
    # Back on page 1, record 1 is still unticked and record 0 ticked.
    again = client.get(f"{url}?page=1").content.decode()
    assert 'value="0" aria-label' in again
    assert again.count(" checked>") == 1
    assert not Publication.objects.exists()  # nothing before the confirmation
    # Confirmed from the last page: the two left out on other pages stay out.
    response = client.post(url, {"shown": "4", "include": ["4"], "page": "3"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    titles = set(Publication.objects.values_list("title_ru", flat=True))
    assert titles == {"Книга номер 0", "Книга номер 3", "Книга номер 4"}
    assert batch.report["skipped"] == 2
