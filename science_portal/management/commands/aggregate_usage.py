"""Count the buffered page views and downloads into the usage statistics now."""

import time

from django.core.management.base import BaseCommand

from publications.usage import aggregate
from science_portal import tasks


class Command(BaseCommand):
    help = (
        "Count the page views and downloads waiting in the buffer by the COUNTER R5.1 rules "
        "(the worker does it about once a minute while they come in; run this from cron when "
        "PORTAL_USAGE_AGGREGATE_SECONDS is 0)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--background",
            action="store_true",
            help="Enqueue the count for the task worker and return.",
        )

    def handle(self, *args, background=False, **options):
        if background:
            result = tasks.aggregate_usage.enqueue()
            self.stdout.write(self.style.SUCCESS(f"Count enqueued (task {result.id})."))
            return
        started = time.monotonic()
        counted = aggregate.aggregate()
        self.stdout.write(f"{counted} events counted in {time.monotonic() - started:.1f} s.")
