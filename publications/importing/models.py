"""What an import keeps: the batch (its file, preview and report) and a fingerprint per record.

Defined here and imported by ``publications.models``, so the app owns the tables.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.media.names import RandomName


class ImportBatch(models.Model):
    """One uploaded file (and its ZIP of full texts): analysed, previewed, then imported."""

    class Status(models.TextChoices):
        ANALYSING = "analysing", _("Being analysed")
        READY = "ready", _("Ready for preview")
        IMPORTING = "importing", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    source = models.FileField(_("file"), upload_to=RandomName("imports"), max_length=255)
    source_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    files = models.FileField(
        _("ZIP of files"), upload_to=RandomName("imports"), max_length=255, blank=True
    )
    files_name = models.CharField(_("ZIP name"), max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ANALYSING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    total = models.PositiveIntegerField(_("records"), default=0)
    done = models.PositiveIntegerField(_("records done"), default=0)
    # The preview: one row per record (publications.importing.plan.Plan.to_json()).
    preview = models.JSONField(_("preview"), default=dict, blank=True, editable=False)
    # What the Curator chose on the preview: rows left out, duplicates' decisions, people.
    choices = models.JSONField(_("choices"), default=dict, blank=True, editable=False)
    report = models.JSONField(_("report"), default=dict, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("publication import")
        verbose_name_plural = _("publication imports")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["-created", "-id"], name="import_batch_order_idx")]

    def __str__(self):
        return self.source_name

    def get_absolute_url(self):
        return reverse("admin:publications_importbatch_change", args=[self.pk])

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else 0


class ImportedRecord(models.Model):
    """A record once imported: its fingerprint says a later file holding it again changes
    nothing."""

    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    publication = models.ForeignKey(
        "publications.Publication",
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        related_name="import_records",
    )
    source_key = models.CharField(_("entry"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        ordering = ["pk"]

    def __str__(self):
        return self.source_key or self.fingerprint[:12]
