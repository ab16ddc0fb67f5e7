from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organisations")

    def ready(self):
        from core import history
        from core.media.cleanup import follow_rows
        from people import signals
        from people.models import PHOTO_SIZES, Affiliation, NameVariant, Organization, Person

        signals.connect()
        follow_rows(Person, "photo", thumbnails=PHOTO_SIZES)
        # Name keys are derived from the names on every save: a revert leaves them to it.
        history.follow(
            Person,
            parts=["affiliations", "name_variants"],
            exclude=["search_names", "family_initial_cyr", "family_initial_lat"],
        )
        history.follow(Affiliation, record=False)
        history.follow(NameVariant, record=False, exclude=["search_key"])
        history.follow(Organization)
