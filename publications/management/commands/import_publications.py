"""Import publications from a BibTeX, RIS, CSL-JSON or CSV file, with a ZIP of their files.

Nobody is there to ask, so exact and probable duplicates are left alone and listed (unless
--merge-duplicates or --create-duplicates), and an author is matched to an existing person
only when the match is unambiguous (a new draft person otherwise).
"""

import sys
import time
import tracemalloc

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from publications.importing import plan as plans
from publications.importing import service


class Command(BaseCommand):
    help = (
        "Import publications (BibTeX, RIS, CSL-JSON or CSV) as drafts in review; a second "
        "run of the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--files", help="A ZIP of the PDF or EPUB files the records name.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done; write nothing."
        )
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--merge-duplicates",
            action="store_true",
            help="Fill in the existing publication a duplicate matches instead of leaving it.",
        )
        group.add_argument(
            "--create-duplicates",
            action="store_true",
            help="Create duplicates as new publications anyway.",
        )
        parser.add_argument(
            "--memory", action="store_true", help="Also print the peak memory used."
        )

    def handle(
        self,
        *args,
        file,
        files=None,
        dry_run=False,
        merge_duplicates=False,
        create_duplicates=False,
        memory=False,
        **options,
    ):
        if memory:
            tracemalloc.start()
        started = time.monotonic()
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        archive = None
        if files:
            try:
                archive = open(files, "rb")  # noqa: SIM115 (closed below)
            except OSError as error:
                raise CommandError(f"{files}: {error.strerror}") from None
        policy = plans.Policy.unattended(merge=merge_duplicates, create=create_duplicates)
        try:
            parsed, plan, report = service.import_file(
                data=data,
                name=file,
                files=archive,
                policy=policy,
                dry_run=dry_run,
                progress=self.progress,
                chunk=500,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        finally:
            if archive:
                archive.close()
        self.summary(parsed, plan, report, dry_run)
        self.stdout.write(f"Time: {time.monotonic() - started:.1f} s")
        if memory:
            _current, peak = tracemalloc.get_traced_memory()
            self.stdout.write(f"Peak memory (Python allocations): {peak / 2**20:.0f} MB")

    def progress(self, done, total):
        if not sys.stderr.isatty():
            return
        width = 40
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def summary(self, parsed, plan, report, dry_run):
        write = self.stdout.write
        write(f"{parsed.label}: {len(parsed.records)} records.")
        for note in plan.notes:
            write(f"Note: {note}")
        for line, message in plan.file_errors:
            write(f"Not read, line {line}: {message}")
        counts = plan.counts()
        for row in plan.rows:
            record = row.record
            label = f"  [{record.where}] {record.title[:70]}"
            if row.action == plans.ERROR:
                write(f"{label}: refused: {' '.join(row.errors)}")
            elif row.duplicate is not None:
                what = {
                    "merge": "merged into",
                    "create": "created anyway; duplicate of",
                    "skip": "left out, duplicate of",
                }[row.action]
                write(
                    f"{label}: {what} #{row.duplicate.publication_id} "
                    f"“{row.duplicate.title[:60]}” ({row.duplicate.kind}: {row.duplicate.reason})"
                )
            elif row.in_file_of is not None and row.action == plans.SKIP:
                write(f"{label}: left out, the same work as record {row.in_file_of + 1}")
            for name, match in row.people:
                if match.status == "ambiguous" and row.action in (plans.CREATE, plans.MERGE):
                    write(f"{label}: “{name.text}” could be several people; a new draft person")
            for warning in record.warnings:
                write(f"{label}: {warning}")
        if dry_run:
            write(
                self.style.WARNING(
                    f"Dry run, nothing written: would create {counts['create']}, merge "
                    f"{counts['merge']}; {counts['unchanged']} already imported, "
                    f"{counts['skip']} left out, {counts['error']} refused; "
                    f"{counts['new_people']} new people."
                )
            )
            return
        for where, title, messages in report.errors:
            if not any(row.record.where == where for row in plan.rows if row.action == plans.ERROR):
                write(f"  [{where}] {title[:70]}: refused: {' '.join(messages)}")
        if report.changed_nothing and not report.errors:
            already = (
                f"all {report.unchanged} records were already imported" if report.unchanged else ""
            )
            write(
                self.style.SUCCESS(
                    f"Nothing changed: {already}." if already else "Nothing changed."
                )
            )
            return
        write(
            self.style.SUCCESS(
                f"Created {len(report.created)}, merged {len(report.merged)}, "
                f"unchanged {report.unchanged}, left out {report.skipped}, "
                f"refused {len(report.errors)}; new people {len(report.new_people)}, "
                f"new publishers {len(report.new_organizations)}, new topics "
                f"{len(report.new_topics)}, files {report.files}."
            )
        )
