"""Hostile uploads, made on the fly: PDFs with scripts, bombs, polyglots; zip bombs; EPUBs."""

import io
import zipfile
import zlib

PAGE_TEXT = b"BT /F1 14 Tf 72 770 Td (Hostile) Tj ET"


def pdf(
    *,
    catalog=b"",
    page=b"",
    resources=b"",
    objects=(),
    header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
):
    """A one-page PDF; ``catalog``, ``page`` and its ``resources`` add entries, ``objects``
    add objects 6, 7…"""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> "
        + resources
        + b" >> /Contents 4 0 R "
        + page
        + b" >>",
        b"<< /Length %d >>\nstream\n" % len(PAGE_TEXT) + PAGE_TEXT + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *objects,
    ]
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


def stream(data, **entries):
    extra = b"".join(b"/%s %s " % (k.encode(), v) for k, v in entries.items())
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def deflated_zeros(size, chunk=1024 * 1024):
    """``size`` zero bytes deflated (2 GB become about 2 MB), quickly: after a full flush
    each megabyte of zeros deflates to the same bytes, so one piece is repeated. (The
    checksum at the end is then wrong, which no reader gets to before the bound.)"""
    compressor = zlib.compressobj(9)
    zeros = bytes(chunk)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first + piece * (size // chunk - 1) + compressor.flush()


def pdf_bomb(size):
    """A PDF with an image stream that inflates to ``size`` bytes."""
    image = stream(
        deflated_zeros(size),
        Type=b"/XObject",
        Subtype=b"/Image",
        Width=b"1",
        Height=b"1",
        ColorSpace=b"/DeviceGray",
        BitsPerComponent=b"8",
        Filter=b"/FlateDecode",
    )
    return pdf(resources=b"/XObject << /Im1 6 0 R >>", objects=[image])


def zip_bytes(members, *, first_stored=True):
    """A ZIP of (name, bytes) pairs; the first one stored uncompressed, as EPUB wants."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members):
            info = zipfile.ZipInfo(name)
            stored = index == 0 and first_stored
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


CONTAINER = (
    b'<?xml version="1.0"?><container version="1.0" '
    b'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    b'<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
    b"</rootfiles></container>"
)


def opf(chapters):
    """A package document whose spine reads ``chapters`` (file names) in the order given."""
    manifest = "".join(
        f'<item id="c{i}" href="{name}" media-type="application/xhtml+xml"/>'
        for i, name in enumerate(chapters)
    )
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
    return (
        '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        f"<metadata/><manifest>{manifest}</manifest><spine>{spine}</spine></package>"
    ).encode()


def chapter(text):
    return (
        '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title>'
        f"</head><body><p>{text}</p></body></html>"
    ).encode()


def epub(chapters=(("ch1.xhtml", "Chapter one"),), *, extra=(), spine=None):
    """An EPUB of (file name, text) chapters under OEBPS/, read in ``spine`` order (names)."""
    spine = spine or [name for name, _text in chapters]
    return zip_bytes(
        [
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", opf(spine)),
            *((f"OEBPS/{name}", chapter(text)) for name, text in chapters),
            *extra,
        ]
    )
