"""Which format an uploaded file is, in which encoding, and whether it is within the limits."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publications.importing import bibtex, csl, ris, table
from publications.importing.records import check

FORMATS = {
    "bibtex": ("BibTeX", bibtex.read),
    "ris": ("RIS", ris.read),
    "csl": ("CSL-JSON", csl.read),
    "csv": ("CSV", table.read),
}
EXTENSIONS = {
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".biblatex": "bibtex",
    ".ris": "ris",
    ".txt": None,
    ".json": "csl",
    ".csljson": "csl",
    ".csv": "csv",
    ".tsv": "csv",
}
ACCEPT = ",".join(EXTENSIONS)


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", 50 * 1024 * 1024)


def max_records():
    return getattr(settings, "IMPORT_MAX_RECORDS", 20_000)


@dataclass
class Parsed:
    format: str
    records: list
    errors: list = field(default_factory=list)  # (line, message): what is not a record at all
    notes: list = field(default_factory=list)  # said once of the whole file (the encoding)

    @property
    def label(self):
        return FORMATS[self.format][0]


def refuse(message):
    return ValidationError(message, code="import_refused")


def decode(data):
    """The text of the file and a note when it was not UTF-8; refused if it is binary."""
    head = data[:8192]
    if b"\x00" in head:
        raise refuse(gettext_lazy("This is not a text file (it has binary content)."))
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    letters = sum(1 for char in text if char.isalpha())
    cyrillic = sum(1 for char in text if "\u0400" <= char <= "\u04ff")
    if "\ufffd" in text or (letters and cyrillic / letters < 0.3):
        raise refuse(
            gettext_lazy("The file is neither UTF-8 nor Windows-1251 text: save it as UTF-8.")
        )
    return text, _("The file was read as Windows-1251 (Cyrillic) text, not UTF-8.")


def sniff(name, text):
    """The format by the file's name, else by its content."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    known = EXTENSIONS.get(suffix)
    start = text.lstrip()[:2000]
    by_content = None
    if start.startswith(("[", "{")):
        by_content = "csl"
    elif start.startswith("TY  -") or "\nTY  -" in start:
        by_content = "ris"
    elif start.startswith(("@", "%")) or "\n@" in start:
        by_content = "bibtex"
    if known and by_content and known != by_content and known != "csv":
        raise refuse(
            _("The file is named like %(name)s but reads like %(content)s.")
            % {"name": FORMATS[known][0], "content": FORMATS[by_content][0]}
        )
    found = known or by_content
    if found is None:
        raise refuse(
            _(
                "The format is not recognised: upload BibTeX (.bib), RIS (.ris), "
                "CSL-JSON (.json) or CSV (.csv)."
            )
        )
    return found


def read(data, name):
    """Every record of an uploaded file, checked; a ValidationError when the file is refused."""
    if len(data) > max_bytes():
        raise refuse(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(max_bytes())}
        )
    if not data.strip():
        raise refuse(_("The file is empty."))
    text, note = decode(data)
    fmt = sniff(name, text)
    records, errors = FORMATS[fmt][1](text)
    if not records:
        messages = "; ".join(f"{_('line')} {line}: {message}" for line, message in errors[:5])
        raise refuse(
            _("No record could be read from this %(format)s file. %(errors)s")
            % {"format": FORMATS[fmt][0], "errors": messages}
        )
    if len(records) > max_records():
        raise refuse(
            _("The file has %(count)s records; at most %(limit)s are imported at once: split it.")
            % {"count": len(records), "limit": max_records()}
        )
    for record in records:
        check(record)
    return Parsed(fmt, records, errors, [note] if note else [])
