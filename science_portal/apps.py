from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SciencePortalConfig(AppConfig):
    name = "science_portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.models.signals import post_save

        from core.media import jobs
        from publications import scholar_check
        from publications.models import PublicationFile
        from publications.usage import events as usage_events
        from science_portal import tasks
        from science_portal.search import index, signals

        signals.connect()
        # The admin's Scholar check reads the start of the files' extracted text.
        scholar_check.use_texts(index.extracted_heads)
        # The thumbnails of a new image are made by the worker.
        jobs.on_image_upload(tasks.thumbnails_after_upload)
        # The public preview of a restricted file's first pages is cut by the worker.
        post_save.connect(
            tasks.preview_after_save,
            sender=PublicationFile,
            dispatch_uid="science_portal.tasks.preview",
        )
        # Buffered page views and downloads are counted by the worker.
        usage_events.on_events(tasks.schedule_usage_aggregation)
