"""Stored bytes follow their rows: a replaced or deleted file leaves nothing behind on disk.

A withdrawn full text must not stay in the media folder, whether it was removed in the
admin, from a shell, or with its publication. The bytes go once the transaction commits,
so a rolled-back change keeps them.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from publications.models import PublicationFile


def _delete_after_commit(storage, name):
    transaction.on_commit(lambda: storage.delete(name))


def remember_stored_name(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    previous = sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    instance._previous_stored_name = previous


def delete_replaced_bytes(sender, instance, raw=False, **kwargs):
    previous = getattr(instance, "_previous_stored_name", None)
    instance._previous_stored_name = None
    if not raw and previous and previous != instance.file.name:
        _delete_after_commit(instance.file.storage, previous)


def delete_removed_bytes(sender, instance, **kwargs):
    if instance.file.name:
        _delete_after_commit(instance.file.storage, instance.file.name)


def connect():
    """Connect the receivers (from PublicationsConfig.ready)."""
    uid = "publications.file.storage"
    pre_save.connect(remember_stored_name, sender=PublicationFile, dispatch_uid=f"{uid}.pre")
    post_save.connect(delete_replaced_bytes, sender=PublicationFile, dispatch_uid=f"{uid}.post")
    post_delete.connect(delete_removed_bytes, sender=PublicationFile, dispatch_uid=f"{uid}.del")
