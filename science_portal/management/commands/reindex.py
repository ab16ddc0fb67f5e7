"""Rebuild the search index from every published row, extracting the files' text again."""

import time

from django.core.management.base import BaseCommand

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

    def handle(self, *args, no_extract=False, **options):
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
