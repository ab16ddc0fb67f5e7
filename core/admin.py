"""Admin pieces the apps share: the publish and withdraw actions, changelists of large tables."""

from django.contrib import admin, messages
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core import publishing
from core.db import EstimatedCountPaginator


class LargeTableAdminMixin:
    """A changelist that never counts the whole table.

    Django counts every row twice per page (the filtered rows, then all of them for "N total")
    and offers facet counts per filter choice. Here the count is exact only when small and
    estimated by PostgreSQL's planner beyond that (templates/admin/change_list.html says so),
    the total is not counted, and facets are off.
    """

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER


def search_words(term):
    """The words of an admin search, as Django's own search splits them ("quoted phrases" stay
    whole)."""
    words = []
    for bit in smart_split(term):
        if bit[:1] in "\"'" and bit[-1:] == bit[:1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if bit.strip():
            words.append(bit)
    return words


def search_each_word(queryset, term, condition):
    """The rows where every word of ``term`` meets ``condition(word)``, a Q: Django's rule for
    ``search_fields``, with conditions free to use subqueries instead of joins."""
    for word in search_words(term):
        queryset = queryset.filter(condition(word))
    return queryset


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
