from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from core.media.cleanup import follow_rows
        from publications import signals
        from publications.models import COVER_THUMBNAILS, Publication, PublicationFile

        signals.connect()
        follow_rows(PublicationFile, "file")
        follow_rows(Publication, "cover", thumbnails=COVER_THUMBNAILS)
