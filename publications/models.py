"""Publications: monographs, collections, articles; their authors, topics and files."""

import datetime
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import hierarchy
from core.languages import translated
from core.media import images
from core.media.images import validate_image
from core.media.names import RandomName
from core.publishing import (
    Publishable,
    PublishableQuerySet,
    ScheduledPublishable,
    status_field,
    withdrawal_reason_field,
    withdrawn_at_field,
)
from core.slugs import SLUG_HELP_TEXT, SlugFromTitle
from publications import licences
from publications.validators import validate_doi, validate_edn, validate_isbn

# The longest public preview of a restricted file, in pages.
PREVIEW_MAX_PAGES = 1000
# Cover thumbnails by storage label: the box each fits in. The cleanup removes them too.
COVER_THUMBNAILS = {"cover-small": (240, 340), "cover-large": (480, 680)}


def title_key(language):
    """The title as a list in ``language`` shows it (the other language's when empty),
    lower-cased: what the title sort compares, stored in ``title_sort_<language>``."""
    first, second = ("title_en", "title_ru") if language == "en" else ("title_ru", "title_en")
    return Lower(Coalesce(NullIf(first, Value("")), second))


def title_order(language):
    """The column the list sorts titles by in ``language``."""
    return F("title_sort_en" if language == "en" else "title_sort_ru")


def _title_sort_field(language):
    return models.GeneratedField(
        expression=title_key(language),
        output_field=models.CharField(max_length=500),
        db_persist=True,
        editable=False,
    )


def _list_index(name, *fields):
    """An index that serves a public list's order: scheduled or public rows only, and the
    columns the list filters on, so the page's ids come from the index alone (PostgreSQL)."""
    return models.Index(
        fields=list(fields),
        name=name,
        condition=ScheduledPublishable.scheduled_or_public_q(),
        include=["published_at", "type", "language"],
    )


class Language(models.TextChoices):
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    CHINESE = "zh", _("Chinese")
    OTHER = "other", _("Other")


class Topic(SlugFromTitle, Publishable, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, blank=True, help_text=SLUG_HELP_TEXT
    )
    description = models.TextField(_("description"), blank=True)
    featured = models.BooleanField(_("featured on the home page"), default=False)
    status = status_field()
    withdrawn_at = withdrawn_at_field()
    withdrawal_reason = withdrawal_reason_field()
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        permissions = [("publish_topic", _("Can publish, withdraw and restore topics"))]
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="topic_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("publications:topic", kwargs={"slug": self.slug})

    def slug_source(self):
        return translated(self, "name", "ru")


class Publication(SlugFromTitle, ScheduledPublishable, models.Model):
    class Type(models.TextChoices):
        MONOGRAPH = "monograph", _("Monograph")
        COLLECTION = "collection", _("Collection of articles")
        ARTICLE = "article", _("Article")
        TEXTBOOK = "textbook", _("Textbook")
        PROCEEDINGS = "proceedings", _("Conference proceedings")
        REPORT = "report", _("Report")
        ABSTRACT = "abstract", _("Abstract")

    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    title = models.CharField(_("title"), max_length=500)
    subtitle = models.CharField(_("subtitle"), max_length=500, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, blank=True, help_text=SLUG_HELP_TEXT
    )
    abstract = models.TextField(_("abstract"), blank=True)
    language = models.CharField(
        _("language of the text"), max_length=8, choices=Language.choices, default=Language.RUSSIAN
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    date = models.DateField(
        _("date of publication"), null=True, blank=True, help_text=_("When the full date is known.")
    )
    publishers = models.ManyToManyField(
        "people.Organization",
        verbose_name=_("publishers"),
        through="Publisher",
        related_name="publications",
        blank=True,
    )
    place = models.CharField(_("place of publication"), max_length=200, blank=True)
    pages = models.PositiveIntegerField(_("number of pages"), null=True, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=17, blank=True, validators=[validate_isbn])
    doi = models.CharField(_("DOI"), max_length=200, blank=True, validators=[validate_doi])
    edn = models.CharField(
        _("EDN"),
        max_length=6,
        blank=True,
        validators=[validate_edn],
        help_text=_("The eLibrary document number: six Latin letters, e.g. ABCDEF."),
    )
    udc = models.CharField(_("UDC"), max_length=100, blank=True)
    bbk = models.CharField(_("BBK"), max_length=100, blank=True)
    series = models.CharField(_("series"), max_length=300, blank=True)
    edition = models.CharField(
        _("edition"),
        max_length=100,
        blank=True,
        help_text=_("As printed, in the work's language: “2-е изд., перераб. и доп.”, “2nd ed.”"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        help_text=_("The collection or proceedings this article is printed in."),
    )
    first_page = models.PositiveIntegerField(_("first page"), null=True, blank=True)
    last_page = models.PositiveIntegerField(_("last page"), null=True, blank=True)
    source_title = models.CharField(
        _("first printed in"), max_length=300, blank=True, help_text=_("Journal or book title.")
    )
    source_volume = models.CharField(_("volume"), max_length=30, blank=True)
    source_issue = models.CharField(_("issue"), max_length=30, blank=True)
    source_pages = models.CharField(_("pages"), max_length=30, blank=True)
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("Separated by commas."))
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="publications", blank=True
    )
    cover = models.ImageField(
        _("cover"),
        upload_to=RandomName("publications/covers"),
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG or WebP. Without a cover, pages show the title and year."),
    )
    license = models.CharField(
        _("licence"),
        max_length=licences.MAX_LENGTH,
        choices=licences.CHOICES,
        blank=True,
        help_text=_("Leave empty if the licence is not stated."),
    )
    status = status_field()
    withdrawn_at = withdrawn_at_field()
    withdrawal_reason = withdrawal_reason_field()
    published_at = models.DateTimeField(_("published on the portal"), null=True, blank=True)
    # The counted downloads of all its files, kept in step by publications.signals and
    # publications.stats, so that lists sort by it through an index.
    total_downloads = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    # Stored by the database: plain columns sort and are indexed more cheaply than
    # expressions (an index on them serves deep pages from the index alone).
    title_sort_ru = _title_sort_field("ru")
    title_sort_en = _title_sort_field("en")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        permissions = [("publish_publication", _("Can publish, withdraw and restore publications"))]
        ordering = ["-year", "-date", "title"]
        indexes = [
            models.Index(fields=["-year", "-date", "title"], name="publication_order_idx"),
            models.Index(fields=["status", "published_at"], name="publication_public_idx"),
            # One for each sort of the public list, in each language where the title counts.
            _list_index("publication_list_year_ru", "-year", "-date", "title_sort_ru", "id"),
            _list_index("publication_list_year_en", "-year", "-date", "title_sort_en", "id"),
            _list_index("publication_list_title_ru", "title_sort_ru", "-year", "id"),
            _list_index("publication_list_title_en", "title_sort_en", "-year", "id"),
            _list_index("publication_list_newest", "-published_at", "-id"),
            _list_index("publication_list_downloads", "-total_downloads", "-year", "id"),
            # The sitemap's files and index read ids, slugs and dates from this alone.
            models.Index(
                fields=["id"],
                name="publication_sitemap",
                condition=ScheduledPublishable.scheduled_or_public_q(),
                include=["slug", "status", "published_at", "updated"],
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="publication_not_own_parent"),
            models.CheckConstraint(
                condition=Q(first_page__isnull=True)
                | Q(last_page__isnull=True)
                | Q(last_page__gte=F("first_page")),
                name="publication_page_range",
                violation_error_message=_("The last page cannot come before the first page."),
            ),
            ScheduledPublishable.published_has_date(name="publication_published_has_date"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publications:detail", kwargs={"slug": self.slug})

    def slug_source(self):
        return translated(self, "title", "ru")

    def cover_url(self, size="small"):
        """The cover's URL (through the view that checks the publication is public)."""
        return images.thumbnail_url(self.cover, "publications:cover", slug=self.slug, size=size)

    @property
    def cover_small_url(self):
        return self.cover_url("small")

    @property
    def cover_large_url(self):
        return self.cover_url("large")

    def clean(self):
        super().clean()
        self.edn = (self.edn or "").strip().upper()
        if self.parent_id is not None and hierarchy.would_loop(self):
            raise ValidationError(
                {"parent": _("A publication cannot be part of itself or of its own parts.")},
                code="parent_cycle",
            )

    @property
    def edn_url(self):
        return f"https://elibrary.ru/edn/{self.edn}" if self.edn else ""

    @property
    def licence(self):
        """The publication's licence (publications.licences.Licence), None if not stated."""
        return licences.get(self.license)

    @property
    def keyword_list(self):
        return [k.strip() for k in self.keywords.split(",") if k.strip()]


class Publisher(models.Model):
    """A publishing organisation of a publication, in the order printed on it."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="publisher_links"
    )
    organization = models.ForeignKey(
        "people.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="publisher_links",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("publisher")
        verbose_name_plural = _("publishers")
        ordering = ["publication", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "organization"], name="publisher_unique"
            ),
        ]

    def __str__(self):
        return str(self.organization)


class Authorship(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        EDITOR = "editor", _("Editor")
        COMPILER = "compiler", _("Compiler")
        TRANSLATOR = "translator", _("Translator")
        REVIEWER = "reviewer", _("Reviewer")

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        related_name="authorships",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="authorships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AUTHOR)
    order = models.PositiveSmallIntegerField(_("position in the list"), default=0)

    class Meta:
        verbose_name = _("authorship")
        verbose_name_plural = _("authorships")
        ordering = ["publication", "order", "pk"]
        indexes = [models.Index(fields=["person", "role"], name="authorship_person_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "person", "role"], name="authorship_unique"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class PublicationFileQuerySet(models.QuerySet):
    def downloadable(self):
        """Files the public may download now: public, or embargoed until a date now past."""
        today = timezone.localdate()
        return self.filter(
            Q(access=PublicationFile.Access.PUBLIC)
            | Q(access=PublicationFile.Access.EMBARGOED, embargo_until__lte=today)
        )

    def published(self):
        """Downloadable files of published publications."""
        return self.downloadable().filter(publication__in=Publication.objects.published())


class PublicationFile(models.Model):
    class Access(models.TextChoices):
        PUBLIC = "public", _("Public")
        EMBARGOED = "embargoed", _("Embargoed until a date")
        STAFF = "staff", _("Staff only")

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(_("file"), upload_to=RandomName("publications/files"), max_length=255)
    label = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Full text, Supplement, English version."),
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    mime_type = models.CharField(_("MIME type"), max_length=100, editable=False)
    access = models.CharField(
        _("access"), max_length=10, choices=Access.choices, default=Access.PUBLIC
    )
    embargo_until = models.DateField(_("embargoed until"), null=True, blank=True)
    license = models.CharField(
        _("licence"),
        max_length=licences.MAX_LENGTH,
        choices=licences.CHOICES,
        blank=True,
        help_text=_("Leave empty if the file is under the publication's licence."),
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The background extraction of the file's text for search (science_portal/tasks.py).
    extraction_state = models.CharField(
        _("text extraction"),
        max_length=10,
        choices=Extraction.choices,
        default=Extraction.PENDING,
        editable=False,
    )
    extraction_attempts = models.PositiveSmallIntegerField(
        _("extraction attempts"), default=0, editable=False
    )
    extraction_error = models.TextField(_("extraction error"), blank=True, editable=False)
    extraction_updated = models.DateTimeField(
        _("extraction state changed"), null=True, blank=True, editable=False
    )
    # A public preview of the first pages of a file the public may not download yet: a PDF
    # of its own, cut by a background job (publications.preview), served only while it was
    # cut from this very file and page count (``preview_of``).
    preview_pages = models.PositiveSmallIntegerField(
        _("public preview, pages"),
        default=0,
        blank=True,  # left empty: off (clean() stores 0)
        validators=[MaxValueValidator(PREVIEW_MAX_PAGES)],
        help_text=_(
            "For an embargoed or staff-only PDF: how many first pages anyone may read in the "
            "reader before the full text is available. 0: no preview."
        ),
    )
    preview_file = models.FileField(
        _("preview file"),
        upload_to=RandomName("publications/previews"),
        max_length=255,
        blank=True,
        editable=False,
    )
    preview_of = models.CharField(_("preview cut from"), max_length=80, blank=True, editable=False)
    preview_total_pages = models.PositiveIntegerField(
        _("pages of the whole file"), null=True, blank=True, editable=False
    )
    preview_error = models.TextField(_("preview error"), blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublicationFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["publication", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(access="embargoed") | Q(embargo_until__isnull=False),
                name="file_embargo_has_date",
                violation_error_message=_("An embargoed file needs the date the embargo ends."),
            ),
        ]

    def __str__(self):
        return self.label or self.original_name

    # Written by the extraction job only (science_portal.tasks), with queryset updates.
    EXTRACTION_FIELDS = frozenset(
        {"extraction_state", "extraction_attempts", "extraction_error", "extraction_updated"}
    )
    # Written by the preview job only (publications.preview), with queryset updates.
    PREVIEW_FIELDS = frozenset(
        {"preview_file", "preview_of", "preview_total_pages", "preview_error"}
    )

    def save(self, *args, **kwargs):
        """Save; a row already stored keeps the extraction state and the preview its jobs
        wrote meanwhile."""
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kept = self.EXTRACTION_FIELDS | self.PREVIEW_FIELDS
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in kept
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:download", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        self.preview_pages = self.preview_pages or 0
        if self.preview_pages and self.mime_type and not self.is_pdf:
            raise ValidationError(
                {"preview_pages": _("Only a PDF can have a preview of its first pages.")},
                code="preview_not_pdf",
            )

    @property
    def is_downloadable(self):
        """Whether the public may download this file now (the publication aside)."""
        start = self.downloadable_from()
        return start is not None and start <= timezone.localdate()

    def downloadable_from(self):
        """The first day the public may download the file: date.min if public, the embargo's
        end if embargoed, None if staff only. The queryset's downloadable() says the same."""
        if self.access == self.Access.PUBLIC:
            return datetime.date.min
        if self.access == self.Access.EMBARGOED:
            return self.embargo_until
        return None

    @property
    def licence(self):
        """The licence the file is under: its own, else its publication's (None if neither)."""
        return licences.get(licences.of_file(self))

    @property
    def format_label(self):
        """A short name of the format for readers: PDF, EPUB."""
        return FORMAT_LABELS.get(self.mime_type, PurePath(self.original_name).suffix[1:].upper())

    @property
    def is_pdf(self):
        return self.mime_type == "application/pdf"


FORMAT_LABELS = {"application/pdf": "PDF", "application/epub+zip": "EPUB"}


class UsageMetric(models.IntegerChoices):
    """The COUNTER R5.1 metric types the portal counts, by their COUNTER names."""

    TOTAL_ITEM_INVESTIGATIONS = 1, "Total_Item_Investigations"
    UNIQUE_ITEM_INVESTIGATIONS = 2, "Unique_Item_Investigations"
    TOTAL_ITEM_REQUESTS = 3, "Total_Item_Requests"
    UNIQUE_ITEM_REQUESTS = 4, "Unique_Item_Requests"
    # Platform-wide only: sessions that used any part of a title (a collection with its
    # articles, or a book on its own).
    UNIQUE_TITLE_INVESTIGATIONS = 5, "Unique_Title_Investigations"
    UNIQUE_TITLE_REQUESTS = 6, "Unique_Title_Requests"


ITEM_METRICS = [
    UsageMetric.TOTAL_ITEM_INVESTIGATIONS,
    UsageMetric.UNIQUE_ITEM_INVESTIGATIONS,
    UsageMetric.TOTAL_ITEM_REQUESTS,
    UsageMetric.UNIQUE_ITEM_REQUESTS,
]


class UsageEvent(models.Model):
    """One use of a publication as it happened, kept only until it has been counted and can
    no longer be a double click or a repeat within its session (publications.usage)."""

    class Action(models.TextChoices):
        INVESTIGATION = "i", _("Landing page view")
        REQUEST = "r", _("Full text (download or reader)")

    time = models.DateTimeField(_("time"))
    publication = models.ForeignKey(
        Publication, verbose_name=_("publication"), on_delete=models.CASCADE, related_name="+"
    )
    file = models.ForeignKey(
        PublicationFile,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=1, choices=Action.choices)
    # A 206 answer: one chunk of a reader's or a download manager's run of Range requests.
    ranged = models.BooleanField(_("partial content"), default=False)
    # Salted hashes (no address is stored): the user (address and user agent) for the
    # double-click rule, and the session (the same, with the date and hour) for uniques.
    visitor = models.CharField(_("visitor"), max_length=64)
    session = models.CharField(_("session"), max_length=64)
    processed = models.BooleanField(_("counted"), default=False)

    class Meta:
        verbose_name = _("usage event")
        verbose_name_plural = _("usage events")
        ordering = ["time", "pk"]
        indexes = [models.Index(fields=["processed", "time"], name="usage_event_queue_idx")]

    def __str__(self):
        return f"{self.get_action_display()} {self.publication_id} {self.time:%Y-%m-%d %H:%M:%S}"


class UsageDay(models.Model):
    """A publication's count of one COUNTER metric on one day: what reports and charts read."""

    publication = models.ForeignKey(
        Publication, verbose_name=_("publication"), on_delete=models.CASCADE, related_name="usage"
    )
    day = models.DateField(_("day"))
    metric = models.PositiveSmallIntegerField(_("metric"), choices=UsageMetric.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("usage by day")
        verbose_name_plural = _("usage by day")
        ordering = ["publication", "day", "metric"]
        indexes = [models.Index(fields=["day", "metric"], name="usage_day_period_idx")]
        constraints = [
            models.UniqueConstraint(fields=["publication", "day", "metric"], name="usage_day_once"),
        ]

    def __str__(self):
        return f"{self.publication_id} {self.day} {self.get_metric_display()}: {self.count}"


class UsageMonth(models.Model):
    """A publication's four COUNTER item metrics in one month, kept in step with its days by
    the worker: what reports over years read (a row per month, not per day and metric)."""

    publication = models.ForeignKey(
        Publication, verbose_name=_("publication"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    investigations = models.PositiveIntegerField("Total_Item_Investigations", default=0)
    unique_investigations = models.PositiveIntegerField("Unique_Item_Investigations", default=0)
    requests = models.PositiveIntegerField("Total_Item_Requests", default=0)
    unique_requests = models.PositiveIntegerField("Unique_Item_Requests", default=0)

    # The metric each column counts.
    COLUMNS = {
        UsageMetric.TOTAL_ITEM_INVESTIGATIONS: "investigations",
        UsageMetric.UNIQUE_ITEM_INVESTIGATIONS: "unique_investigations",
        UsageMetric.TOTAL_ITEM_REQUESTS: "requests",
        UsageMetric.UNIQUE_ITEM_REQUESTS: "unique_requests",
    }

    class Meta:
        verbose_name = _("usage by month")
        verbose_name_plural = _("usage by month")
        ordering = ["publication", "month"]
        indexes = [
            models.Index(fields=["month"], name="usage_month_period_idx"),
            # The Item Report reads an item's months from this index alone (PostgreSQL).
            models.Index(
                fields=["publication", "month"],
                include=["investigations", "unique_investigations", "requests", "unique_requests"],
                name="usage_month_report_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["publication", "month"], name="usage_month_once"),
        ]

    def __str__(self):
        return f"{self.publication_id} {self.month:%Y-%m}"


class PlatformUsageDay(models.Model):
    """The whole portal's count of one metric on one day (each use once: no roll-up)."""

    day = models.DateField(_("day"))
    metric = models.PositiveSmallIntegerField(_("metric"), choices=UsageMetric.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("platform usage by day")
        verbose_name_plural = _("platform usage by day")
        ordering = ["day", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["day", "metric"], name="platform_usage_day_once"),
        ]

    def __str__(self):
        return f"{self.day} {self.get_metric_display()}: {self.count}"


class FacetSnapshot(models.Model):
    """Facet counts of the whole public catalogue, counted once per change (publications.facets)."""

    CATALOGUE = "catalogue"

    key = models.CharField(primary_key=True, max_length=30)
    counts = models.JSONField(default=dict)
    computed_at = models.DateTimeField(null=True)
    # When the catalogue next changes by itself (a scheduled publication, an embargo's end).
    valid_until = models.DateTimeField(null=True)
    # Set when anything the counts depend on changes; the next reader counts again.
    dirty = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("facet counts")
        verbose_name_plural = _("facet counts")

    def __str__(self):
        return f"{self.key} ({self.computed_at:%Y-%m-%d %H:%M})" if self.computed_at else self.key


# The tables of bulk imports (publications/importing/models.py), owned by this app.
from publications.importing.models import ImportBatch, ImportedRecord  # noqa: E402, F401
