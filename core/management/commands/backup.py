"""Write the whole site (database, media, a manifest of checksums) to one tar archive."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from core.backup import BackupError, default_name, human_size, write_backup


class Command(BaseCommand):
    help = (
        "Write the database dump, every file under MEDIA_ROOT and a manifest with their "
        "SHA-256 to one tar archive (gzip-compressed when the name ends in .gz)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=None,
            help=f"The archive to write, or a folder for it (default: ./{default_name()}).",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database to back up (default: the default database).",
        )

    def handle(self, *args, output=None, database=DEFAULT_DB_ALIAS, **options):
        try:
            written = write_backup(
                output=output or default_name(),
                connection=connections[database],
                media_root=settings.MEDIA_ROOT,
            )
        except (BackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from error
        for skipped in written.skipped:
            self.stderr.write(f"  skipped {skipped}")
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {written.path}")
            + f"\n  database: {human_size(written.database_size)}"
            + f"\n  media: {written.files} files, {human_size(written.media_size)}"
            + f"\n  archive: {human_size(written.archive_size)} ({written.archive_size} bytes)"
        )
