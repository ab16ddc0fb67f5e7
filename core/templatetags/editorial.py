"""The admin index's editorial desk: the review queue, drafts and the latest changes."""

from django import template
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db.models import Count
from django.urls import reverse

from core.admin import PublishingAdminMixin
from core.publishing import Visibility, can_publish

register = template.Library()

QUEUE_SIZE = 10


@register.inclusion_tag("admin/core/desk.html", takes_context=True)
def editorial_desk(context):
    request = context["request"]
    models, queue = [], []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, PublishingAdminMixin):
            continue
        if not model_admin.has_view_permission(request):
            continue
        opts = model._meta
        counts = dict(
            model.objects.filter(status__in=[Visibility.REVIEW, Visibility.DRAFT])
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        models.append(
            {
                "name": opts.verbose_name_plural,
                "in_review": counts.get(Visibility.REVIEW, 0),
                "drafts": counts.get(Visibility.DRAFT, 0),
                "review_url": f"{changelist}?status__exact={Visibility.REVIEW}",
                "drafts_url": f"{changelist}?status__exact={Visibility.DRAFT}",
                "curator": can_publish(request.user, model),
            }
        )
        if counts.get(Visibility.REVIEW):
            for row in model.objects.in_review().order_by("pk")[:QUEUE_SIZE]:
                queue.append(
                    {
                        "row": row,
                        "kind": opts.verbose_name,
                        "url": reverse(
                            f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]
                        ),
                    }
                )
    models.sort(key=lambda m: str(m["name"]))
    viewable = [
        entry
        for entry in LogEntry.objects.select_related("user", "content_type")[: QUEUE_SIZE * 3]
        if entry.content_type_id
        and request.user.has_perm(f"{entry.content_type.app_label}.view_{entry.content_type.model}")
    ][:QUEUE_SIZE]
    return {
        "models": models,
        "queue": queue[:QUEUE_SIZE],
        "in_review": sum(m["in_review"] for m in models),
        "recent": viewable,
    }
