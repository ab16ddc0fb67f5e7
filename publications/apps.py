from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from core import history
        from core.media.cleanup import follow_rows
        from publications import signals
        from publications.importing.models import ImportBatch
        from publications.models import (
            COVER_THUMBNAILS,
            Authorship,
            Publication,
            PublicationFile,
            Publisher,
            Topic,
        )

        signals.connect()
        follow_rows(PublicationFile, "file")
        follow_rows(Publication, "cover", thumbnails=COVER_THUMBNAILS)
        # An import's uploaded file and ZIP go with its batch.
        follow_rows(ImportBatch, "source", "files")
        # A version of a publication holds its authors, publishers and files (and topics).
        history.follow(
            Publication,
            parts=["authorships", "publisher_links", "files"],
            exclude=["total_downloads"],
        )
        history.follow(Authorship, record=False)
        history.follow(Publisher, record=False)
        # The preview is derived from the file (its job cuts it again after a revert).
        history.follow(
            PublicationFile,
            record=False,
            exclude=["download_count", *sorted(PublicationFile.PREVIEW_FIELDS)],
        )
        history.follow(Topic)
