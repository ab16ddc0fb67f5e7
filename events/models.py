"""Scientific events: summer schools, conferences, lectures, meetings; programme and talks."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import hierarchy
from core.languages import translated
from core.media import images
from core.media.images import validate_image
from core.media.names import RandomName
from core.publishing import (
    Publishable,
    PublishableQuerySet,
    status_field,
    withdrawal_reason_field,
    withdrawn_at_field,
)
from core.slugs import SLUG_HELP_TEXT, SlugFromTitle
from people.countries import country_name

# Cover thumbnails by storage label: the box each fits in. The cleanup removes them too.
COVER_THUMBNAILS = {"cover-medium": (640, 480)}


class EventQuerySet(PublishableQuerySet):
    def upcoming(self):
        """Events that have not ended yet, soonest first."""
        return self.filter(end_date__gte=timezone.localdate()).order_by("start_date", "pk")

    def past(self):
        """Events that have ended, most recent first."""
        return self.filter(end_date__lt=timezone.localdate()).order_by("-start_date", "-pk")


class Event(SlugFromTitle, Publishable, models.Model):
    class Type(models.TextChoices):
        SUMMER_SCHOOL = "summer_school", _("Summer school")
        CONFERENCE = "conference", _("Conference")
        SEMINAR = "seminar", _("Seminar")
        ROUND_TABLE = "round_table", _("Round table")
        LECTURE = "lecture", _("Lecture")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", pgettext_lazy("event type", "Other")
        # A series groups its meetings or editions; its own dates may be unknown.
        SERIES = "series", _("Series of events")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, blank=True, help_text=SLUG_HELP_TEXT
    )
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(pgettext_lazy("event", "type"), max_length=20, choices=Type.choices)
    start_date = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("Required unless this is a series.")
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("The last day; the same as the start date for a one-day event."),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code, e.g. RU.")
    )
    format = models.CharField(
        _("format"),
        max_length=10,
        choices=Format.choices,
        default=Format.IN_PERSON,
        blank=True,
        help_text=_("Leave empty when it is not known."),
    )
    organizers = models.ManyToManyField(
        "people.Organization",
        verbose_name=_("organisers"),
        related_name="organized_events",
        blank=True,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("series or parent event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The series this event belongs to, e.g. the annual summer school."),
    )
    topics = models.ManyToManyField(
        "publications.Topic", verbose_name=_("topics"), related_name="events", blank=True
    )
    cover = models.ImageField(
        _("cover"),
        upload_to=RandomName("events/covers"),
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG or WebP: a photograph or poster of the event."),
    )
    status = status_field()
    withdrawn_at = withdrawn_at_field()
    withdrawal_reason = withdrawal_reason_field()
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("publish_event", _("Can publish, withdraw and restore events"))]
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["-start_date", "-id"], name="event_order_idx"),
            models.Index(fields=["status", "end_date"], name="event_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(type="series") | Q(start_date__isnull=False, end_date__isnull=False),
                name="event_dates_unless_series",
                violation_error_message=_("Give the start and end dates."),
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="event_not_own_parent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def slug_source(self):
        return translated(self, "title", "ru")

    @property
    def cover_url(self):
        """The cover's URL (through the view that checks the event is public)."""
        return images.thumbnail_url(self.cover, "events:cover", slug=self.slug, size="medium")

    def clean(self):
        super().clean()
        errors = {}
        if self.type != self.Type.SERIES:
            if self.start_date is None:
                errors["start_date"] = _("Give the start date.")
            if self.end_date is None:
                errors["end_date"] = _("Give the end date; for a one-day event, the same day.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.pk is not None and self.start_date and self.end_date and not errors:
            outside = (
                Talk.objects.filter(event_id=self.pk, date__isnull=False)
                .exclude(date__range=(self.start_date, self.end_date))
                .order_by("date")
                .values_list("date", flat=True)
            )
            if outside:
                errors["end_date"] = _(
                    "Talks of this event are dated %(dates)s, outside these dates: change "
                    "those talks first."
                ) % {"dates": ", ".join(f"{day:%Y-%m-%d}" for day in sorted(set(outside)))}
        if self.parent_id is not None and hierarchy.would_loop(self):
            errors["parent"] = _("An event cannot be inside itself or one of its own parts.")
        if errors:
            raise ValidationError(errors)

    @property
    def country_name(self):
        return country_name(self.country)

    @property
    def place(self):
        """Venue, city and country, as far as they are known."""
        return ", ".join(str(p) for p in (self.venue, self.city, self.country_name) if p)

    @property
    def is_series(self):
        return self.type == self.Type.SERIES

    def contains(self, day):
        """Whether a date lies within the event (always true while its dates are unknown)."""
        if day is None or self.start_date is None or self.end_date is None:
            return True
        return self.start_date <= day <= self.end_date

    def day_number(self, day):
        """1 for the first day of the event, 2 for the second, and so on."""
        if day is None or self.start_date is None:
            return None
        return (day - self.start_date).days + 1


def _event_of(row):
    """The event a programme row belongs to, if set (in an admin inline it may be unsaved)."""
    try:
        return row.event
    except Event.DoesNotExist:
        return None


def _outside_event_error(event):
    return _("The date must lie within the event's dates, %(start)s – %(end)s.") % {
        "start": f"{event.start_date:%Y-%m-%d}",
        "end": f"{event.end_date:%Y-%m-%d}",
    }


class Session(models.Model):
    """A day or a session of the programme, with its theme."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Moscow time.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True, help_text=_("Moscow time."))
    title = models.CharField(_("title or theme"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme")
        ordering = ["event", "date", "order", "start_time", "pk"]
        indexes = [models.Index(fields=["event", "date", "order"], name="session_order_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gte=F("start_time")),
                name="session_end_after_start",
                violation_error_message=_("The session cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}".strip() if self.date else self.title

    def clean(self):
        event = _event_of(self)
        if event is not None and not event.contains(self.date):
            raise ValidationError({"date": _outside_event_error(event)})


SLIDES_EXTENSIONS = ["pdf", "ppt", "pptx", "odp"]


class Talk(models.Model):
    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        REPORT = "report", pgettext_lazy("talk kind", "Paper")
        PRESENTATION = "presentation", _("Presentation")
        WELCOME = "welcome", _("Welcome address")
        CLOSING = "closing", _("Closing address")
        PANEL = "panel", _("Panel")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="talks"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
    )
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REPORT)
    agenda_item = models.CharField(
        _("agenda item"),
        max_length=300,
        blank=True,
        help_text=_("E.g. VII. Update of the RKC ICT Guidelines."),
    )
    abstract = models.TextField(_("abstract"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    publications = models.ManyToManyField(
        "publications.Publication",
        verbose_name=_("publications presented"),
        related_name="talks",
        blank=True,
    )
    slides = models.FileField(
        _("slides"),
        upload_to=RandomName("events/slides"),
        blank=True,
        max_length=255,
        validators=[FileExtensionValidator(SLIDES_EXTENSIONS)],
        help_text=_("PDF or a presentation (PPT, PPTX, ODP)."),
    )
    slides_original_name = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        ordering = ["event", "date", "order", "pk"]
        indexes = [models.Index(fields=["event", "date", "order"], name="talk_order_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.event.get_absolute_url()}#talk-{self.pk}"

    def clean(self):
        errors = {}
        event = _event_of(self)
        session = self.session if self.session_id is not None else None
        if event is not None and session is not None and session.event_id != event.pk:
            errors["session"] = _(
                "The session belongs to another event: choose one of this event's."
            )
        elif session is not None and self.date is not None and self.date != session.date:
            errors["date"] = _("The date differs from the session's date (%(date)s).") % {
                "date": f"{session.date:%Y-%m-%d}"
            }
        if "date" not in errors and event is not None and not event.contains(self.date):
            errors["date"] = _outside_event_error(event)
        if errors:
            raise ValidationError(errors)

    @property
    def day(self):
        """The date of the talk: its own, or its session's."""
        if self.date is not None:
            return self.date
        return self.session.date if self.session_id is not None else None


class Speaker(models.Model):
    """A speaker of a talk, in order, with the organisation they spoke for."""

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="talks_given",
    )
    organization = models.ForeignKey(
        "people.Organization",
        verbose_name=_("speaking for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["talk", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["talk", "person"], name="speaker_unique"),
        ]

    def __str__(self):
        return str(self.person)


# Which roles fit which kind of participant (also enforced by a database constraint).
PERSON_ROLES = ("organizer", "speaker", "moderator", "participant", "student", "guest")
ORGANIZATION_ROLES = ("organizer", "partner", "delegation", "students_home", "participant")
# A group named only in the note, e.g. "embassies of foreign states in the Russian Federation".
GROUP_ROLES = ("participant", "delegation", "guest")


class Participation(models.Model):
    """Who took part and as what: a person, an organisation, or a group described in words."""

    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("Organiser")
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")
        PARTICIPANT = "participant", _("Participant")
        STUDENT = "student", _("Student")
        GUEST = "guest", _("Guest")
        PARTNER = "partner", _("Partner")
        DELEGATION = "delegation", _("Delegation")
        STUDENTS_HOME = "students_home", _("Home institution of students")

    PERSON_ROLES = PERSON_ROLES
    ORGANIZATION_ROLES = ORGANIZATION_ROLES
    GROUP_ROLES = GROUP_ROLES

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    organization = models.ForeignKey(
        "people.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text=_("The organisation taking part, or the one the person represented."),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    description = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_(
            "E.g. “officials and specialists”; without a person or an organisation, the group "
            "itself, e.g. “embassies of foreign states in the Russian Federation”."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["event", "role", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, role__in=PERSON_ROLES)
                | Q(person__isnull=True, organization__isnull=False, role__in=ORGANIZATION_ROLES)
                | Q(person__isnull=True, organization__isnull=True, role__in=GROUP_ROLES),
                name="participation_role_fits",
                violation_error_message=_("This role does not fit this kind of participant."),
            ),
        ]

    def __str__(self):
        who = self.person or self.organization or self.description
        return f"{who} — {self.get_role_display()}"

    def clean(self):
        has_note = bool(self.description_ru or self.description_en or self.description)
        if self.person_id is None and self.organization_id is None and not has_note:
            raise ValidationError(
                _("Choose a person or an organisation, or describe the group in the note.")
            )
        if self.person_id is not None:
            allowed, kind = self.PERSON_ROLES, _("a person")
        elif self.organization_id is not None:
            allowed, kind = self.ORGANIZATION_ROLES, _("an organisation")
        else:
            allowed, kind = self.GROUP_ROLES, _("a group")
        if self.role not in allowed:
            labels = dict(self.Role.choices)
            raise ValidationError(
                {
                    "role": _("“%(role)s” is not a role for %(kind)s; choose one of: %(roles)s.")
                    % {
                        "role": labels.get(self.role, self.role),
                        "kind": kind,
                        "roles": ", ".join(str(labels[role]) for role in allowed),
                    }
                }
            )

    @property
    def is_person(self):
        return self.person_id is not None

    @property
    def is_group(self):
        return self.person_id is None and self.organization_id is None
