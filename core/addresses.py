"""Addresses that outlive their record's state: old slugs answer 301, withdrawn rows 410.

Scholar and harvesters keep the addresses they found. When a publishable row's slug changes,
the old one is kept (``OldSlug``) and answers with a permanent redirect; when a row the public
has seen is withdrawn, its page answers 410 Gone with a tombstone saying what it was and why it
went. A draft that was never public stays a plain 404, and so does the old slug of one.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_save
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse

from core.models import OldSlug
from core.publishing import Publishable, can_preview


class GoneOrMovedMixin:
    """For a view whose URL has a ``slug``: when the page is not found, a withdrawn row's
    tombstone (410), or a redirect from a former slug (301), before the plain 404.

    The view names the model in ``model`` and may add to the tombstone's context in
    ``tombstone_context(row)``.
    """

    tombstone_template = "tombstone.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            response = gone_or_moved(request, self.model, kwargs["slug"], view=self)
            if response is None:
                raise
            return response

    def tombstone_context(self, row):
        return {}


def gone_or_moved(request, model, slug, *, view=None):
    found = lookup_gone_or_moved(model, slug, request.user)
    if found is None:
        return None
    what, row = found
    if what == GONE:
        return tombstone(request, row, view=view)
    target = row.get_absolute_url()
    if request.META.get("QUERY_STRING"):
        target = f"{target}?{request.META['QUERY_STRING']}"
    return HttpResponsePermanentRedirect(target)


GONE, MOVED = "gone", "moved"


def lookup_gone_or_moved(model, slug, user):
    """What a slug that finds no visible row stands for: ``(GONE, row)`` for a withdrawn row,
    ``(MOVED, row)`` for a row's former slug (the row under its new one), else None."""
    withdrawn = model.objects.withdrawn().filter(slug=slug).first()
    if withdrawn is not None:
        return GONE, withdrawn
    former = OldSlug.objects.filter(
        content_type=ContentType.objects.get_for_model(model), slug=slug
    ).first()
    if former is None:
        return None
    row = model.objects.filter(pk=former.object_id).first()
    if row is None or row.slug == slug:
        return None
    if not (row.is_published or row.is_withdrawn or can_preview(user, model)):
        return None  # a draft's new address stays as private as the draft
    return MOVED, row


def tombstone(request, row, *, view=None):
    context = {
        "row": row,
        "kind": row._meta.verbose_name,
        "reason": row.withdrawal_reason,
        "withdrawn_at": row.withdrawn_at,
    }
    if view is not None:
        context |= view.tombstone_context(row)
    template = getattr(view, "tombstone_template", GoneOrMovedMixin.tombstone_template)
    return TemplateResponse(request, template, context, status=410)


def remember_old_slug(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a publishable row's slug changes, keep the old one (a ``pre_save`` receiver)."""
    if raw or instance.pk is None or not isinstance(instance, Publishable):
        return
    if update_fields is not None and "slug" not in update_fields:
        return
    old = type(instance)._default_manager.filter(pk=instance.pk).values_list("slug", flat=True)
    old = old.first()
    if old is None or old == instance.slug:
        return
    content_type = ContentType.objects.get_for_model(type(instance))
    # The new slug is live again: it no longer points anywhere else.
    OldSlug.objects.filter(content_type=content_type, slug=instance.slug).delete()
    OldSlug.objects.update_or_create(
        content_type=content_type, slug=old, defaults={"object_id": instance.pk}
    )


def connect():
    pre_save.connect(remember_old_slug, dispatch_uid="core.addresses.remember_old_slug")
