"""The reader: who may read what, the preview of restricted files and what it never shows."""

import datetime
import hashlib
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from publications import preview
from publications.models import PublicationFile
from publications.pdf import pages_pdf
from science_portal.models import SearchDocument
from tests.publications.factories import PublicationFactory, PublicationFileFactory

pytestmark = pytest.mark.django_db

BOOK = pages_pdf(
    [
        ["Chapter one: customs valuation"],
        ["Chapter two: tariff classification"],
        ["Chapter three: hiddenword rules of origin"],
        ["Chapter four: hiddenword risk management"],
    ]
)
EMBARGO_END = datetime.date(2031, 5, 20)


def restricted(preview_pages=2, access=PublicationFile.Access.EMBARGOED, **kwargs):
    """A four-page embargoed (or staff-only) PDF of a published book, its preview cut (the
    suite's jobs run at once)."""
    return PublicationFileFactory(
        content=BOOK,
        access=access,
        embargo_until=EMBARGO_END if access == PublicationFile.Access.EMBARGOED else None,
        preview_pages=preview_pages,
        **kwargs,
    )


def fresh(file):
    return PublicationFile.objects.select_related("publication").get(pk=file.pk)


def preview_url(file):
    return reverse("publications:preview", kwargs={"pk": file.pk})


def read_url(file=None, publication=None):
    if file is None:
        return reverse("publications:read", kwargs={"slug": publication.slug})
    return reverse("publications:read_file", kwargs={"slug": file.publication.slug, "pk": file.pk})


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def reader_sources(html):
    return re.findall(r'data-src="([^"]+)"', html)


# --- Public files: read in full through the download view ---------------------------------


def test_public_pdf_is_read_through_the_download_view(client):
    file = PublicationFileFactory()
    download = file.get_absolute_url()
    page = client.get(file.publication.get_absolute_url()).content.decode()
    assert reader_sources(page) == [download]
    assert f'href="{read_url(file)}"' in page
    # The download stays a plain link, and Google Scholar's PDF link points at the file.
    assert f'href="{download}" download' in page
    assert re.search(rf'<meta name="citation_pdf_url" content="[^"]*{download}"', page)

    for url in (read_url(publication=file.publication), read_url(file)):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert reader_sources(html) == [download]
        assert 'data-mode="full"' in html
        assert "vendor/pdfjs/pdf.min.mjs" in html
        assert 'name="robots" content="noindex"' in html


def test_without_javascript_the_reader_offers_the_download(client):
    """The controls and pages are hidden until the script builds them; the links are not."""
    file = PublicationFileFactory()
    html = client.get(read_url(file)).content.decode()
    start = html.index('class="reader__start"')
    toolbar = html.index('data-role="toolbar"')
    assert start < toolbar
    fallback = html[start:toolbar]
    assert f'href="{file.get_absolute_url()}" download' in fallback
    assert re.search(r'data-role="toolbar" hidden', html)
    assert re.search(r'data-role="viewport" hidden', html)


def test_the_pdfjs_files_are_served_by_the_portal(client, settings):
    """PDF.js is vendored (make pdfjs) and committed: served from the portal's static files."""
    from django.contrib.staticfiles import finders

    for name in (
        "vendor/pdfjs/pdf.min.mjs",
        "vendor/pdfjs/pdf.worker.min.mjs",
        "vendor/pdfjs/LICENSE",
        "vendor/pdfjs/cmaps/78-EUC-H.bcmap",
        "vendor/pdfjs/standard_fonts/FoxitSerif.pfb",
        "js/reader.js",
        "css/reader.css",
    ):
        assert finders.find(name), name


def test_the_detail_page_costs_no_query_for_the_reader(client, django_assert_num_queries):
    publication = PublicationFactory()
    PublicationFileFactory(publication=publication)
    client.get(publication.get_absolute_url())  # warm what is cached per process
    # The page as it is (its usage by month included): the reader adds nothing to it.
    with django_assert_num_queries(8) as counted:
        response = client.get(publication.get_absolute_url())
    assert response.status_code == 200
    # Positive control: the page did run queries, and the reader is there.
    assert counted.captured_queries
    assert b"data-reader" in response.content


def test_several_files_each_have_a_reader_page(client):
    publication = PublicationFactory()
    first = PublicationFileFactory(publication=publication, order=0)
    second = PublicationFileFactory(publication=publication, order=1, content=BOOK)
    html = client.get(read_url(second)).content.decode()
    assert reader_sources(html) == [second.get_absolute_url()]
    assert read_url(first) in html
    assert reader_sources(client.get(read_url(publication=publication)).content.decode()) == [
        first.get_absolute_url()
    ]


def test_epub_files_are_not_offered_to_the_reader(client):
    file = PublicationFileFactory(mime_type="application/epub+zip", original_name="book.epub")
    assert client.get(read_url(file)).status_code == 404
    assert b"data-reader" not in client.get(file.publication.get_absolute_url()).content


# --- Who may read what ----------------------------------------------------------------------


@pytest.mark.parametrize("access", [PublicationFile.Access.EMBARGOED, PublicationFile.Access.STAFF])
def test_a_restricted_file_without_preview_is_not_readable(client, access):
    file = restricted(preview_pages=0, access=access)
    assert client.get(read_url(file)).status_code == 404
    assert client.get(read_url(publication=file.publication)).status_code == 404
    assert client.get(preview_url(file)).status_code == 404
    assert client.get(file.get_absolute_url()).status_code == 404
    page = client.get(file.publication.get_absolute_url())
    assert page.status_code == 200
    assert b"data-reader" not in page.content


def test_a_draft_is_not_readable_by_the_public_but_by_staff(staff_client):
    file = PublicationFileFactory(publication=PublicationFactory(draft=True))
    assert Client().get(read_url(file)).status_code == 404
    response = staff_client.get(read_url(file))
    assert response.status_code == 200
    assert reader_sources(response.content.decode()) == [file.get_absolute_url()]


def test_staff_read_a_restricted_file_in_full(staff_client):
    file = restricted()
    html = staff_client.get(read_url(file)).content.decode()
    assert reader_sources(html) == [file.get_absolute_url()]
    assert "Предпросмотр" not in html


def test_a_withdrawn_publication_reader_is_gone(client):
    file = PublicationFileFactory()
    publication = file.publication
    publication.status = "withdrawn"
    publication.withdrawn_at = timezone.now()
    publication.save()
    assert client.get(read_url(file)).status_code == 410


def test_unknown_file_of_a_publication_is_404(client):
    file = PublicationFileFactory()
    other = PublicationFileFactory()
    assert (
        client.get(
            reverse(
                "publications:read_file", kwargs={"slug": file.publication.slug, "pk": other.pk}
            )
        ).status_code
        == 404
    )
    assert client.get("/ru/publications/no-such-book/read/").status_code == 404


# --- Preview of restricted files --------------------------------------------------------------


def test_the_preview_is_cut_when_the_file_is_saved():
    file = fresh(restricted(preview_pages=2))
    assert preview.is_ready(file)
    assert file.preview_total_pages == 4
    assert file.preview_error == ""
    with file.preview_file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert [page.extract_text().strip() for page in reader.pages] == [
        "Chapter one: customs valuation",
        "Chapter two: tariff classification",
    ]


def test_the_public_reads_the_preview_with_its_note(client):
    file = restricted(preview_pages=2)
    html = client.get(read_url(file)).content.decode()
    assert reader_sources(html) == [preview_url(file)]
    assert "Предпросмотр: страницы 1–2 из 4." in html
    assert "Полный текст доступен с 20 мая 2031" in html
    assert f'"{file.get_absolute_url()}"' not in html  # the full text is not even linked
    # Without JavaScript, the preview itself is offered.
    assert re.search(rf'<a class="button" href="{preview_url(file)}">Скачать фрагмент</a>', html)
    detail = client.get(file.publication.get_absolute_url()).content.decode()
    assert reader_sources(detail) == [preview_url(file)]

    staff_only = restricted(preview_pages=1, access=PublicationFile.Access.STAFF)
    html = client.get(read_url(staff_only)).content.decode()
    assert "Предпросмотр: страницы 1–1 из 4." in html
    assert "Полный текст доступен по запросу." in html

    english = client.get("/en" + read_url(file)[3:]).content.decode()
    assert "Preview: pages 1–2 of 4." in english
    assert "The full text is available from" in english


def test_the_preview_never_serves_a_page_beyond_n(client):
    file = fresh(restricted(preview_pages=2))
    response = client.get(preview_url(file))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Robots-Tag"] == "noindex"
    data = body(response)
    assert b"hiddenword" not in data
    assert len(PdfReader(io.BytesIO(data)).pages) == 2
    size = len(data)
    # A Range on the preview reaches the preview's bytes only.
    tail = client.get(preview_url(file), headers={"Range": f"bytes={size - 10}-"})
    assert tail.status_code == 206
    assert tail["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    beyond = client.get(preview_url(file), headers={"Range": f"bytes={size}-{len(BOOK) * 4}"})
    assert beyond.status_code == 416
    # Nor is it anywhere else: the media folder is not served.
    assert client.get(f"/media/{file.preview_file.name}").status_code == 404
    assert client.get(f"/media/{file.file.name}").status_code == 404
    # The full text stays where it was: behind the download view's 404.
    assert client.get(file.get_absolute_url()).status_code == 404
    assert client.get(file.get_absolute_url(), headers={"Range": "bytes=0-99"}).status_code == 404
    # Positive control: the original has the restricted pages.
    with file.file.open("rb") as handle:
        assert b"hiddenword" in handle.read()


def test_a_preview_of_the_whole_file_is_refused(client):
    file = fresh(restricted(preview_pages=4))
    assert not preview.is_ready(file)
    assert "4" in file.preview_error
    assert client.get(preview_url(file)).status_code == 404
    assert client.get(read_url(file)).status_code == 404


def test_a_shorter_preview_hides_the_longer_cut_until_recut(client):
    file = fresh(restricted(preview_pages=3))
    old_name = file.preview_file.name
    # Changed without the job (a queue that is down): the three-page cut is not served.
    PublicationFile.objects.filter(pk=file.pk).update(preview_pages=1)
    assert client.get(preview_url(file)).status_code == 404
    assert client.get(read_url(file)).status_code == 404
    # Saved as usual: the job cuts again, and the old cut leaves the storage.
    file = fresh(file)
    file.save()
    file = fresh(file)
    assert file.preview_file.name != old_name
    assert not file.preview_file.storage.exists(old_name)
    data = body(client.get(preview_url(file)))
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


def test_a_replaced_file_hides_the_old_preview():
    file = fresh(restricted(preview_pages=2))
    PublicationFile.objects.filter(pk=file.pk).update(sha256=hashlib.sha256(b"other").hexdigest())
    assert not preview.is_ready(fresh(file))


def test_turning_the_preview_off_removes_it(client):
    file = fresh(restricted(preview_pages=2))
    name = file.preview_file.name
    assert file.preview_file.storage.exists(name)
    file.preview_pages = 0
    file.save()
    file = fresh(file)
    assert not file.preview_file
    assert not file.preview_file.storage.exists(name)
    assert client.get(preview_url(file)).status_code == 404


def test_deleting_the_file_removes_its_preview(django_capture_on_commit_callbacks):
    file = fresh(restricted(preview_pages=2))
    storage, name = file.preview_file.storage, file.preview_file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        file.delete()
    assert not storage.exists(name)


def test_once_the_embargo_is_over_the_full_text_is_read(client):
    file = restricted(preview_pages=2)
    PublicationFile.objects.filter(pk=file.pk).update(embargo_until=datetime.date(2020, 1, 1))
    html = client.get(read_url(file)).content.decode()
    assert reader_sources(html) == [file.get_absolute_url()]
    assert client.get(preview_url(file)).status_code == 404


def test_the_preview_of_a_draft_stays_private(staff_client):
    file = restricted(preview_pages=2, publication=PublicationFactory(draft=True))
    assert Client().get(preview_url(file)).status_code == 404
    assert staff_client.get(preview_url(file)).status_code == 200


def test_cut_pages_leave_behind_what_other_pages_draw():
    """A resource dictionary shared by the whole book: the preview keeps only what page 1
    draws, and drops the links that would carry later pages along."""
    shared_form = b"BT /F1 12 Tf 72 700 Td (hiddenword in a form of page two) Tj ET"
    page_one = b"BT /F1 14 Tf 72 770 Td (Visible first page) Tj ET /Fm1 Do"
    page_two = b"/Fm2 Do"
    form_one = b"BT /F1 12 Tf 72 600 Td (form of page one) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 5 0 R "
        b"/Contents 6 0 R /Annots [10 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 5 0 R /Contents 7 0 R >>",
        b"<< /Font << /F1 11 0 R >> /XObject << /Fm1 8 0 R /Fm2 9 0 R >> >>",
        b"<< /Length %d >>\nstream\n" % len(page_one) + page_one + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(page_two) + page_two + b"\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d >>\nstream\n"
        % len(form_one)
        + form_one
        + b"\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d >>\nstream\n"
        % len(shared_form)
        + shared_form
        + b"\nendstream",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /Dest [4 0 R /Fit] >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    assert b"hiddenword" in out  # positive control
    data, total = preview.cut(io.BytesIO(bytes(out)), 1)
    assert total == 2
    assert b"hiddenword" not in data
    assert b"/Annots" not in data
    assert "Visible first page" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert b"(form of page one) Tj" in data  # what page one draws is kept


def test_search_does_not_find_the_restricted_pages(client):
    """The preview is not indexed, and the embargoed text waits for its date."""
    file = restricted(preview_pages=2)
    file.publication.save()
    response = client.get(reverse("search"), {"q": "hiddenword"})
    assert response.status_code == 200
    assert file.publication.title not in response.content.decode()
    # The only document with those words is the full text itself, public from its date.
    documents = SearchDocument.objects.filter(body__icontains="hiddenword")
    assert [(d.kind, d.source_id) for d in documents] == [(SearchDocument.Kind.FILE, file.pk)]
    assert timezone.localdate(documents[0].public_from) == EMBARGO_END
    # Positive control: a public book's words are found.
    public = PublicationFileFactory(content=pages_pdf([["seekableword in a public book"]]))
    found = client.get(reverse("search"), {"q": "seekableword"}).content.decode()
    assert public.publication.title in found


# --- Admin ----------------------------------------------------------------------------------


def test_a_curator_sets_the_preview_and_an_editor_only_sees_it(client, curator, editor):
    file = restricted(preview_pages=2)
    url = reverse("admin:publications_publicationfile_change", args=[file.pk])
    client.force_login(curator)
    html = client.get(url).content.decode()
    assert 'name="preview_pages"' in html
    assert "Страницы 1–2 из 4." in html
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="preview_pages"' not in html
    assert "Страницы 1–2 из 4." in html  # seen, read-only


def test_a_row_saved_from_an_older_copy_keeps_its_preview(client):
    """A form loaded before the job cut the preview saves the row without touching it."""
    file = fresh(restricted(preview_pages=2))
    name = file.preview_file.name
    older = fresh(file)
    older.preview_file = ""
    older.preview_of = ""
    older.label = "Renamed"
    older.save()
    file = fresh(file)
    assert file.label == "Renamed"
    assert file.preview_file.name == name
    assert file.preview_file.storage.exists(name)
    assert client.get(preview_url(file)).status_code == 200


def test_the_reader_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    publication = PublicationFactory()
    for order in range(3):
        PublicationFileFactory(publication=publication, order=order)
    client.get(read_url(publication=publication))
    with django_assert_num_queries(3):
        response = client.get(read_url(publication=publication))
    assert response.status_code == 200
    assert len(reader_sources(response.content.decode())) == 1


def test_the_preview_is_cut_after_the_save_commits(settings, django_capture_on_commit_callbacks):
    """The cut runs in the worker once the save is committed, never inside the request."""
    settings.PORTAL_TASKS_WAIT_FOR_COMMIT = True
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        file = restricted(preview_pages=2)
    assert not preview.is_ready(fresh(file))
    for callback in callbacks:
        callback()
    assert preview.is_ready(fresh(file))


@pytest.mark.parametrize(
    "path",
    [
        "/ru/publications/files/99999999999999999999/preview/",
        "/ru/publications/no-such-book/read/99999999999999999999/",
        "/ru/publications/%D0%BA%D0%BD%D0%B8%D0%B3%D0%B0/read/",
    ],
)
def test_bad_reader_addresses_are_404(client, path):
    assert client.get(path).status_code == 404


def test_the_reader_renders_with_the_production_static_files(client, settings, tmp_path):
    """Hashed static names (collectstatic's manifest): the reader's files resolve, and the
    folders PDF.js reads by plain names are given as folders."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # (Changing STORAGES makes Django pick the static storage again.)
    call_command("collectstatic", interactive=False, verbosity=0)
    file = PublicationFileFactory()
    html = client.get(read_url(file)).content.decode()
    assert re.search(r'data-pdfjs="/static/vendor/pdfjs/pdf\.min\.[0-9a-f]{12}\.mjs"', html)
    assert re.search(r'src="/static/js/reader\.[0-9a-f]{12}\.js"', html)
    assert 'data-cmaps="/static/vendor/pdfjs/cmaps/"' in html
    assert (settings.STATIC_ROOT / "vendor/pdfjs/cmaps/78-EUC-H.bcmap").exists()
    assert client.get(file.publication.get_absolute_url()).status_code == 200


def test_a_curator_allows_a_preview_in_the_admin_and_it_is_audited(client, curator):
    from core.models import AuditEntry

    file = restricted(preview_pages=0)
    url = reverse("admin:publications_publicationfile_change", args=[file.pk])
    client.force_login(curator)
    response = client.post(
        url,
        {
            "access": "embargoed",
            "embargo_until": EMBARGO_END.isoformat(),
            "preview_pages": "3",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    file = fresh(file)
    assert file.preview_pages == 3
    assert preview.is_ready(file)
    assert file.preview_total_pages == 4
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACCESS)
    assert entry.note == "открытый предпросмотр, страниц: — → 3"
    # Bad input is a form error, nothing saved.
    response = client.post(
        url,
        {
            "access": "embargoed",
            "embargo_until": EMBARGO_END.isoformat(),
            "preview_pages": "-1",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert fresh(file).preview_pages == 3
