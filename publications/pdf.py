"""A small, valid, deterministic PDF with a few lines of text (demo files, tests, benchmarks)."""

HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
_PAD_LINE = b"%" + b"0" * 1022 + b"\n"


def _escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _body(lines, start):
    """The objects, cross-reference table and trailer, for a body starting at byte ``start``."""
    text = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    text += [f"({_escape(line)}) Tj T*" for line in lines]
    text.append("ET")
    stream = "\n".join(text).encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray()
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(start + len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = start + len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _padding(size):
    """Comment lines of ``size`` bytes in all (readers skip comments)."""
    full, rest = divmod(size, len(_PAD_LINE))
    yield from (_PAD_LINE for _ in range(full))
    if rest:
        yield b"%" + b"0" * (rest - 2) + b"\n" if rest >= 2 else b"\n"


def simple_pdf(lines, *, padding=0):
    """One A4 page showing ``lines`` (ASCII) in Helvetica; ``padding`` bytes of comment pad it.

    The same input always gives the same bytes, so a checksum identifies the file.
    """
    head = HEADER + b"".join(_padding(padding))
    return head + _body(lines, len(head))


def write_large_pdf(handle, lines, size):
    """Write a valid PDF of about ``size`` bytes to ``handle`` without holding it in memory."""
    body_length = len(_body(lines, 0)) + 8  # offsets may need a few more digits; 8 is plenty
    padding = max(size - len(HEADER) - body_length, 0)
    handle.write(HEADER)
    written = len(HEADER)
    for line in _padding(padding):
        handle.write(line)
        written += len(line)
    handle.write(_body(lines, written))


def _page_stream(lines):
    text = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    text += [f"({_escape(line)}) Tj T*" for line in lines]
    text.append("ET")
    return "\n".join(text).encode("ascii", "replace")


def write_pages_pdf(handle, pages, *, padding=0):
    """Write a PDF of several A4 pages (``pages``: each a list of ASCII lines) to ``handle``.

    ``padding`` bytes of an embedded stream that no page draws (as a book's attachment or
    its unused images would be) follow the pages, streamed, so the file may be as large as
    wanted, with the cross-reference table at its end.
    """
    count = len(pages)
    font = 3 + 2 * count
    kids = " ".join(f"{3 + 2 * index} 0 R" for index in range(count)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
    ]
    for index, lines in enumerate(pages):
        stream = _page_stream(lines)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, 4 + 2 * index)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    handle.write(HEADER)
    written = len(HEADER)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(written)
        chunk = b"%d 0 obj\n" % number + body + b"\nendobj\n"
        handle.write(chunk)
        written += len(chunk)
    if padding:
        offsets.append(written)
        head = b"%d 0 obj\n<< /Type /EmbeddedFile /Length %d >>\nstream\n" % (
            len(objects) + 1,
            padding,
        )
        handle.write(head)
        block = b"0" * (1024 * 1024)
        remaining = padding
        while remaining > 0:
            handle.write(block[: min(remaining, len(block))])
            remaining -= len(block)
        tail = b"\nendstream\nendobj\n"
        handle.write(tail)
        written += len(head) + padding + len(tail)
    size = len(offsets) + 1
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    xref += [b"%010d 00000 n \n" % offset for offset in offsets]
    handle.write(b"".join(xref))
    handle.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, written))


def pages_pdf(pages):
    """The bytes of ``write_pages_pdf`` without padding."""
    import io

    out = io.BytesIO()
    write_pages_pdf(out, pages)
    return out.getvalue()
