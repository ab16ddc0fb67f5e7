"""Scientific events: summer schools, conferences, lectures, meetings; programme and talks."""

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Visibility


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Visibility.PUBLISHED)

    def upcoming(self):
        """Events that have not ended yet, soonest first."""
        return self.filter(end_date__gte=timezone.localdate()).order_by("start_date", "pk")

    def past(self):
        """Events that have ended, most recent first."""
        return self.filter(end_date__lt=timezone.localdate()).order_by("-start_date", "-pk")


class Event(models.Model):
    class Type(models.TextChoices):
        SUMMER_SCHOOL = "summer_school", _("Summer school")
        CONFERENCE = "conference", _("Conference")
        SEMINAR = "seminar", _("Seminar")
        ROUND_TABLE = "round_table", _("Round table")
        LECTURE = "lecture", _("Lecture")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code, e.g. RU.")
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
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
    cover = models.ImageField(_("cover"), upload_to="events/covers/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
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
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="event_not_own_parent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})


class Session(models.Model):
    """A day or a session of the programme, with its theme."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
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
        return f"{self.date:%Y-%m-%d} {self.title}".strip()


def slides_path(instance, filename):
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"events/slides/{uuid.uuid4().hex}{suffix}"


class Talk(models.Model):
    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        REPORT = "report", _("Report")
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
        _("agenda item"), max_length=100, blank=True, help_text=_("E.g. VII.")
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
    slides = models.FileField(_("slides"), upload_to=slides_path, blank=True, max_length=255)
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


class Participation(models.Model):
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
    description = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["event", "role", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False),
                name="participation_has_participant",
                violation_error_message=_("Choose a person or an organisation."),
            ),
        ]

    def __str__(self):
        who = self.person or self.organization
        return f"{who} — {self.get_role_display()}"
