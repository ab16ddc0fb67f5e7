"""Check the stored files against the database: run on a schedule (see README)."""

from django.core.management.base import BaseCommand, CommandError

from science_portal.fixity import check_stored_files


class Command(BaseCommand):
    help = (
        "Check that every file the database names is on disk and, where a SHA-256 was "
        "recorded at upload (publication files), that its bytes are unchanged. Exits non-zero "
        "listing each missing or changed file."
    )

    def handle(self, *args, verbosity=1, **options):
        def progress(message):
            if verbosity > 1:
                self.stdout.write(f"  {message}")

        report = check_stored_files(progress=progress)
        summary = (
            f"Checked {report.checked} stored files: {report.verified} match their recorded "
            f"SHA-256, {report.unverified} are present (no checksum recorded), "
            f"{len(report.missing)} missing, {len(report.changed)} changed."
        )
        if report.ok:
            self.stdout.write(self.style.SUCCESS(summary))
            return
        lines = [summary]
        lines += [f"  missing: {where}" for where in report.missing]
        lines += [f"  changed: {where}" for where in report.changed]
        raise CommandError("\n".join(lines))
