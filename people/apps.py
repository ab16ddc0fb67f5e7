from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organisations")

    def ready(self):
        from core.media.cleanup import follow_rows
        from people import signals
        from people.models import PHOTO_SIZES, Person

        signals.connect()
        follow_rows(Person, "photo", thumbnails=PHOTO_SIZES)
