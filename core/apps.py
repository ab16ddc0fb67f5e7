from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles_after_migrate(sender, apps=None, **kwargs):
    from django.apps import apps as installed

    from core.roles import sync_roles

    sync_roles(apps or installed)


class CoreConfig(AppConfig):
    """What every app shares and none owns; it imports no app of the portal."""

    name = "core"
    verbose_name = _("Editorial office")

    def ready(self):
        from django.contrib import admin

        from core import addresses, pagecache

        addresses.connect()
        pagecache.connect()
        # The roles follow every migrate and flush (a flush empties the groups with the rest),
        # as the permissions they are made of do.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
        # The admin index opens on the editorial desk (core/templates/admin/core/index.html).
        admin.site.index_template = "admin/core/index.html"
