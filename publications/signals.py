"""Side effects of changes to publications: the denormalised download totals and the
catalogue's facet counts follow every change, however it is made (admin, shell, import)."""

from django.db import transaction
from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from people.models import Organization, Person
from publications.models import (
    Authorship,
    FacetSnapshot,
    Publication,
    PublicationFile,
    Publisher,
    Topic,
)


def mark_facets_dirty(sender, raw=False, **kwargs):
    """The catalogue's facet counts may have moved: the next list page counts them again.

    Marked inside the change's transaction: a rolled-back change leaves them as they were,
    and a reader counting meanwhile waits for the change to commit (the row is locked).
    """
    if not raw:
        FacetSnapshot.objects.filter(dirty=False).update(dirty=True)


def refresh_total_downloads(publication_id):
    """Set a publication's download total to the sum of its files' counts (one query)."""
    totals = (
        PublicationFile.objects.filter(publication=OuterRef("pk"))
        .order_by()
        .values("publication")
        .annotate(total=Sum("download_count"))
        .values("total")
    )
    Publication.objects.filter(pk=publication_id).update(
        total_downloads=Coalesce(Subquery(totals), Value(0))
    )


def remember_publication(sender, instance, **kwargs):
    """Read the file's publication and preview while the row exists (they may be deferred
    fields, which post_delete could no longer load)."""
    deferred = instance.get_deferred_fields() & {"publication_id", "preview_file"}
    if deferred:  # one query for both, not one per field
        instance.refresh_from_db(fields=sorted(deferred))
    instance._total_downloads_of = instance.publication_id
    instance._preview_name = instance.preview_file.name if instance.preview_file else ""


def file_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    publication_id = getattr(instance, "_total_downloads_of", None) or instance.publication_id
    refresh_total_downloads(publication_id)
    mark_facets_dirty(sender)


def preview_deleted(sender, instance, **kwargs):
    """A deleted file's preview leaves the storage once the deletion commits. (Not through
    core.media.cleanup: the preview job writes its field with an update, so a row saved from
    an older copy would look to the cleanup as if it had let its preview go.)"""
    name = getattr(instance, "_preview_name", None)
    if name is None:
        name = instance.preview_file.name if instance.preview_file else ""
    if name:
        storage = PublicationFile._meta.get_field("preview_file").storage
        transaction.on_commit(lambda: storage.delete(name))


def connect():
    """Connect the receivers (from PublicationsConfig.ready)."""
    uid = "publications.facets"
    for model in (Publication, Authorship, Publisher, Topic, Person, Organization):
        post_save.connect(mark_facets_dirty, sender=model, dispatch_uid=f"{uid}.save.{model}")
        post_delete.connect(mark_facets_dirty, sender=model, dispatch_uid=f"{uid}.del.{model}")
    m2m_changed.connect(
        mark_facets_dirty, sender=Publication.topics.through, dispatch_uid=f"{uid}.topics"
    )
    post_save.connect(file_changed, sender=PublicationFile, dispatch_uid=f"{uid}.file.save")
    pre_delete.connect(remember_publication, sender=PublicationFile, dispatch_uid=f"{uid}.file.pre")
    post_delete.connect(file_changed, sender=PublicationFile, dispatch_uid=f"{uid}.file.del")
    post_delete.connect(
        preview_deleted, sender=PublicationFile, dispatch_uid="publications.preview.del"
    )
