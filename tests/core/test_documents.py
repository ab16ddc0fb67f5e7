"""Uploaded documents are parsed for real: broken, scripted, polyglot and bomb files are
refused, real ones (a big one too) pass."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from core.media import documents
from publications.pdf import simple_pdf
from tests import hostile


def upload(data, name="file.pdf"):
    return SimpleUploadedFile(name, data)


def refusal(check, data):
    with pytest.raises(ValidationError) as error:
        check(upload(data))
    return error.value.code


def test_a_real_pdf_passes():
    assert documents.check_pdf(upload(simple_pdf(["A real paper"]))) is documents.PDF


def test_a_pdf_that_opens_at_a_page_and_links_to_a_doi_passes():
    data = hostile.pdf(
        catalog=b"/OpenAction [3 0 R /Fit]",
        page=b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
        b"/A << /S /URI /URI (https://doi.org/10.1000/xyz) >> >>]",
    )
    assert documents.check_pdf(upload(data)) is documents.PDF


def test_an_html_page_after_the_pdf_signature_is_refused():
    data = b"%PDF-1.4\n<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    assert refusal(documents.check_pdf, data) == "pdf_html"


def test_a_pdf_without_any_html_that_does_not_parse_is_refused():
    assert refusal(documents.check_pdf, b"%PDF-1.4\nnothing but words, no objects") == "pdf_broken"


def test_a_pdf_html_polyglot_is_refused():
    data = hostile.pdf(header=b"%PDF-1.7\n%<html><script>alert(document.cookie)</script>\n")
    assert len(PdfReader(io.BytesIO(data)).pages) == 1  # the polyglot is a PDF…
    assert refusal(documents.check_pdf, data) == "pdf_html"  # …and is refused all the same


@pytest.mark.parametrize(
    "entries",
    [
        {"catalog": b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"},
        # The action as an object of its own, its name spelled with an escape.
        {
            "catalog": b"/OpenAction 6 0 R",
            "objects": [b"<< /S /J#61vaScript /JS 7 0 R >>", hostile.stream(b"app.alert(1)")],
        },
        {
            "catalog": b"/Names << /JavaScript 6 0 R >>",
            "objects": [b"<< /Names [(x) 7 0 R] >>", b"<< /S /JavaScript /JS (1) >>"],
        },
        {"page": b"/AA << /O << /S /URI /URI (https://tracker.example/) >> >>"},
        {
            "page": b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
            b"/A << /S /Launch /F (cmd.exe) >> >>]"
        },
        {"catalog": b"/OpenAction << /S /URI /URI (https://tracker.example/) >>"},
    ],
    ids=["open-js", "open-js-indirect", "document-js", "page-aa", "launch", "open-uri"],
)
def test_scripts_and_automatic_actions_are_refused(entries):
    assert refusal(documents.check_pdf, hostile.pdf(**entries)) == "pdf_active_content"


def test_a_stream_that_inflates_to_two_gigabytes_is_refused_without_inflating_it_in_memory():
    bomb = hostile.pdf_bomb(2 * 1024**3)
    assert len(bomb) < 3 * 1024 * 1024
    assert refusal(documents.check_pdf, bomb) == "pdf_bomb"


def test_many_streams_that_inflate_past_the_total_are_refused(settings):
    settings.PDF_MAX_INFLATED_TOTAL = 30 * 1024 * 1024
    image = hostile.stream(hostile.deflated_zeros(8 * 1024 * 1024), Filter=b"/FlateDecode")
    data = hostile.pdf(objects=[image] * 5)
    assert refusal(documents.check_pdf, data) == "pdf_bomb"
    settings.PDF_MAX_INFLATED_TOTAL = 50 * 1024 * 1024
    assert documents.check_pdf(upload(data)) is documents.PDF


def test_the_check_is_bounded_in_time(settings):
    settings.PDF_CHECK_SECONDS = 0
    assert refusal(documents.check_pdf, simple_pdf(["slow"])) == "pdf_too_complex"


# ZIP containers and EPUB


def test_a_real_epub_passes():
    assert documents.check_epub(upload(hostile.epub())) is documents.EPUB


def test_an_epub_zip_bomb_is_refused(settings):
    bomb = hostile.epub(extra=[("OEBPS/big.xhtml", bytes(300 * 1024 * 1024))])
    assert len(bomb) < 1024 * 1024
    assert refusal(documents.check_epub, bomb) == "container_bomb"


def test_an_epub_over_the_total_inflation_is_refused(settings):
    settings.ZIP_MAX_INFLATED = 10_000
    text = bytes(range(256)) * 50  # hardly compressible
    assert refusal(documents.check_epub, hostile.epub(extra=[("OEBPS/a.bin", text)])) == (
        "container_bomb"
    )


@pytest.mark.parametrize("name", ["../../etc/cron.d/x", "/etc/passwd", "OEBPS/../../x", "C:/x"])
def test_a_member_outside_the_archive_is_refused(name):
    assert refusal(documents.check_epub, hostile.epub(extra=[(name, b"x")])) == "container_path"


@pytest.mark.parametrize(
    "members",
    [
        # mimetype not first
        [("META-INF/container.xml", hostile.CONTAINER), ("mimetype", b"application/epub+zip")],
        # the package document named by container.xml is missing
        [("mimetype", b"application/epub+zip"), ("META-INF/container.xml", hostile.CONTAINER)],
        # no container.xml
        [("mimetype", b"application/epub+zip"), ("OEBPS/content.opf", hostile.opf([]))],
        # a container.xml with entities to expand
        [
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'),
            ("OEBPS/content.opf", hostile.opf([])),
        ],
    ],
    ids=["mimetype-not-first", "no-package", "no-container", "entities"],
)
def test_a_zip_that_is_not_an_epub_container_is_refused(members):
    assert refusal(documents.check_epub, hostile.zip_bytes(members)) == "container_invalid"


def test_the_spine_gives_the_reading_order():
    book = hostile.epub([("a.xhtml", "Second"), ("b.xhtml", "First")], spine=["b.xhtml", "a.xhtml"])
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        assert documents.epub_spine(archive) == ["OEBPS/b.xhtml", "OEBPS/a.xhtml"]


# Presentations


def pptx(macros=False):
    types = (
        b'<Types><Override PartName="/ppt/presentation.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>'
    )
    members = [("[Content_Types].xml", types), ("ppt/presentation.xml", b"<p:presentation/>")]
    if macros:
        members.append(("ppt/vbaProject.bin", b"\x00" * 10))
    return hostile.zip_bytes(members, first_stored=False)


def odp(macros=False):
    members = [
        ("mimetype", documents.ODP.mime_type.encode()),
        ("META-INF/manifest.xml", b"<manifest/>"),
        ("content.xml", b"<office:document-content/>"),
    ]
    if macros:
        members.append(("Basic/Standard/Module1.xml", b"<script/>"))
    return hostile.zip_bytes(members)


def ppt(macros=False):
    names = "PowerPoint Document" + ("_VBA_PROJECT" if macros else "")
    return documents.OLE_SIGNATURE + bytes(500) + names.encode("utf-16-le") + bytes(500)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (simple_pdf(["Slides"]), documents.PDF),
        (pptx(), documents.PPTX),
        (odp(), documents.ODP),
        (ppt(), documents.PPT),
    ],
    ids=["pdf", "pptx", "odp", "ppt"],
)
def test_presentations_are_identified_by_content(data, kind):
    assert documents.identify_presentation(upload(data, "slides.bin")) is kind


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "file_type"),
        (b"%PDF-1.4\n<html><script>alert(1)</script></html>", "pdf_html"),
        (pptx(macros=True), "presentation_macros"),
        (odp(macros=True), "presentation_macros"),
        (ppt(macros=True), "presentation_macros"),
        (hostile.zip_bytes([("a.txt", b"just a zip")], first_stored=False), "container_invalid"),
        (documents.OLE_SIGNATURE + bytes(100), "container_invalid"),
    ],
    ids=["html", "html-after-pdf", "pptm", "odp-macros", "ppt-macros", "plain-zip", "other-ole"],
)
def test_other_slides_are_refused(data, code):
    assert refusal(documents.identify_presentation, data) == code
