"""The records the portal keeps about its own rows, whatever app they belong to: the audit
list of changes of state and access, and the addresses a row had before its slug changed."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who published, withdrew, restored, sent back or opened up what, when, and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        SENT_BACK = "sent_back", _("Sent back to the editor")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        RESTORED = "restored", _("Restored")
        RETURNED = "returned", _("Returned to draft")
        ACCESS = "access", _("File access changed")
        REVERTED = "reverted", _("Reverted to an earlier version")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    object_repr = models.CharField(_("record"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit list")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_record_idx"),
            models.Index(fields=["user", "-at"], name="audit_user_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"

    @classmethod
    def record(cls, row, action, *, by=None, note=""):
        return cls.objects.create(
            user=by if by is not None and by.is_authenticated else None,
            action=action,
            content_type=ContentType.objects.get_for_model(type(row)),
            object_id=row.pk,
            object_repr=str(row)[:300],
            note=note or "",
        )

    @classmethod
    def latest_for(cls, row, *actions):
        entries = cls.objects.filter(
            content_type=ContentType.objects.get_for_model(type(row)), object_id=row.pk
        )
        if actions:
            entries = entries.filter(action__in=actions)
        return entries.select_related("user").first()


class OldSlug(models.Model):
    """A slug a row no longer has: its old address answers 301 to the new one."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=255, allow_unicode=False)
    object_id = models.PositiveBigIntegerField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="old_slug_unique")
        ]

    def __str__(self):
        return self.slug
