from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SciencePortalConfig(AppConfig):
    name = "science_portal"
    verbose_name = _("Portal")

    def ready(self):
        from core.media import jobs
        from publications.usage import events as usage_events
        from science_portal import tasks
        from science_portal.search import signals

        signals.connect()
        # The thumbnails of a new image are made by the worker.
        jobs.on_image_upload(tasks.thumbnails_after_upload)
        # Buffered page views and downloads are counted by the worker.
        usage_events.on_events(tasks.schedule_usage_aggregation)
