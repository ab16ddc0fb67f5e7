"""Stored bytes follow their rows: a replaced or deleted file leaves nothing behind in storage.

Each app declares its file fields once, from its ``AppConfig.ready()``::

    follow_rows(Publication, "cover", thumbnails=COVER_THUMBNAILS)

From then on, when a row is saved with another file in a followed field (or none), or is
deleted — in the admin, from a shell, or in a cascade from its parent — the file the row
no longer names is removed from storage with its thumbnails (``thumbnails`` are their
labels, see ``images.thumbnail_name``). Nothing is removed before the transaction commits,
so a rolled-back change keeps its bytes, nor while another row of the model still names
the file (a row copied with ``pk = None``). ``QuerySet.update()`` and bulk operations send
no signals and are not followed.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

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
        if not model._base_manager.using(using).filter(**{field_name: stored_name}).exists():
            images.delete_with_thumbnails(storage, stored_name, thumbnails)

    # robust: storage that fails to delete must not turn a committed change into an error.
    transaction.on_commit(discard, using=using, robust=True)
