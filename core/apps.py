from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares and none owns; it imports no app of the portal."""

    name = "core"
    verbose_name = _("Editorial office")

    def ready(self):
        from django.contrib import admin

        from core import addresses

        addresses.connect()
        # The admin index opens on the editorial desk (core/templates/admin/core/index.html).
        admin.site.index_template = "admin/core/index.html"
