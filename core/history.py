"""The history of records: every saved version with its parts, what changed, and going back.

django-reversion stores the versions: a revision holds a record with the rows that belong to
it (a publication with its authorships, publishers and files; its topics are in its own
data), so one version says how the whole record looked. Each app declares what it keeps,
from its ``AppConfig.ready()``::

    history.follow(Publication, parts=["authorships", "publisher_links", "files"])
    history.follow(Authorship)

Changes made in the admin are recorded by ``core.admin.HistoryAdminMixin``; code that changes
records elsewhere (the publishing service, imports) wraps each record's change in
``recorded(row, by=user)``.

``snapshot()`` reads a version (or the database) as a ``Snapshot``; ``diff()`` says what
changed between two, field by field, in the active language; ``revert()`` brings a record
and its parts back to a version through ordinary saves and deletes, so every receiver (the
search index, the stored-file rules, the download totals) sees the change.

Stored files stay while a version names them (``core.media.cleanup``), so a revert finds
them; deleting a record deletes its history with it, and then its files.
"""

import datetime
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePath

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import Collector
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.errors import RevertError
from reversion.models import Revision, Version

from core import publishing

# model -> the names of its reverse relations whose rows are part of its versions
_parts = {}
# model -> the model whose publish permission lets a user revert it (itself by default)
_gatekeepers = {}

TEXT_LIMIT = 300  # longer texts are cut in a diff


def follow(model, *, parts=(), exclude=(), also=(), record=True, revert_permission_of=None):
    """Keep versions of ``model``: its fields except ``exclude`` (counters and values derived
    on save, which a revert must not turn back), with the rows of its reverse relations
    ``parts`` in the same version. ``also`` names forward relations whose record is saved in
    the same revision (a talk's event, so that the event's history shows the talk's change).

    A ``record`` (not a part of another: an authorship, a file) takes its history with it
    when deleted. A revert needs the publish permission of ``revert_permission_of`` (default:
    the model).
    """
    generated = [f.name for f in model._meta.local_fields if getattr(f, "generated", False)]
    reversion.register(model, follow=[*parts, *also], exclude=[*exclude, *generated])
    _parts[model] = tuple(parts)
    _gatekeepers[model] = revert_permission_of or model
    if record:
        post_delete.connect(
            _forget_deleted,
            sender=model,
            dispatch_uid=f"core.history.forget:{model._meta.label_lower}",
        )


def is_followed(model):
    return model in _parts


def can_revert(user, model):
    """Whether ``user`` may revert ``model``'s rows: curators (the publish permission)."""
    return publishing.can_publish(user, _gatekeepers.get(model, model))


# Recording


@contextmanager
def recorded(row=None, *, by=None, comment=None):
    """A revision around one record's change, made by ``by`` (``comment``: a change message,
    a list as ``LogEntry.change_message`` has it). The record's state before its first
    recorded change is kept first (``record_baseline``)."""
    if row is not None:
        record_baseline(row)
    with reversion.create_revision():
        if by is not None and by.is_authenticated:
            reversion.set_user(by)
        if comment is not None:
            set_comment(comment)
        yield


def set_comment(message):
    """Set the current revision's comment: a change message (a list, or the JSON text of a
    ``LogEntry``), shown in the reader's language (``comment_text``)."""
    if reversion.is_active():
        if not isinstance(message, str):
            message = json.dumps(message, ensure_ascii=False)
        reversion.set_comment(message)


def record_baseline(row):
    """Keep the current state of a record that has no version yet (saved before history was
    kept), so that its first recorded change has something to compare with."""
    if reversion.is_active() or row.pk is None or not is_followed(type(row)):
        return
    if Version.objects.get_for_object(row).exists():
        return
    fresh = type(row)._base_manager.filter(pk=row.pk).first()
    if fresh is None:
        return
    with reversion.create_revision():
        reversion.add_to_revision(fresh)
        set_comment([{"baseline": {}}])


def comment_text(revision):
    """The revision's comment in the active language."""
    try:
        message = json.loads(revision.comment)
    except ValueError:
        return revision.comment
    if not isinstance(message, list):
        return revision.comment
    texts = []
    for part in message:
        if not isinstance(part, dict):
            continue
        if "baseline" in part:
            texts.append(gettext("As it was before its first recorded change."))
        elif "reverted" in part:
            when = _parse_datetime(part["reverted"].get("date"))
            texts.append(
                gettext("Reverted to the version of %(date)s.")
                % {"date": _format_datetime(when) if when else "?"}
            )
        elif "workflow" in part:
            texts.append(_workflow_text(part["workflow"]))
        elif "added" in part and not part["added"]:
            texts.append(gettext("Created."))
        elif ("added" in part or "changed" in part or "deleted" in part) and not texts:
            # The admin's change message names fields as the form labels them in English;
            # the changes themselves are listed in the reader's language below it.
            texts.append(gettext("Saved in the admin."))
    return " ".join(texts)


def _workflow_text(part):
    from core.models import AuditEntry  # core.models imports core.publishing, which imports us.

    try:
        text = str(AuditEntry.Action(part.get("action")).label)
    except ValueError:
        text = ""
    note = part.get("note")
    return f"{text}: {note}" if note else f"{text}."


# Snapshots: a record and its parts in one version


@dataclass
class Snapshot:
    """A record and its parts as one version (or the database) has them."""

    model: type
    pk: str
    versions: dict  # (model, pk) -> Version, the record's first

    @property
    def root(self):
        return self.versions[(self.model, self.pk)]

    def fields(self, model, pk):
        return self.versions[(model, pk)].field_dict

    def rows(self, model):
        root = (self.model, self.pk)
        return {pk: v for (m, pk), v in self.versions.items() if m is model and (m, pk) != root}


def snapshot(version, revision_versions=None):
    """The record of ``version`` with its parts, from the versions of the same revision
    (``revision_versions``, read when not given)."""
    if revision_versions is None:
        revision_versions = list(version.revision.version_set.all())
    by_model = {}
    for item in revision_versions:
        by_model.setdefault(item._model, []).append(item)
    model = version._model
    found = {(model, version.object_id): version}
    _collect_parts(model, version.object_id, by_model, found)
    return Snapshot(model, version.object_id, found)


def _collect_parts(model, pk, by_model, found):
    for relation in _part_relations(model):
        part_model = relation.related_model
        for item in by_model.get(part_model, ()):
            if str(item.field_dict.get(relation.field.attname)) == str(pk):
                found[(part_model, item.object_id)] = item
                _collect_parts(part_model, item.object_id, by_model, found)


def _part_relations(model):
    return [model._meta.get_field(name) for name in _parts.get(model, ())]


def current_snapshot(row):
    """The record as the database has it now, read like a version (nothing is saved)."""
    found = {key: _unsaved_version(obj) for key, obj in _current_rows(row).items()}
    return Snapshot(type(row), str(row.pk), found)


def _current_rows(row):
    found = {}

    def add(obj):
        found[(type(obj), str(obj.pk))] = obj
        for relation in _part_relations(type(obj)):
            for part in getattr(obj, relation.get_accessor_name()).all():
                add(part)

    add(row)
    return found


def _unsaved_version(obj):
    options = reversion.revisions._get_options(type(obj))
    return Version(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        format=options.format,
        serialized_data=serializers.serialize(options.format, (obj,), fields=options.fields),
        object_repr=str(obj),
    )


# Differences


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class PartChange:
    kind: str  # "added", "removed" or "changed"
    label: str  # the kind of row: "authorship"
    row: str  # the row as it was (removed) or is (added, changed)
    changes: list = field(default_factory=list)

    @property
    def kind_label(self):
        return {
            "added": _("added"),
            "removed": _("removed"),
            "changed": _("changed"),
        }[self.kind]


@dataclass
class Diff:
    fields: list = field(default_factory=list)
    parts: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.fields or self.parts)


def diff(old, new):
    """What changed from snapshot ``old`` to ``new`` (``None`` when ``old`` is ``None``: the
    first recorded version), with field names, choices and related rows as the active
    language says them."""
    if old is None:
        return None
    labels = _Labels()
    result = Diff(
        fields=_field_changes(new.model, old.root.field_dict, new.root.field_dict, labels)
    )
    for model in _part_models(new.model):
        before, after = old.rows(model), new.rows(model)
        name = str(capfirst(model._meta.verbose_name))
        for pk in after.keys() - before.keys():
            result.parts.append(PartChange("added", name, after[pk].object_repr))
        for pk in before.keys() - after.keys():
            result.parts.append(PartChange("removed", name, before[pk].object_repr))
        for pk in before.keys() & after.keys():
            changes = _field_changes(model, before[pk].field_dict, after[pk].field_dict, labels)
            if changes:
                result.parts.append(PartChange("changed", name, after[pk].object_repr, changes))
    order = {"removed": 0, "added": 1, "changed": 2}
    result.parts.sort(key=lambda p: (p.label, order[p.kind], p.row))
    labels.resolve()
    return result


def _part_models(model):
    models_ = []
    for relation in _part_relations(model):
        models_.append(relation.related_model)
        models_.extend(_part_models(relation.related_model))
    return models_


def _compared_fields(model):
    """The fields a diff shows: not the key, nor the link to the parent record, nor the dates
    the database keeps itself, nor a translated field's own column (its languages are shown).
    """
    translated = {
        f.translated_field.name
        for f in model._meta.local_fields
        if getattr(f, "translated_field", None) is not None
    }
    parents = {
        relation.field.name
        for parent in _parts
        for relation in _part_relations(parent)
        if relation.related_model is model
    }
    for f in [*model._meta.local_fields, *model._meta.local_many_to_many]:
        if (
            f.primary_key
            or f.name in translated
            or f.name in parents
            or getattr(f, "auto_now", False)
            or getattr(f, "auto_now_add", False)
        ):
            continue
        yield f


def _field_changes(model, old, new, labels):
    changes = []
    for f in _compared_fields(model):
        if f.attname not in old and f.attname not in new:
            continue  # not kept in versions
        before, after = _comparable(f, old.get(f.attname)), _comparable(f, new.get(f.attname))
        if before != after:
            changes.append(
                FieldChange(
                    str(capfirst(f.verbose_name)),
                    labels.value(f, before),
                    labels.value(f, after),
                )
            )
    return changes


def _comparable(f, value):
    """The value as a reader compares it: an empty text is empty whether null or blank, and
    times count to the second (the admin's forms keep no more)."""
    if isinstance(f, models.FileField):
        return getattr(value, "name", value) or ""
    if f.many_to_many:
        return sorted(str(v) for v in value or ())
    if value is None and f.empty_strings_allowed:
        return ""
    if isinstance(value, datetime.datetime | datetime.time):
        return value.replace(microsecond=0)
    return value


class _Labels:
    """Values as text; related rows are named after one query per related model."""

    def __init__(self):
        self.pending = {}  # model -> set of pks
        self.cells = []  # (text holder, fill)

    def value(self, f, value):
        if f.many_to_many or f.many_to_one:
            pks = value if f.many_to_many else [value] if value is not None else []
            holder = _Deferred()
            model = f.related_model
            self.pending.setdefault(model, set()).update(str(pk) for pk in pks)
            self.cells.append((holder, model, [str(pk) for pk in pks]))
            return holder
        return _plain(f, value)

    def resolve(self):
        names = {}
        for model, pks in self.pending.items():
            rows = model._base_manager.in_bulk([model._meta.pk.to_python(pk) for pk in pks])
            names[model] = {str(pk): str(row) for pk, row in rows.items()}
        for holder, model, pks in self.cells:
            texts = [names[model].get(pk, gettext("#%(id)s (deleted)") % {"id": pk}) for pk in pks]
            holder.text = ", ".join(sorted(texts)) if texts else "—"


class _Deferred:
    """Text known once the related rows are read (``_Labels.resolve``)."""

    text = ""

    def __str__(self):
        return self.text


def _plain(f, value):
    if value is None or value == "":
        return "—"
    if f.flatchoices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(f, models.FileField):
        return PurePath(value).name
    if isinstance(value, datetime.datetime):
        return _format_datetime(value)
    if isinstance(value, datetime.date | datetime.time):
        return localize(value)
    text = str(value)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _format_datetime(value):
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "DATETIME_FORMAT")


def _parse_datetime(text):
    try:
        return datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


# The history page


@dataclass
class Entry:
    version: Version
    revision: Revision
    comment: str
    diff: Diff | None  # None: the first recorded version


def versions_of(row):
    """The record's versions, newest first."""
    return (
        Version.objects.get_for_object(row)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def entries(versions, older=None):
    """History entries for ``versions`` (newest first), each with its changes from the
    version before it (``older``: the version before the last of them, if any)."""
    versions = list(versions)
    chain = [*versions, older] if older is not None else versions
    revisions = {v.revision_id for v in chain}
    by_revision = {}
    for item in Version.objects.filter(revision_id__in=revisions):
        by_revision.setdefault(item.revision_id, []).append(item)
    snapshots = [snapshot(v, by_revision[v.revision_id]) for v in chain]
    result = []
    for at, version in enumerate(versions):
        previous = snapshots[at + 1] if at + 1 < len(snapshots) else None
        result.append(
            Entry(
                version,
                version.revision,
                comment_text(version.revision),
                diff(previous, snapshots[at]),
            )
        )
    return result


# Reverting


@transaction.atomic
def revert(*, version, by):
    """Bring the record of ``version`` and its parts back to that version: its fields, its
    many-to-many links, its parts' rows (those added since are deleted, those deleted since
    come back with their stored files). Each row is saved or deleted as usual, in a new
    revision; the audit list gets the revert (and the change of status, if any). Only
    curators revert (``can_revert``); a record of another kind refuses with RevertError.
    """
    from core.models import AuditEntry

    model = version._model
    if by is not None and not can_revert(by, model):
        raise PermissionDenied(gettext("Only a curator may revert to an earlier version."))
    target = snapshot(version)
    row = model._base_manager.filter(pk=target.pk).first()
    before = getattr(row, "status", None)
    with recorded(
        row,
        by=by,
        comment=[
            {"reverted": {"date": version.revision.date_created.isoformat(), "version": version.pk}}
        ],
    ):
        if row is not None:
            _delete_rows_added_since(row, target)
        restored = _restore(target)
    root = restored[(model, target.pk)]
    when = _format_datetime(version.revision.date_created)
    note = gettext("Version of %(date)s") % {"date": when}
    if version.revision.comment:
        note = f"{note}: {comment_text(version.revision)}"
    AuditEntry.record(root, AuditEntry.Action.REVERTED, by=by, note=note)
    if before is not None:
        publishing.record_transition(root, before=before, by=by, note=note)
    return root


def _delete_rows_added_since(row, target):
    extra = [obj for key, obj in _current_rows(row).items() if key not in target.versions]
    if extra:
        collector = Collector(using=transaction.get_connection().alias)
        collector.collect(extra)
        collector.delete()


def _restore(target):
    """Save each row of the snapshot, the record first; a row that breaks a constraint only
    until another row is restored is tried again after the others."""
    restored = {}
    waiting = list(target.versions.items())
    while waiting:
        postponed = []
        for key, version in waiting:
            try:
                with transaction.atomic():
                    restored[key] = _restore_row(*key, version)
            except IntegrityError:
                postponed.append((key, version))
        if len(postponed) == len(waiting):
            raise RevertError(
                gettext("Could not restore %(row)s: it conflicts with the present data.")
                % {"row": postponed[0][1].object_repr}
            )
        waiting = postponed
    return restored


def _restore_row(model, pk, version):
    values = version.field_dict
    row = model._base_manager.filter(pk=pk).first() or model(pk=model._meta.pk.to_python(pk))
    links = {}
    for f in _restored_fields(model):
        if f.attname not in values:
            continue
        value = values[f.attname]
        if f.many_to_many:
            links[f.name] = value
            continue
        if f.many_to_one and value is not None and not _exists(f.related_model, value):
            raise RevertError(
                gettext("Could not restore %(row)s: its %(field)s no longer exists.")
                % {"row": version.object_repr, "field": f.verbose_name}
            )
        if isinstance(f, models.FileField):
            value = getattr(value, "name", value) or ""
            if value and not f.storage.exists(value):
                raise RevertError(
                    gettext("Could not restore %(row)s: its file is no longer stored.")
                    % {"row": version.object_repr}
                )
        setattr(row, f.attname, value)
    row.save()
    for name, pks in links.items():
        getattr(row, name).set(pks)
    return row


def _restored_fields(model):
    translated = {
        f.translated_field.name
        for f in model._meta.local_fields
        if getattr(f, "translated_field", None) is not None
    }
    return [
        f
        for f in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if not f.primary_key
        and f.name not in translated  # its languages' columns are restored
        and not getattr(f, "auto_now", False)
        and not getattr(f, "generated", False)
        and not (f.many_to_many and not f.remote_field.through._meta.auto_created)
    ]


def _exists(model, pk):
    return model._base_manager.filter(pk=pk).exists()


# Deleting a record deletes its history


def _forget_deleted(sender, instance, using=None, **kwargs):
    """A deleted record's versions go with it, with those of its parts (deleted with it), so
    that the files only they named are removed too. Recovering deleted records is off."""
    versions = Version.objects.using(using).get_for_object(instance)
    revisions = list(versions.values_list("revision_id", flat=True))
    if not revisions:
        return
    versions.delete()
    for model in _part_models(sender):
        parts = Version.objects.using(using).get_for_model(model).filter(revision_id__in=revisions)
        gone = {
            pk
            for pk in parts.values_list("object_id", flat=True)
            if not model._base_manager.using(using).filter(pk=model._meta.pk.to_python(pk)).exists()
        }
        parts.filter(object_id__in=gone).delete()
    Revision.objects.using(using).filter(pk__in=revisions, version__isnull=True).delete()
