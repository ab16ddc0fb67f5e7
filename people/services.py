"""Work on people that spans several rows: search keys, photos."""

from django.db import transaction

from core.media import images
from people import names
from people.models import PHOTO_SIZES, Person


@transaction.atomic
def refresh_search_names(*, person: Person) -> bool:
    """Rebuild the person's search keys from every name form and variant; True if they changed.

    Call it after the person's names or name variants change (the admin does, once the
    inlines are saved; so does the demo loader).
    """
    variants = list(person.name_variants.values_list("name", flat=True))
    document = names.search_document([*names.name_forms(person), *variants])
    if document == person.search_names:
        return False
    person.search_names = document
    Person.objects.filter(pk=person.pk).update(search_names=document)
    return True


def refresh_all_search_names() -> int:
    """Rebuild the search keys of everyone (after a change to the normaliser); the count changed."""
    changed = 0
    for person in Person.objects.prefetch_related("name_variants").iterator(chunk_size=500):
        if refresh_search_names(person=person):
            changed += 1
    return changed


def photo_thumbnail(*, person: Person, size: str) -> str:
    """The storage name of the person's photo at ``size`` ("small", "medium"), made if missing."""
    return images.ensure_thumbnail(person.photo, size, PHOTO_SIZES[size])


def make_photo_thumbnails(*, person: Person) -> None:
    """Make every thumbnail the pages use, right after a photo is uploaded."""
    if person.photo:
        for size in PHOTO_SIZES:
            photo_thumbnail(person=person, size=size)
