"""Stored bytes follow their rows: a replaced or deleted file leaves nothing behind in storage.

Each app declares its file fields once, from its ``AppConfig.ready()``::

    follow_rows(Publication, "cover", thumbnails=COVER_THUMBNAILS)

From then on, when a row is saved with another file in a followed field (or none), or is
deleted — in the admin, from a shell, or in a cascade from its parent — the file the row
no longer names is removed from storage with its thumbnails (``thumbnails`` are their
labels, see ``images.thumbnail_name``). Nothing is removed before the transaction commits,
so a rolled-back change keeps its bytes, nor while another row of the model still names
the file (a row copied with ``pk = None``), nor while a version in the record's history
names it (``core.history``: a revert brings the file back). The last version that names a
file takes it along when deleted (a deleted record's history, or old history pruned with
``manage.py deleterevisions``). ``QuerySet.update()`` and bulk operations send no signals
and are not followed.
"""

import json

import reversion
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from reversion.models import Version

from core.media import images

# model -> {field name: thumbnail labels}
_followed = {}
# Where pre_save leaves the names a row had in the database, for post_save.
_STORED = "_core_media_stored_names"


def follow_rows(model, *fields, thumbnails=()):
    """Remove the stored files of ``fields`` (and their ``thumbnails``) once rows let them go."""
    followed = _followed.setdefault(model, {})
    for name in fields:
        field = model._meta.get_field(name)
        if not isinstance(field, models.FileField):
            raise ImproperlyConfigured(f"{model._meta.label}.{name} is not a file field.")
        followed[name] = tuple(thumbnails)
    uid = f"core.media.cleanup:{model._meta.label_lower}"
    pre_save.connect(_remember_stored_names, sender=model, dispatch_uid=f"{uid}:pre_save")
    post_save.connect(_discard_replaced, sender=model, dispatch_uid=f"{uid}:post_save")
    pre_delete.connect(_load_deferred_names, sender=model, dispatch_uid=f"{uid}:pre_delete")
    post_delete.connect(_discard_removed, sender=model, dispatch_uid=f"{uid}:post_delete")
    post_delete.connect(_discard_unversioned, sender=Version, dispatch_uid="core.media.cleanup")


def followed_fields(model):
    """The followed file fields of ``model``: {field name: thumbnail labels}."""
    return dict(_followed.get(model, {}))


def _remember_stored_names(sender, instance, raw=False, using=None, update_fields=None, **kw):
    if raw or instance.pk is None:
        return
    names = [name for name in _followed[sender] if update_fields is None or name in update_fields]
    if names:
        rows = sender._base_manager.using(using).filter(pk=instance.pk).values(*names)
        instance.__dict__[_STORED] = rows.first() or {}


def _discard_replaced(sender, instance, raw=False, using=None, **kwargs):
    stored = instance.__dict__.pop(_STORED, None)
    if raw or not stored:
        return
    for name, previous in stored.items():
        if previous and previous != getattr(instance, name).name:
            _discard_after_commit(sender, name, previous, using)


def _load_deferred_names(sender, instance, **kwargs):
    # post_delete cannot load a deferred field any more: the row is gone by then.
    deferred = instance.get_deferred_fields() & set(_followed[sender])
    if deferred:
        instance.refresh_from_db(fields=list(deferred))


def _discard_removed(sender, instance, using=None, **kwargs):
    for name in _followed[sender]:
        stored = getattr(instance, name).name
        if stored:
            _discard_after_commit(sender, name, stored, using)


def _discard_after_commit(model, field_name, stored_name, using):
    storage = model._meta.get_field(field_name).storage
    thumbnails = _followed[model][field_name]

    def discard():
        if model._base_manager.using(using).filter(**{field_name: stored_name}).exists():
            return
        if _named_by_a_version(model, stored_name, using):
            return
        images.delete_with_thumbnails(storage, stored_name, thumbnails)

    # robust: storage that fails to delete must not turn a committed change into an error.
    transaction.on_commit(discard, using=using, robust=True)


def _named_by_a_version(model, stored_name, using):
    """Whether a version of ``model`` names the file: its serialised data has the name as a
    JSON string, quoted and escaped as the serialiser writes it."""
    if not reversion.is_registered(model):
        return False
    versions = Version.objects.using(using).get_for_model(model)
    return versions.filter(serialized_data__contains=json.dumps(stored_name)).exists()


def _discard_unversioned(sender, instance, using=None, **kwargs):
    """A deleted version lets go of the files it named, if nothing else names them."""
    model = instance._model
    if model not in _followed or instance.format != "json":
        return
    try:
        fields = json.loads(instance.serialized_data)[0]["fields"]
    except (ValueError, LookupError, TypeError):
        return
    for name in _followed[model]:
        stored = fields.get(name)
        if stored and isinstance(stored, str):
            _discard_after_commit(model, name, stored, using)
