"""Build the demo content from the seed pages; safe to run any number of times."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from science_portal.demo import DemoLoader

# Each app adds its part of the seed content, in dependency order.
DEMO_MODULES = ["people.demo", "publications.demo", "events.demo"]

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "science-demo"


class Command(BaseCommand):
    help = "Load the demo content built from the seed pages (idempotent)."

    def handle(self, *args, **options):
        loader = DemoLoader()
        with transaction.atomic():
            for module_name in DEMO_MODULES:
                try:
                    module = import_module(module_name)
                except ModuleNotFoundError as error:
                    if error.name != module_name:
                        raise
                    continue
                module.build(loader)
        self.stdout.write(loader.summary())
        if settings.DEBUG:
            self._ensure_demo_admin()

    def _ensure_demo_admin(self):
        """A known admin login for local demos; never created with debug off."""
        user_model = get_user_model()
        user = user_model.objects.filter(username=DEMO_ADMIN_USERNAME).first()
        if user is None:
            user_model.objects.create_superuser(
                DEMO_ADMIN_USERNAME, "admin@example.org", DEMO_ADMIN_PASSWORD
            )
            self.stdout.write("Demo admin created.")
        self.stdout.write(
            f"Admin login: /ru/admin/  user {DEMO_ADMIN_USERNAME}  "
            f"password {DEMO_ADMIN_PASSWORD} (demo only; change it before sharing the site)"
        )
