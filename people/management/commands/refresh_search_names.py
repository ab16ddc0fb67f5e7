"""Rebuild everyone's name search keys, e.g. after the normaliser in people.names changes."""

from django.core.management.base import BaseCommand

from people.services import refresh_all_search_names


class Command(BaseCommand):
    help = "Rebuild the normalised name search keys of every person."

    def handle(self, *args, **options):
        changed = refresh_all_search_names()
        self.stdout.write(f"Search keys rebuilt: {changed} people changed.")
