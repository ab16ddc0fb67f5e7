"""Keep each person's normalised name keys in step, however the names are changed."""

from django.db.models.signals import post_delete, post_save

from people.models import NameVariant, Person
from people.services import refresh_search_names


def person_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_names(person=instance)


def name_variant_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:
        refresh_search_names(person=person)


def connect():
    """Connect the receivers (from PeopleConfig.ready)."""
    post_save.connect(person_saved, sender=Person, dispatch_uid="people.person.search_names")
    for signal in (post_save, post_delete):
        signal.connect(
            name_variant_changed,
            sender=NameVariant,
            dispatch_uid=f"people.namevariant.search_names.{signal is post_save}",
        )
