"""Signal receivers that keep the search index in step with the apps' rows.

Indexing is a side effect of saving: a failure is logged and leaves the save itself intact
(the ``reindex`` command repairs the index), so each refresh runs in its own savepoint.
"""

import functools
import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from events.models import Event, Participation, Speaker, Talk
from people.models import NameVariant, Organization, Person
from publications.models import Authorship, Publication, PublicationFile, Publisher, Topic
from science_portal.models import SearchDocument
from science_portal.search import index

logger = logging.getLogger(__name__)
Kind = SearchDocument.Kind


def _safely(receiver):
    @functools.wraps(receiver)
    def wrapper(sender, instance=None, raw=False, **kwargs):
        if raw:  # Fixtures being loaded: reindex afterwards.
            return
        try:
            with transaction.atomic():
                receiver(sender, instance=instance, **kwargs)
        except Exception:
            logger.exception("Search: the index could not be updated after a change to %s", sender)

    return wrapper


# A save never extracts a file's text: a file whose text is stale leaves the index until its
# background job (science_portal.tasks.extract_file_text) has extracted and indexed it.
refresh_publications = functools.partial(index.refresh_publications, extract=False)


@_safely
def publication_saved(sender, instance, **kwargs):
    refresh_publications([instance])


@_safely
def publication_deleted(sender, instance, **kwargs):
    index.remove_publication(instance.pk)


@_safely
def publication_part_changed(sender, instance, **kwargs):
    """An author or publisher was added, changed or removed."""
    refresh_publications([instance.publication_id])


@_safely
def file_saved(sender, instance, **kwargs):
    from science_portal import tasks

    index.refresh_file(instance, extract=False)
    if index.needs_extraction(instance):
        tasks.mark_pending(instance.pk)
        tasks.enqueue_on_commit(tasks.extract_file_text, instance.pk)


@_safely
def file_deleted(sender, instance, **kwargs):
    index.remove_file(instance.pk)


@_safely
def person_saved(sender, instance, **kwargs):
    index.refresh_person(instance)


@_safely
def person_deleted(sender, instance, **kwargs):
    index.remove(Kind.PERSON, instance.pk)


@_safely
def name_variant_changed(sender, instance, **kwargs):
    index.refresh_people([instance.person_id])


@_safely
def organization_saved(sender, instance, **kwargs):
    index.refresh_organization(instance)


@_safely
def organization_deleted(sender, instance, **kwargs):
    index.remove(Kind.ORGANIZATION, instance.pk)


@_safely
def topic_saved(sender, instance, **kwargs):
    index.refresh_topic(instance)


@_safely
def topic_deleted(sender, instance, **kwargs):
    index.remove(Kind.TOPIC, instance.pk)


@_safely
def event_saved(sender, instance, **kwargs):
    index.refresh_event(instance)


@_safely
def event_deleted(sender, instance, **kwargs):
    index.remove(Kind.EVENT, instance.pk)


@_safely
def event_part_changed(sender, instance, **kwargs):
    """A talk, speaker or participation changed: the event's document holds their text."""
    event_id = getattr(instance, "event_id", None)
    if event_id is None and isinstance(instance, Speaker):
        event_id = (
            Talk.objects.filter(pk=instance.talk_id).values_list("event_id", flat=True).first()
        )
    if event_id is not None:
        index.refresh_events([event_id])


def _m2m(refresh, reverse_refresh):
    """A receiver for m2m_changed: refresh the side that holds the other's text."""

    def receiver(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        try:
            with transaction.atomic():
                if reverse:
                    reverse_refresh(pk_set or ())
                else:
                    refresh([instance])
        except Exception:
            logger.exception("Search: the index could not be updated after a change to %s", sender)

    return receiver


publication_topics_changed = _m2m(refresh_publications, refresh_publications)
event_topics_changed = _m2m(index.refresh_events, index.refresh_events)
event_organizers_changed = _m2m(index.refresh_events, index.refresh_events)


def connect():
    """Connect every receiver (from SciencePortalConfig.ready)."""
    uid = "science_portal.search"
    for model, saved, deleted in [
        (Publication, publication_saved, publication_deleted),
        (PublicationFile, file_saved, file_deleted),
        (Person, person_saved, person_deleted),
        (Organization, organization_saved, organization_deleted),
        (Topic, topic_saved, topic_deleted),
        (Event, event_saved, event_deleted),
    ]:
        post_save.connect(saved, sender=model, dispatch_uid=f"{uid}.{model.__name__}.save")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"{uid}.{model.__name__}.delete")
    for model, receiver in [
        (Authorship, publication_part_changed),
        (Publisher, publication_part_changed),
        (NameVariant, name_variant_changed),
        (Talk, event_part_changed),
        (Speaker, event_part_changed),
        (Participation, event_part_changed),
    ]:
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.{model.__name__}.save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.{model.__name__}.delete")
    m2m_changed.connect(
        publication_topics_changed,
        sender=Publication.topics.through,
        dispatch_uid=f"{uid}.publication_topics",
    )
    m2m_changed.connect(
        event_topics_changed, sender=Event.topics.through, dispatch_uid=f"{uid}.event_topics"
    )
    m2m_changed.connect(
        event_organizers_changed,
        sender=Event.organizers.through,
        dispatch_uid=f"{uid}.event_organizers",
    )
