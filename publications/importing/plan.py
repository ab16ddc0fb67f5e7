"""What an import would do, record by record: the preview, and the list the import follows.

Each record becomes a row: created, merged into an existing publication (it fills what that
one lacks), left as it is (already imported: the same fingerprint), a duplicate left out, or
refused with its errors. Nothing here writes; every index is read once for the whole file.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from publications.importing import matching
from publications.importing.models import ImportedRecord
from publications.validators import normalize_isbn

CREATE, MERGE, UNCHANGED, SKIP, ERROR = "create", "merge", "unchanged", "skip", "error"


@dataclass(frozen=True)
class Policy:
    """What to do without being asked: with exact duplicates (same DOI or ISBN), probable
    ones (a similar title and the same year), and names two people share."""

    exact: str = MERGE  # MERGE, CREATE or SKIP
    probable: str = MERGE
    ambiguous_as_new: bool = False  # an ambiguous name becomes a new draft person

    @classmethod
    def unattended(cls, *, merge=False, create=False):
        """The command's: duplicates left alone unless asked; only unambiguous names matched."""
        action = MERGE if merge else CREATE if create else SKIP
        return cls(exact=action, probable=action, ambiguous_as_new=True)


@dataclass
class Row:
    index: int
    record: object
    action: str = CREATE
    duplicate: object = None  # matching.Duplicate
    in_file_of: int | None = None  # the earlier row of this file with the same work
    people: list = field(default_factory=list)  # (Name, PersonMatch)
    imported_as: int | None = None
    file_error: str = ""

    @property
    def errors(self):
        found = list(self.record.errors)
        if self.file_error:
            found.append(self.file_error)
        return found

    def to_json(self, people_labels):
        record = self.record
        return {
            "index": self.index,
            "where": record.where,
            "title": record.title,
            "year": record.year,
            "type": record.type,
            "action": self.action,
            "duplicate": (
                {
                    "id": self.duplicate.publication_id,
                    "title": self.duplicate.title,
                    "kind": self.duplicate.kind,
                    "reason": self.duplicate.reason,
                }
                if self.duplicate
                else None
            ),
            "in_file_of": self.in_file_of,
            "imported_as": self.imported_as,
            "people": [
                {
                    "name": name.text,
                    "role": name.role,
                    "key": matching.choice_key(name),
                    "status": match.status,
                    "id": match.person_id,
                    "label": people_labels.get(match.person_id, ""),
                    "candidates": [[pk, people_labels.get(pk, "")] for pk in match.candidates],
                }
                for name, match in self.people
            ],
            "file": record.file,
            "errors": self.errors,
            "warnings": record.warnings,
        }


@dataclass
class Plan:
    rows: list
    people: object  # matching.PeopleIndex
    notes: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)

    def counts(self):
        found = {CREATE: 0, MERGE: 0, UNCHANGED: 0, SKIP: 0, ERROR: 0}
        for row in self.rows:
            found[row.action] += 1
        found["new_people"] = len(
            {
                matching.choice_key(n)
                for row in self.rows
                if row.action in (CREATE, MERGE)
                for n, m in row.people
                if m.status == "new"
            }
        )
        found["ambiguous"] = len(self.ambiguous_keys())
        return found

    def ambiguous_keys(self):
        return sorted(
            {
                matching.choice_key(n)
                for row in self.rows
                if row.action in (CREATE, MERGE)
                for n, m in row.people
                if m.status == "ambiguous"
            }
        )

    def to_json(self):
        return {
            "rows": [row.to_json(self.people.labels) for row in self.rows],
            "counts": self.counts(),
            "notes": self.notes,
            "file_errors": [[line, message] for line, message in self.file_errors],
        }


def _same_work_keys(record):
    keys = []
    if record.doi:
        keys.append(("doi", record.doi.lower()))
    if record.isbn:
        keys.append(("isbn", normalize_isbn(record.isbn)))
    if record.title and record.year:
        keys.append(("title", matching._title_key(record.title), record.year))
    return keys


def build(parsed, *, archive=None, policy=Policy(), choices=None, check_files=True):
    """The plan of an import of ``parsed`` (reader.Parsed), with the Curator's ``choices``
    (rows left out, each duplicate's decision) applied over the ``policy``."""
    choices = choices or {}
    skipped = {int(i) for i in choices.get("skip", [])}
    decisions = {int(i): value for i, value in choices.get("decisions", {}).items()}
    records = parsed.records
    people = matching.PeopleIndex()
    duplicates = matching.DuplicateIndex(records)
    fingerprints = [record.fingerprint() for record in records]
    imported = {}
    for start in range(0, len(fingerprints), matching.CHUNK):
        imported.update(
            ImportedRecord.objects.filter(
                fingerprint__in=fingerprints[start : start + matching.CHUNK]
            ).values_list("fingerprint", "publication_id")
        )
    seen = {}
    rows = []
    for index, record in enumerate(records):
        row = Row(index, record)
        row.people = [(name, people.match(name)) for name in record.names]
        if record.file:
            if archive is None:
                record.warnings.append(
                    _("The file “%(name)s” is named, but no ZIP of files was uploaded.")
                    % {"name": record.file}
                )
            elif check_files:
                row.file_error = archive.check(record.file) or ""
        if fingerprints[index] in imported:
            row.action, row.imported_as = UNCHANGED, imported[fingerprints[index]]
        elif row.errors:
            row.action = ERROR
        else:
            row.duplicate = duplicates.find(index, record)
            earlier = next((seen[key] for key in _same_work_keys(record) if key in seen), None)
            if row.duplicate is not None:
                default = policy.exact if row.duplicate.kind == "exact" else policy.probable
                row.action = decisions.get(index, default)
                if row.action not in (MERGE, CREATE, SKIP):
                    row.action = default
            elif earlier is not None:
                row.in_file_of, row.action = earlier, SKIP
                if decisions.get(index) == CREATE:
                    row.action = CREATE
            if index in skipped:
                row.action = SKIP
        if row.action in (CREATE, MERGE):
            for key in _same_work_keys(record):
                seen.setdefault(key, index)
        rows.append(row)
    plan = Plan(rows, people, list(parsed.notes), list(parsed.errors))
    return plan
