"""Rebuild the search index from every published row, extracting the files' text again."""

import time

from django.core.management.base import BaseCommand

from science_portal import tasks
from science_portal.search import extract, index


class Command(BaseCommand):
    help = (
        "Rebuild the site-wide search index from the published content. By default the text "
        "of every file is extracted again, with the larger reindex bounds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-extract",
            action="store_true",
            help="Reuse the text already extracted from files that did not change.",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Enqueue the rebuild for the task worker (manage.py db_worker) and return.",
        )

    def handle(self, *args, no_extract=False, background=False, **options):
        if background:
            result = tasks.rebuild_index.enqueue(extract_files=not no_extract)
            self.stdout.write(self.style.SUCCESS(f"Rebuild enqueued (task {result.id})."))
            return
        started = time.monotonic()
        bounds = extract.reindex_bounds()
        index.rebuild(
            extract_files=not no_extract,
            bounds=bounds,
            progress=lambda message: self.stdout.write(f"  {message}"),
        )
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt in {time.monotonic() - started:.1f} s.")
        )
