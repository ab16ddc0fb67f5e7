from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SciencePortalConfig(AppConfig):
    name = "science_portal"
    verbose_name = _("Portal")

    def ready(self):
        from science_portal.search import signals

        signals.connect()
