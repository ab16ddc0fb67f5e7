from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from core.media.cleanup import follow_rows
        from events.models import COVER_THUMBNAILS, Event, Talk

        follow_rows(Event, "cover", thumbnails=COVER_THUMBNAILS)
        follow_rows(Talk, "slides")
