"""The publishing rule: what is public, who may see the rest, and how it changes.

Every public path asks this module: ``Model.objects.published()`` for rows,
``Model.public_q("relation__")`` through relations, ``obj.is_published`` in templates, and
``can_preview(user, Model)`` for staff previews. Publishing and withdrawing go through
``publish()`` and ``withdraw()``, which save row by row so that every receiver (the search
index, the stored-file rules) and the admin history see each change.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def status_field(*, public_by_default=False):
    """The ``status`` field every publishable model has: new rows are drafts unless told."""
    default = Visibility.PUBLISHED if public_by_default else Visibility.DRAFT
    return models.CharField(_("status"), max_length=10, choices=Visibility.choices, default=default)


def can_preview(user, model):
    """Whether ``user`` may see the model's unpublished rows: active staff who may view them."""
    if user is None or not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


class Publishable:
    """A model whose rows are public once published (mixed into the model class)."""

    @classmethod
    def public_q(cls, prefix=""):
        """The condition for public rows, through a relation when ``prefix`` ends in ``__``."""
        return Q(**{f"{prefix}status": Visibility.PUBLISHED})

    @classmethod
    def public_values(cls, when=None):
        """The field values of a public row, for code that creates rows (demo, imports)."""
        return {"status": Visibility.PUBLISHED}

    @property
    def is_published(self):
        return self.status == Visibility.PUBLISHED

    def mark_published(self, when):
        """Set the fields that make the row public; returns the names of those fields."""
        self.status = Visibility.PUBLISHED
        return ["status"]

    def mark_withdrawn(self):
        self.status = Visibility.DRAFT
        return ["status"]


class ScheduledPublishable(Publishable):
    """Published rows become public at ``published_at``, which may lie in the future."""

    @classmethod
    def public_q(cls, prefix=""):
        return Q(
            **{
                f"{prefix}status": Visibility.PUBLISHED,
                f"{prefix}published_at__lte": timezone.now(),
            }
        )

    @classmethod
    def scheduled_or_public_q(cls, prefix=""):
        """Public now or at a set time: what the search index holds (it hides the future)."""
        return Q(
            **{f"{prefix}status": Visibility.PUBLISHED, f"{prefix}published_at__isnull": False}
        )

    @classmethod
    def public_values(cls, when=None):
        return {"status": Visibility.PUBLISHED, "published_at": when or timezone.now()}

    @staticmethod
    def published_has_date(*, name):
        """The constraint that a published row knows when it became (or becomes) public."""
        return models.CheckConstraint(
            condition=~Q(status=Visibility.PUBLISHED) | Q(published_at__isnull=False), name=name
        )

    def clean(self):
        super().clean()
        if self.status == Visibility.PUBLISHED and self.published_at is None:
            # Published from a form: the moment it becomes public is now.
            self.published_at = timezone.now()

    @property
    def is_scheduled_or_public(self):
        return self.status == Visibility.PUBLISHED and self.published_at is not None

    @property
    def is_published(self):
        return self.is_scheduled_or_public and self.published_at <= timezone.now()

    def mark_published(self, when):
        self.status = Visibility.PUBLISHED
        if self.published_at is None:  # The first publication date is kept.
            self.published_at = when
        return ["status", "published_at"]


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(self.model.public_q())

    def visible_to(self, user):
        """Everything for those who may preview (drafts), only what is public for anyone else."""
        if can_preview(user, self.model):
            return self
        return self.published()


@dataclass
class Outcome:
    """What ``publish()`` or ``withdraw()`` did: the rows changed, and those refused, with why."""

    changed: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (row, ValidationError)


def publish(*, objects, when=None):
    """Make rows public, each in its own transaction; a row that fails its checks is skipped."""
    when = when or timezone.now()
    return _change(objects, lambda row: row.mark_published(when), wanted=True)


def withdraw(*, objects):
    """Turn rows back into drafts, invisible to the public."""
    return _change(objects, lambda row: row.mark_withdrawn(), wanted=False)


def _change(objects, mark, *, wanted):
    outcome = Outcome()
    for row in objects:
        if row.status == (Visibility.PUBLISHED if wanted else Visibility.DRAFT):
            continue
        try:
            with transaction.atomic():
                fields = mark(row)
                row.full_clean()
                # Saved one by one, never with update(): receivers keep the index in step.
                row.save(update_fields=[*fields, *_auto_now_fields(row)])
        except ValidationError as error:
            row.refresh_from_db()
            outcome.refused.append((row, error))
        else:
            outcome.changed.append(row)
    return outcome


def _auto_now_fields(row):
    return [f.name for f in row._meta.concrete_fields if getattr(f, "auto_now", False)]
