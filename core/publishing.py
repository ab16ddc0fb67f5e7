"""The publishing rule: what is public, who may see the rest, and how it changes.

Every public path asks this module: ``Model.objects.published()`` for rows,
``Model.public_q("relation__")`` through relations, ``obj.is_published`` in templates, and
``can_preview(user, Model)`` for staff previews.

A row goes draft → in review → published → withdrawn; a curator sends a row in review back to
draft, and restores a withdrawn one (published again). A row the public has seen is never
silently returned to draft: it is withdrawn, so that its address and OAI-PMH say it is gone
(harvesters are promised persistent deletions). Editors submit
drafts for review; only those with the model's ``publish_<model>`` permission (curators)
publish, send back, withdraw and restore. Every change of state goes through ``submit()``,
``publish()``, ``return_to_draft()`` or ``withdraw()`` (or, from a change form, is recorded
by ``record_transition()``): they check the permission, save row by row so that every receiver
(the search index, the stored-file rules) sees each change, record each row's change as a
version in its history (``core.history``), and write the audit list.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import history


class Visibility(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The states an editor without the publish permission may put a row in, and edit it in.
EDITABLE_STATES = (Visibility.DRAFT, Visibility.REVIEW)


def status_field():
    """The ``status`` field every publishable model has: every new row starts as a draft."""
    return models.CharField(
        _("status"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT
    )


def withdrawn_at_field():
    return models.DateTimeField(_("withdrawn on"), null=True, blank=True, editable=False)


def withdrawal_reason_field():
    return models.TextField(
        _("reason for withdrawal"),
        blank=True,
        help_text=_("Shown on the record's page once it is withdrawn."),
    )


def publish_permission(model):
    """The permission that publishes, withdraws and restores the model's rows."""
    opts = model._meta
    return f"{opts.app_label}.publish_{opts.model_name}"


def can_preview(user, model):
    """Whether ``user`` may see the model's unpublished rows: active staff who may view them."""
    if user is None or not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def can_publish(user, model):
    """Whether ``user`` may publish, withdraw, restore and send back the model's rows, and
    change the access to their files: active staff with the model's publish permission."""
    if user is None or not (user.is_active and user.is_staff):
        return False
    return user.has_perm(publish_permission(model))


class Publishable:
    """A model whose rows are public once published (mixed into the model class).

    The model has ``status`` (``status_field()``), ``withdrawn_at`` and ``withdrawal_reason``,
    and a ``publish_<model>`` permission in its ``Meta.permissions``.
    """

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

    @property
    def is_withdrawn(self):
        return self.status == Visibility.WITHDRAWN

    @property
    def was_public(self):
        """Whether the public has seen the row: a withdrawn row's page says it is gone."""
        return self.is_published

    def clean(self):
        super().clean()
        if self.status == Visibility.WITHDRAWN:
            if self.withdrawn_at is None:
                self.withdrawn_at = timezone.now()
        else:
            self.withdrawn_at = None

    def mark_published(self, when):
        """Set the fields that make the row public; returns the names of those fields."""
        self.status = Visibility.PUBLISHED
        self.withdrawn_at = None
        return ["status", "withdrawn_at"]


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
        fields = super().mark_published(when)
        if self.published_at is None:  # The first publication date is kept.
            self.published_at = when
        return [*fields, "published_at"]


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(self.model.public_q())

    def withdrawn(self):
        return self.filter(status=Visibility.WITHDRAWN)

    def in_review(self):
        return self.filter(status=Visibility.REVIEW)

    def visible_to(self, user):
        """Everything for those who may preview (drafts), only what is public for anyone else."""
        if can_preview(user, self.model):
            return self
        return self.published()


@dataclass
class Outcome:
    """What a change of state did: the rows changed, and those refused, with why."""

    changed: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (row, ValidationError)


@dataclass(frozen=True)
class Transition:
    """A change of state: the states it starts from, and whether it needs the publish
    permission (or only the change permission)."""

    sources: tuple
    needs_publish: bool


SUBMIT = Transition((Visibility.DRAFT,), needs_publish=False)
PUBLISH = Transition(
    (Visibility.DRAFT, Visibility.REVIEW, Visibility.WITHDRAWN), needs_publish=True
)
RETURN_TO_DRAFT = Transition((Visibility.REVIEW,), needs_publish=True)
WITHDRAW = Transition((Visibility.PUBLISHED,), needs_publish=True)


def submit(*, objects, by=None, note=""):
    """Send drafts to the curators' review queue."""
    return _change(objects, SUBMIT, by=by, note=note, mark=_mark_status(Visibility.REVIEW))


def publish(*, objects, by=None, when=None, note=""):
    """Make rows public (drafts, rows in review, and withdrawn rows: restored), each in its
    own transaction; a row that fails its checks is skipped and reported."""
    when = when or timezone.now()
    return _change(objects, PUBLISH, by=by, note=note, mark=lambda row: row.mark_published(when))


def return_to_draft(*, objects, by=None, note=""):
    """Send a row in review back to its editor (the note says why)."""
    return _change(objects, RETURN_TO_DRAFT, by=by, note=note, mark=_mark_status(Visibility.DRAFT))


def withdraw(*, objects, by=None, reason=""):
    """Take published rows off the public site. A row the public has seen keeps its address,
    which answers 410 Gone with ``reason``; one still waiting for its publication date (never
    public) simply goes back to draft."""

    def mark(row):
        if not row.was_public:
            row.status = Visibility.DRAFT
            return ["status"]
        row.status = Visibility.WITHDRAWN
        row.withdrawn_at = timezone.now()
        row.withdrawal_reason = reason or row.withdrawal_reason
        return ["status", "withdrawn_at", "withdrawal_reason"]

    return _change(objects, WITHDRAW, by=by, note=reason, mark=mark)


def check_permission(user, model, transition):
    if user is None:  # The portal itself: commands, the demo, imports.
        return
    opts = model._meta
    allowed = (
        can_publish(user, model)
        if transition.needs_publish
        else user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )
    if not allowed:
        raise PermissionDenied(
            _("You may not change the status of %(name)s.") % {"name": opts.verbose_name_plural}
        )


def _mark_status(status):
    def mark(row):
        row.status = status
        return ["status"]

    return mark


def _change(objects, transition, *, by, note, mark):
    outcome = Outcome()
    checked = set()
    for row in objects:
        if type(row) not in checked:
            check_permission(by, type(row), transition)
            checked.add(type(row))
        if row.status not in transition.sources:
            continue
        before = row.status
        try:
            with transaction.atomic(), history.recorded(row, by=by):
                fields = mark(row)
                row.full_clean()
                # Saved one by one, never with update(): receivers keep the index in step.
                row.save(update_fields=[*fields, *_auto_now_fields(row)])
                entry = record_transition(row, before=before, by=by, note=note)
                if entry is not None:
                    history.set_comment([{"workflow": {"action": entry.action, "note": note}}])
        except ValidationError as error:
            row.refresh_from_db()
            outcome.refused.append((row, error))
        else:
            outcome.changed.append(row)
    return outcome


def record_transition(row, *, before, by=None, note=""):
    """Write a change of ``row``'s state (already saved) to the audit list."""
    from core.models import AuditEntry  # The models module imports this one.

    if row.status == before:
        return None
    if row.status == Visibility.PUBLISHED and before == Visibility.WITHDRAWN:
        action = AuditEntry.Action.RESTORED
    elif row.status == Visibility.DRAFT and before == Visibility.REVIEW:
        action = AuditEntry.Action.SENT_BACK
    else:
        action = {
            Visibility.DRAFT: AuditEntry.Action.RETURNED,
            Visibility.REVIEW: AuditEntry.Action.SUBMITTED,
            Visibility.PUBLISHED: AuditEntry.Action.PUBLISHED,
            Visibility.WITHDRAWN: AuditEntry.Action.WITHDRAWN,
        }[row.status]
    return AuditEntry.record(row, action, by=by, note=note)


def _auto_now_fields(row):
    return [f.name for f in row._meta.concrete_fields if getattr(f, "auto_now", False)]
