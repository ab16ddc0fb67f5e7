"""BibTeX and biblatex files read into records: entries, @string macros, # joins, LaTeX.

A small reader of its own rather than a library: it keeps the line of every entry for the
preview's messages, goes on past a broken entry (the next one starts at the next "@"), and
the test suite keeps bibtexparser as an independent reader of the portal's own exports.
"""

import re

from django.utils.translation import gettext as _

from publications.importing import latex, names
from publications.importing.records import (
    Record,
    clean_text,
    parse_date,
    parse_language,
    parse_pages,
    parse_year,
    split_list,
)
from publications.models import Authorship, Publication

MONTHS = {
    m: str(n)
    for n, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
Type = Publication.Type
ENTRY_TYPES = {
    "book": Type.MONOGRAPH,
    "mvbook": Type.MONOGRAPH,
    "booklet": Type.MONOGRAPH,
    "collection": Type.COLLECTION,
    "mvcollection": Type.COLLECTION,
    "proceedings": Type.PROCEEDINGS,
    "mvproceedings": Type.PROCEEDINGS,
    "report": Type.REPORT,
    "techreport": Type.REPORT,
    "article": Type.ARTICLE,
    "incollection": Type.ARTICLE,
    "inbook": Type.ARTICLE,
    "inproceedings": Type.ARTICLE,
    "conference": Type.ARTICLE,
}
SKIPPED = {"comment", "preamble", "string"}
# What matters inside braces: an escaped character (skipped), a brace, a line starting an entry.
_BRACED_STOP = re.compile(r"\\.|[{}]|\n@", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_][\w\-:.+/]*")


class BibTeXError(Exception):
    def __init__(self, message, line):
        super().__init__(message)
        self.line = line


class _Scanner:
    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.macros = dict(MONTHS)
        self._line_pos, self._line = 0, 1

    def line_at(self, pos):
        """The line of ``pos``, counted on from the last position asked (entries go forward)."""
        if pos < self._line_pos:
            self._line_pos, self._line = 0, 1
        self._line += self.text.count("\n", self._line_pos, pos)
        self._line_pos = pos
        return self._line

    def skip_space(self):
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def fail(self, message):
        raise BibTeXError(message, self.line_at(self.pos))

    def expect(self, chars):
        self.skip_space()
        if self.pos >= len(self.text) or self.text[self.pos] not in chars:
            found = self.text[self.pos] if self.pos < len(self.text) else _("the end of the file")
            self.fail(
                _("“%(want)s” expected, found “%(found)s”.") % {"want": chars[0], "found": found}
            )
        self.pos += 1
        return self.text[self.pos - 1]

    def name(self):
        self.skip_space()
        match = _NAME.match(self.text, self.pos)
        if not match:
            self.fail(_("A field name expected."))
        self.pos = match.end()
        return match.group(0).lower()

    def braced(self, closing="}"):
        """The text up to the matching closing brace (the opening one already read)."""
        depth, start = 1, self.pos
        text = self.text
        for match in _BRACED_STOP.finditer(text, self.pos):
            token = match.group(0)
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    self.pos = match.end()
                    return text[start : match.start()]
            elif token == "\n@" and depth == 1:
                break  # an entry starts at the beginning of a line: this one was never closed
        self.pos = len(text)
        raise BibTeXError(_("A brace is never closed."), self.line_at(start))

    def quoted(self):
        depth, start = 0, self.pos
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == '"' and depth == 0:
                self.pos += 1
                return text[start : self.pos - 1]
            elif char == "\n" and text.startswith("@", self.pos + 1):
                break
            self.pos += 1
        raise BibTeXError(_("A quotation mark is never closed."), self.line_at(start))

    def value(self):
        parts = []
        while True:
            self.skip_space()
            if self.pos >= len(self.text):
                self.fail(_("A value expected."))
            char = self.text[self.pos]
            if char == "{":
                self.pos += 1
                parts.append(self.braced())
            elif char == '"':
                self.pos += 1
                parts.append(self.quoted())
            elif char.isdigit():
                match = re.compile(r"\d+").match(self.text, self.pos)
                self.pos = match.end()
                parts.append(match.group(0))
            else:
                macro = self.name()
                parts.append(self.macros.get(macro, macro))
            self.skip_space()
            if self.text.startswith("#", self.pos):
                self.pos += 1
                continue
            return "".join(parts)

    def entries(self):
        """(type, key, fields, line) for each entry; a BibTeXError (with its line) in its place
        for an entry that cannot be read."""
        text = self.text
        while True:
            at = text.find("@", self.pos)
            if at < 0:
                return
            self.pos = at + 1
            start_of_line = text.rfind("\n", 0, at) + 1
            if text[start_of_line:at].strip():
                continue  # an "@" inside free text between entries, as BibTeX ignores it
            line = self.line_at(at)
            try:
                kind = self.name()
                if kind == "comment":
                    continue
                opening = self.expect("{(")
                closing = "}" if opening == "{" else ")"
                if kind == "preamble":
                    self.braced(closing)
                    continue
                if kind == "string":
                    name = self.name()
                    self.expect("=")
                    self.macros[name] = self.value()
                    self.expect(closing)
                    continue
                self.skip_space()
                match = re.compile(r"[^,\s}]+").match(text, self.pos)
                key = match.group(0) if match else ""
                self.pos = match.end() if match else self.pos
                fields = {}
                while True:
                    self.skip_space()
                    if text.startswith(closing, self.pos):
                        self.pos += 1
                        break
                    self.expect(",")
                    self.skip_space()
                    if text.startswith(closing, self.pos):
                        self.pos += 1
                        break
                    field = self.name()
                    self.expect("=")
                    fields[field] = self.value()
                yield kind, key, fields, line
            except BibTeXError as error:
                yield error
                # Go on from the next line that starts an entry.
                following = text.find("\n@", at + 1)
                self.pos = following + 1 if following >= 0 else len(text)


def _split_names(value):
    """The names of an "and"-separated list, braces respected ({Smith and Sons} is one)."""
    out, depth, current = [], 0, []
    words = re.split(r"(\s+and\s+|[{}])", value)
    for word in words:
        if word == "{":
            depth += 1
        elif word == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", word or ""):
            out.append("".join(current))
            current = []
        else:
            current.append(word or "")
    out.append("".join(current))
    return [item.strip() for item in out if item.strip()]


def _is_corporate(item):
    """ "{World Customs Organization}": braced whole, BibTeX's way of naming a body."""
    if not (item.startswith("{") and item.endswith("}")):
        return False
    depth = 0
    for char in item[:-1]:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return False  # "{Van} {Dyke}": two braced parts, a person
    return True


def _names(value, role, warnings=None):
    found = []
    for item in _split_names(value):
        if item.lower() == "others":
            continue
        if _is_corporate(item) and warnings is not None:
            warnings.append(
                _("“%(name)s” is an organisation, not a person: left out of the creators.")
                % {"name": latex.decode(item)}
            )
            continue
        name = names.parse(latex.decode(item), role)
        if name is not None:
            found.append(name)
    return found


def _file_name(value):
    """The file's name from JabRef's "Description:path:Type" or Zotero's "path/to/x.pdf"."""
    value = value.split(";")[0].strip()
    parts = value.split(":")
    if len(parts) >= 3:
        value = ":".join(parts[1:-1])
    return value.replace("\\", "/").rsplit("/", 1)[-1].strip()


def to_record(kind, key, fields, line):
    decoded = {name: clean_text(latex.decode(value)) for name, value in fields.items()}
    record = Record(key=key, line=line)
    record.type = ENTRY_TYPES.get(kind, "")
    host = decoded.get("journaltitle") or decoded.get("journal") or decoded.get("booktitle", "")
    if not record.type:
        record.type = Type.ARTICLE if host else Type.MONOGRAPH
        record.warnings.append(
            _("The entry type “%(kind)s” is not known; imported as “%(type)s”.")
            % {"kind": kind, "type": Type(record.type).label}
        )
    record.title = decoded.get("title", "")
    record.subtitle = decoded.get("subtitle", "")
    record.title_en = decoded.get("titleaddon_en", "") or decoded.get("title_en", "")
    if kind in ("incollection", "inbook", "inproceedings", "conference", "article") or (
        record.type == Type.ARTICLE
    ):
        record.source_title = host
    record.source_volume = decoded.get("volume", "")
    record.source_issue = decoded.get("number", "") or decoded.get("issue", "")
    date = decoded.get("date", "")
    record.year = parse_year(decoded.get("year") or date)
    record.date = parse_date(date)
    editor_role = Authorship.Role.EDITOR
    if decoded.get("editortype", "").lower() == "compiler":
        editor_role = Authorship.Role.COMPILER
    record.names = [
        *_names(fields.get("author", ""), Authorship.Role.AUTHOR, record.warnings),
        *(
            _names(fields.get("editor", ""), editor_role, record.warnings)
            if kind not in ("incollection", "inproceedings")
            else []
        ),
        *_names(fields.get("translator", ""), Authorship.Role.TRANSLATOR),
    ]
    publisher = fields.get("publisher") or fields.get("institution") or fields.get("organization")
    if publisher:
        record.publishers = [latex.decode(item) for item in _split_names(publisher)]
    record.place = decoded.get("location") or decoded.get("address", "")
    record.series = decoded.get("series", "")
    record.edition = decoded.get("edition", "")
    pages = decoded.get("pages", "")
    if pages:
        record.source_pages = "–".join(part for part in parse_pages(pages) if part)
    total = decoded.get("pagetotal", "")
    if total.isdigit():
        record.pages = int(total)
    record.isbn = decoded.get("isbn", "")
    record.doi = decoded.get("doi", "")
    record.edn = decoded.get("edn", "")
    record.udc = decoded.get("udc", "")
    record.bbk = decoded.get("bbk", "")
    record.language = parse_language(decoded.get("langid") or decoded.get("language", ""))
    record.keywords = split_list(decoded.get("keywords", ""), ",;")
    record.abstract = latex.decode(fields.get("abstract", "")).strip()
    record.license = decoded.get("license", "")
    if decoded.get("file"):
        record.file = _file_name(decoded["file"])
    return record


def read(text):
    """Records and errors ((line, message), for what is not an entry at all) of a file."""
    records, errors = [], []
    for item in _Scanner(text).entries():
        if isinstance(item, BibTeXError):
            errors.append((item.line, str(item)))
        else:
            records.append(to_record(*item))
    return records, errors
