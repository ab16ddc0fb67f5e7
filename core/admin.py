"""Admin pieces every publishable model shares: the publish and withdraw actions."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core import publishing


class PublishingAdminMixin:
    """Publish and withdraw from the changelist, through the same service as everywhere.

    Each row is saved on its own (so the search index follows), gets a history entry, and a
    row that fails its checks is reported by name instead of stopping the others. An admin
    names its rows in ``published_message`` and ``withdrawn_message``.
    """

    actions = ["publish", "unpublish"]
    published_message = ngettext_lazy("Published: %(count)d.", "Published: %(count)d.", "count")
    withdrawn_message = ngettext_lazy(
        "Returned to draft: %(count)d.", "Returned to draft: %(count)d.", "count"
    )

    @admin.action(
        permissions=["change"], description=_("Publish the selected %(verbose_name_plural)s")
    )
    def publish(self, request, queryset):
        outcome = publishing.publish(objects=queryset.order_by("pk"))
        self._report(request, outcome, self.published_message)

    @admin.action(
        permissions=["change"],
        description=_("Unpublish the selected %(verbose_name_plural)s (back to draft)"),
    )
    def unpublish(self, request, queryset):
        outcome = publishing.withdraw(objects=queryset.order_by("pk"))
        self._report(request, outcome, self.withdrawn_message)

    def _report(self, request, outcome, message):
        for row in outcome.changed:
            self.log_change(request, row, [{"changed": {"fields": ["status"]}}])
        count = len(outcome.changed)
        level = messages.SUCCESS if count or not outcome.refused else messages.WARNING
        self.message_user(request, message % {"count": count}, level)
        for row, error in outcome.refused:
            reason = " ".join(error.messages)
            self.message_user(
                request,
                _("Not changed: “%(row)s”: %(reason)s") % {"row": row, "reason": reason},
                messages.ERROR,
            )
