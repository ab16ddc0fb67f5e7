"""Bring a backup archive back into an empty database and an empty media folder, then prove
that every byte is the one that was backed up."""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from core.backup import BackupError, human_size, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into an empty database and an empty "
        "MEDIA_ROOT, then verify every file and the database dump against its manifest. "
        "It never overwrites: there is no --force (see README, Backup and restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database to restore into (default: the default database).",
        )

    def handle(self, *args, path, database=DEFAULT_DB_ALIAS, **options):
        try:
            restored = restore_backup(
                path=path, connection=connections[database], media_root=settings.MEDIA_ROOT
            )
        except BackupError as error:
            raise CommandError(_with_details(error, error.details)) from error
        except OSError as error:
            raise CommandError(f"Restore failed: {error}") from error
        if apps.is_installed("django.contrib.contenttypes"):
            # Content types cached before the restore may carry other ids.
            from django.contrib.contenttypes.models import ContentType

            ContentType.objects.clear_cache()
        manifest = restored.manifest
        portal = manifest.get("portal") or {}
        self.stdout.write(
            f"Restored the backup of {manifest.get('created')} "
            f"(portal {portal.get('version') or '?'}, commit {portal.get('commit') or '?'})"
            f"\n  database: {manifest['database']['vendor']}, "
            f"{human_size(restored.database_size)}, checksum verified"
            f"\n  media: {restored.files} files, {human_size(restored.media_size)}"
        )
        if restored.differences:
            raise CommandError(
                _with_details(
                    f"Verification failed: {len(restored.differences)} media files differ from "
                    "the manifest. The database and the files were restored; do not trust "
                    "those listed.",
                    restored.differences,
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Verified: all {len(manifest['media'])} files and the database dump match "
                "the manifest. Run `manage.py migrate` if this code is newer than the backup."
            )
        )


def _with_details(message, details):
    return "\n".join([str(message), *(f"  - {line}" for line in details)])
