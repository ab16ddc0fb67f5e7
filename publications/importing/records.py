"""The record every format is read into, and the problems found in it."""

import datetime
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from publications.models import Authorship, Language, Publication
from publications.validators import DOI_RE, isbn_is_valid, normalize_isbn

YEAR_RANGE = (1800, 2100)
_NOT_CONTENT = {"key", "line", "errors", "warnings"}
ROLES = {role.value for role in Authorship.Role}


@dataclass
class Name:
    """A person as a record names them: family name, given name, patronymic."""

    family: str
    given: str = ""
    patronymic: str = ""
    role: str = Authorship.Role.AUTHOR

    @property
    def text(self):
        rest = " ".join(part for part in (self.given, self.patronymic) if part)
        return f"{self.family}, {rest}" if rest else self.family


@dataclass
class Record:
    """One publication as a file describes it, normalised; ``errors`` stop it being imported,
    ``warnings`` are told in the preview."""

    key: str = ""  # the entry key, or the record's or row's number
    line: int = 0
    type: str = ""
    title: str = ""
    subtitle: str = ""
    title_en: str = ""  # a second title in English, when the file gives one
    language: str = ""
    year: int | None = None
    date: str = ""  # ISO date when the full date is known
    names: list = field(default_factory=list)  # Name
    publishers: list = field(default_factory=list)
    place: str = ""
    pages: int | None = None
    isbn: str = ""
    doi: str = ""
    edn: str = ""
    udc: str = ""
    bbk: str = ""
    series: str = ""
    edition: str = ""
    source_title: str = ""
    source_volume: str = ""
    source_issue: str = ""
    source_pages: str = ""
    abstract: str = ""
    keywords: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    license: str = ""
    file: str = ""
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def where(self):
        """Where the record is in its file, for messages: "line 12, entry mozer2019"."""
        parts = []
        if self.line:
            parts.append(_("line %(line)s") % {"line": self.line})
        if self.key:
            parts.append(_("entry %(key)s") % {"key": self.key})
        return ", ".join(parts)

    def content(self):
        """The record's facts without where it stands in the file or what was said of it."""
        data = {k: v for k, v in vars(self).items() if k not in _NOT_CONTENT}
        data["names"] = [dict(vars(name)) for name in self.names]  # asdict(), only faster
        return data

    def fingerprint(self):
        """The same facts give the same fingerprint, whichever file or row they come from: a
        second import of a record already imported is recognised by it."""
        text = json.dumps(self.content(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        data = dict(data)
        data["names"] = [Name(**name) for name in data.get("names", [])]
        return cls(**data)


def clean_text(value):
    """One line of text: whitespace runs as one space, trimmed."""
    return " ".join(str(value or "").split())


def normalize_doi(value):
    """A DOI without its resolver prefix: "https://doi.org/10.1/x" → "10.1/x"."""
    value = clean_text(value)
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    return value


def parse_year(value):
    match = re.search(r"\b(\d{4})\b", str(value or ""))
    return int(match.group(1)) if match else None


def parse_date(value):
    """An ISO date from "2021-12-01", "2021/12/01/" or "2021-12-01T…"; "" when not a full date."""
    match = re.match(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})", str(value or ""))
    if not match:
        return ""
    try:
        return datetime.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return ""


def split_list(value, separators=";"):
    """Items of a list written in one cell: "a; b; c"."""
    pattern = "|".join(re.escape(sep) for sep in separators)
    return [clean_text(item) for item in re.split(pattern, value or "") if clean_text(item)]


def parse_pages(value):
    """(first, last) from "12-34", "12–34", "12--34"; the whole text when not a range."""
    value = clean_text(value).replace("--", "-").replace("–", "-").replace("—", "-")
    first, _sep, last = value.partition("-")
    return first.strip(), last.strip()


LANGUAGE_NAMES = {
    "ru": Language.RUSSIAN,
    "rus": Language.RUSSIAN,
    "russian": Language.RUSSIAN,
    "русский": Language.RUSSIAN,
    "ru-ru": Language.RUSSIAN,
    "en": Language.ENGLISH,
    "eng": Language.ENGLISH,
    "english": Language.ENGLISH,
    "английский": Language.ENGLISH,
    "en-us": Language.ENGLISH,
    "en-gb": Language.ENGLISH,
    "fr": Language.FRENCH,
    "fre": Language.FRENCH,
    "fra": Language.FRENCH,
    "french": Language.FRENCH,
    "французский": Language.FRENCH,
    "de": Language.GERMAN,
    "ger": Language.GERMAN,
    "deu": Language.GERMAN,
    "german": Language.GERMAN,
    "немецкий": Language.GERMAN,
    "zh": Language.CHINESE,
    "chi": Language.CHINESE,
    "zho": Language.CHINESE,
    "chinese": Language.CHINESE,
    "китайский": Language.CHINESE,
    "other": Language.OTHER,
}


def parse_language(value):
    return LANGUAGE_NAMES.get(clean_text(value).lower(), "")


def check(record):
    """Fill in what can be inferred and note what is wrong, in plain words."""
    from core.text import has_cyrillic

    record.title = clean_text(record.title)
    record.subtitle = clean_text(record.subtitle)
    if not record.title:
        record.errors.append(_("The title is missing."))
    elif len(record.title) > 500:
        record.errors.append(_("The title is longer than 500 characters."))
    low, high = YEAR_RANGE
    if record.year is None:
        record.errors.append(_("The year is missing."))
    elif not low <= record.year <= high:
        record.errors.append(
            _("The year %(year)s is out of range (%(low)s–%(high)s).")
            % {"year": record.year, "low": low, "high": high}
        )
    if record.date and record.year and not record.date.startswith(str(record.year)):
        record.date = ""
    if not record.language:
        record.language = Language.RUSSIAN if has_cyrillic(record.title) else Language.ENGLISH
    if record.isbn:
        # The first of several ("978-… (hardback); 978-…"), kept as written (with hyphens).
        isbns = [
            clean_text(re.sub(r"\(.*?\)", "", part)) for part in re.split(r"[;,]", record.isbn)
        ]
        isbns = [part for part in isbns if normalize_isbn(part)]
        record.isbn = isbns[0] if isbns else ""
        if record.isbn and not isbn_is_valid(record.isbn):
            record.errors.append(
                _("The ISBN %(isbn)s is not valid: its check digit does not match.")
                % {"isbn": record.isbn}
            )
        elif len(record.isbn) > 17:
            record.errors.append(_("The ISBN is too long."))
    if record.doi:
        record.doi = normalize_doi(record.doi)
        if not DOI_RE.match(record.doi) or len(record.doi) > 200:
            record.errors.append(
                _("The DOI %(doi)s is not valid: a DOI starts with 10. and a slash.")
                % {"doi": record.doi}
            )
    record.edn = clean_text(record.edn).upper()
    if record.edn and not re.fullmatch(r"[A-Z]{6}", record.edn):
        record.warnings.append(
            _("The EDN %(edn)s is not six letters: left out.") % {"edn": record.edn}
        )
        record.edn = ""
    if record.type not in Publication.Type.values:
        record.errors.append(_("The type is missing."))
    record.names = [name for name in record.names if name.family]
    for name in record.names:
        if name.role not in ROLES:
            name.role = Authorship.Role.AUTHOR
    record.keywords = list(dict.fromkeys(k for k in (clean_text(k) for k in record.keywords) if k))
    record.topics = list(dict.fromkeys(t for t in (clean_text(t) for t in record.topics) if t))
    record.publishers = list(
        dict.fromkeys(p for p in (clean_text(p) for p in record.publishers) if p)
    )
    for name, limit in (
        ("place", 200),
        ("series", 300),
        ("edition", 100),
        ("source_title", 300),
        ("source_volume", 30),
        ("source_issue", 30),
        ("source_pages", 30),
        ("udc", 100),
        ("bbk", 100),
        ("subtitle", 500),
    ):
        value = clean_text(getattr(record, name))
        if len(value) > limit:
            record.warnings.append(
                _("The %(field)s was longer than %(limit)s characters and was cut.")
                % {"field": name.replace("_", " "), "limit": limit}
            )
            value = value[:limit]
        setattr(record, name, value)
    return record
