from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SciencePortalConfig(AppConfig):
    name = "science_portal"
    verbose_name = _("Portal")

    def ready(self):
        from core.media import jobs
        from publications import scholar_check
        from science_portal import tasks
        from science_portal.search import index, signals

        signals.connect()
        # The admin's Scholar check reads the start of the files' extracted text.
        scholar_check.use_texts(index.extracted_heads)
        # The thumbnails of a new image are made by the worker.
        jobs.on_image_upload(tasks.thumbnails_after_upload)
