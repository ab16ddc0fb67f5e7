"""Editing publications, topics and files; publishing; download figures by month."""

from django.contrib import admin
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core.admin import (
    HistoryAdminMixin,
    LargeTableAdminMixin,
    PartOfPublishableAdminMixin,
    PublishingAdminMixin,
    StoredFilesAdminMixin,
    search_each_word,
    search_words,
)
from core.db import distinct_values, one_of
from core.media import jobs
from core.models import AuditEntry
from core.publishing import can_publish
from people import names
from people.models import Person
from publications import preview, scholar_check
from publications.forms import (
    AuthorshipForm,
    AuthorshipFormSet,
    PublicationAdminForm,
    PublicationFileForm,
)
from publications.models import Authorship, Publication, PublicationFile, Publisher, Topic
from publications.usage import chart as usage_chart


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    form = AuthorshipForm
    formset = AuthorshipFormSet
    fields = ["order", "person", "role"]
    autocomplete_fields = ["person"]
    ordering = ["order", "pk"]
    extra = 1


class PublisherInline(admin.TabularInline):
    model = Publisher
    fields = ["order", "organization"]
    autocomplete_fields = ["organization"]
    ordering = ["order", "pk"]
    extra = 1
    verbose_name = _("publisher")
    verbose_name_plural = _("publishers (in the order printed)")


ACCESS_FIELDS = ["access", "embargo_until", "preview_pages"]


class FileAccessMixin:
    """Who may see a file is a curator's decision: editors see its access read-only (a file
    they upload is as public as its publication will be), and each change is in the audit
    list."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user, Publication):
            fields += [name for name in ACCESS_FIELDS if name not in fields]
        return fields


def record_access_change(request, form):
    """Write a change of a file's access or embargo (a saved form) to the audit list."""
    changed = [name for name in ACCESS_FIELDS if name in form.changed_data]
    if not changed or form.instance.pk is None:
        return
    labels = dict(PublicationFile.Access.choices)

    def shown(value):
        return str(labels.get(value, value or "—"))

    file = form.instance
    note = "; ".join(
        f"{PublicationFile._meta.get_field(name).verbose_name}: "
        f"{shown(form.initial.get(name))} → {shown(getattr(file, name))}"
        for name in changed
    )
    AuditEntry.record(file, AuditEntry.Action.ACCESS, by=request.user, note=note)


class PublicationFileInline(FileAccessMixin, TranslationStackedInline):
    model = PublicationFile
    form = PublicationFileForm
    fields = [
        ("file", "order"),
        "label",
        ("language", "access", "embargo_until"),
        "license",
        ("original_name", "size_display", "mime_type"),
        ("sha256", "download_count"),
        "extraction_display",
        ("preview_pages", "preview_display"),
    ]
    readonly_fields = [
        "original_name",
        "size_display",
        "mime_type",
        "sha256",
        "download_count",
        "extraction_display",
        "preview_display",
    ]
    ordering = ["order", "pk"]
    extra = 1

    @admin.display(description=_("public preview"))
    def preview_display(self, obj):
        return preview_state(obj)

    @admin.display(description=_("size"))
    def size_display(self, obj):
        return filesizeformat(obj.size) if obj.pk else "—"

    @admin.display(description=_("text extraction"))
    def extraction_display(self, obj):
        return extraction_state(obj)


def extraction_state(file):
    """The state of a file's text extraction for the admin: state, attempts, error, when."""
    if not file.pk:
        return "—"
    parts = [file.get_extraction_state_display()]
    if file.extraction_attempts > 1 or file.extraction_state == PublicationFile.Extraction.FAILED:
        count = file.extraction_attempts
        parts.append(
            ngettext("after %(count)d attempt", "after %(count)d attempts", count)
            % {"count": count}
        )
    if file.extraction_updated:
        parts.append(date_format(localtime(file.extraction_updated), "DATETIME_FORMAT"))
    text = ", ".join(str(part) for part in parts)
    if file.extraction_error:
        return format_html("{}<br><code>{}</code>", text, file.extraction_error)
    return text


def preview_state(file):
    """The state of a file's public preview for the admin: off, being cut, ready, refused."""
    if not file.pk or not file.preview_pages:
        return _("Off")
    if file.preview_error:
        return format_html("{}<br><code>{}</code>", _("Not made"), file.preview_error)
    if not preview.is_ready(file):
        return _("Being cut (pages 1–%(pages)d)") % {"pages": file.preview_pages}
    if file.is_downloadable:
        return _("Ready, not shown: the file itself is public")
    return format_html(
        '{} <a href="{}">{}</a>',
        _("Pages 1–%(pages)d of %(total)d.")
        % {"pages": file.preview_pages, "total": file.preview_total_pages or 0},
        reverse("publications:preview", kwargs={"pk": file.pk}),
        _("Open the preview"),
    )


def _monthly_table(publication_id):
    """A publication's COUNTER metrics per month (last 12 months), as an HTML table."""
    rows = usage_chart.monthly_metrics(publication_id, months=12)
    if not rows:
        return _("No counted use in the last twelve months.")
    metrics = usage_chart.TABLE_METRICS
    header = format_html_join("", "<th>{}</th>", ((metric.label,) for metric in metrics))
    body = format_html_join(
        "",
        "<tr><th>{}</th>{}</tr>",
        (
            (
                month.strftime("%Y-%m"),
                format_html_join("", "<td>{}</td>", ((counts.get(m, 0),) for m in metrics)),
            )
            for month, counts in rows
        ),
    )
    return format_html(
        '<table class="download-stats"><thead><tr><th>{}</th>{}</tr></thead>'
        "<tbody>{}</tbody></table>",
        _("Month"),
        header,
        body,
    )


class YearFilter(admin.SimpleListFilter):
    """By year of publication; the years are read from the index one by one, not the table."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in distinct_values(Publication, "year")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isascii() and value.isdigit():
            return queryset.filter(year=int(value))
        return queryset


class TopicFilter(admin.SimpleListFilter):
    """By topic: the choices come from the topics table, and the rows are matched against the
    topic's links rather than joined to them, so the list needs no DISTINCT. The
    parameter keeps the name of the related-field filter it replaces (saved links still work).
    """

    title = _("topics")
    parameter_name = "topics__id__exact"
    no_topic = "none"

    def lookups(self, request, model_admin):
        topics = [(str(topic.pk), str(topic)) for topic in Topic.objects.order_by("name")]
        return [*topics, (self.no_topic, _("No topic"))]

    def queryset(self, request, queryset):
        value = self.value()
        links = Publication.topics.through.objects.values("publication_id")
        if value == self.no_topic:
            return queryset.exclude(pk__in=links)
        if value and value.isascii() and value.isdigit():
            # The topic's ids read first and written in as one array: the list then walks
            # its order checking each row against them, not probing the links row by row
            # (30 ms for a 3,000-publication topic at 100,000 publications).
            ids = links.filter(topic_id=int(value)).values_list("publication_id", flat=True)
            return queryset.filter(one_of("pk", ids))
        return queryset


class ScholarFilter(admin.SimpleListFilter):
    """Records Google Scholar would reject, by reason (publications.scholar_check)."""

    title = _("Google Scholar check")
    parameter_name = "scholar"

    def lookups(self, request, model_admin):
        return [("any", _("Any problem")), *scholar_check.PROBLEMS.items()]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any" or value in scholar_check.PROBLEMS:
            return scholar_check.with_problem(queryset, value)
        return queryset


def authored_by(term):
    """The publications of the people whose names match ``term`` in any spelling, as a Q."""
    authored = Authorship.objects.filter(person__in=Person.objects.matching(term)).order_by()
    return one_of("pk", authored.values_list("publication_id", flat=True).distinct())


def search_publications(queryset, term):
    """Publications where every word of ``term`` is in the title or subtitle (trigram indexes
    on PostgreSQL), the ISBN, DOI or slug, or begins an author's name in any spelling ("Moser"
    finds "Мозер"); or whose author the whole term names ("Мозер С.", "S. Moser").

    A word as short as an initial does not look for authors on its own: every other person has
    one. No join, so no row repeats and the list needs no DISTINCT.
    """
    words = search_words(term)
    if not words:
        return queryset
    condition = Q()
    for word in words:
        found = (
            Q(title_ru__icontains=word)
            | Q(title_en__icontains=word)
            | Q(subtitle_ru__icontains=word)
            | Q(subtitle_en__icontains=word)
            | Q(isbn__icontains=word)
            | Q(doi__icontains=word)
            | Q(slug__startswith=word.lower())
        )
        if any(len(token) >= 3 for token in names.search_tokens(word)):
            found |= authored_by(word)
        condition &= found
    if len(words) > 1:
        condition |= authored_by(term)
    return queryset.filter(condition)


@admin.register(Publication)
class PublicationAdmin(
    StoredFilesAdminMixin,
    LargeTableAdminMixin,
    PublishingAdminMixin,
    HistoryAdminMixin,
    TranslationAdmin,
):
    form = PublicationAdminForm
    inlines = [AuthorshipInline, PublisherInline, PublicationFileInline]
    list_display = [
        "title",
        "type",
        "year",
        "status",
        "published_at",
        "downloads",
        "preview_link",
    ]
    # Indexed sorts only (publications/migrations/0004): the type and the status have a few
    # values each, and a sort by them would sort each value's tens of thousands of rows.
    # Those are list filters instead.
    sortable_by = ["title", "year", "published_at"]
    list_filter = [
        "type",
        YearFilter,
        "status",
        ("published_at", admin.DateFieldListFilter),
        "language",
        TopicFilter,
        ScholarFilter,
    ]
    # The search box and autocompletion need search_fields; get_search_results searches.
    search_fields = ["title_ru", "title_en", "subtitle_ru", "subtitle_en", "isbn", "doi", "slug"]
    search_help_text = _(
        "Words of the title or subtitle, an author's name in any spelling, an ISBN, DOI or slug."
    )
    prepopulated_fields = {"slug": ["title_ru"]}
    autocomplete_fields = ["topics", "parent"]
    readonly_fields = ["monthly_downloads", "created", "updated"]
    published_message = ngettext_lazy(
        "%(count)d publication published.", "%(count)d publications published.", "count"
    )
    withdrawn_message = ngettext_lazy(
        "%(count)d publication withdrawn.",
        "%(count)d publications withdrawn.",
        "count",
    )
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["type", "title", "subtitle", "slug", "language", "status"]}),
        (
            _("Publication data"),
            {"fields": ["year", "date", "place", "pages", "series", "edition"]},
        ),
        (_("Identifiers and classification"), {"fields": ["isbn", "doi", "edn", "udc", "bbk"]}),
        (_("Rights"), {"fields": ["license"]}),
        (
            _("Part of a collection, or first printed elsewhere"),
            {
                "fields": [
                    "parent",
                    ("first_page", "last_page"),
                    "source_title",
                    ("source_volume", "source_issue", "source_pages"),
                ],
                "classes": ["collapse"],
            },
        ),
        (_("Content"), {"fields": ["abstract", "keywords", "topics", "cover"]}),
        (
            _("Portal"),
            {"fields": ["published_at", "monthly_downloads", "created", "updated"]},
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # the add form warns of duplicates (PublicationAdminForm.clean)
            fieldsets = [
                (name, {**options, "fields": [*options["fields"], "allow_duplicate"]})
                if "doi" in options["fields"]
                else (name, options)
                for name, options in fieldsets
            ]
        return fieldsets

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "cover" in form.changed_data:
            jobs.image_uploaded(obj, "cover")

    def get_search_results(self, request, queryset, search_term):
        return search_publications(queryset, search_term), False

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is PublicationFile:
            for file_form in formset.forms:
                if file_form not in formset.deleted_forms and file_form.has_changed():
                    record_access_change(request, file_form)

    @admin.display(description=_("downloads"), ordering="total_downloads")
    def downloads(self, obj):
        return obj.total_downloads  # kept in step with the files' counts (publications.signals)

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        label = _("Preview") if not obj.is_published else _("View on site")
        return format_html('<a href="{}" target="_blank">{}</a>', obj.get_absolute_url(), label)

    @admin.display(description=_("use by month (COUNTER)"))
    def monthly_downloads(self, obj):
        if not obj.pk:
            return "—"
        return _monthly_table(obj.pk)


@admin.register(Topic)
class TopicAdmin(PublishingAdminMixin, HistoryAdminMixin, TranslationAdmin):
    list_display = ["name", "slug", "featured", "status", "publication_count"]
    list_filter = ["featured", "status"]
    list_editable = ["featured"]
    search_fields = ["name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_ru"]}
    published_message = ngettext_lazy(
        "%(count)d topic published.", "%(count)d topics published.", "count"
    )
    withdrawn_message = ngettext_lazy(
        "%(count)d topic withdrawn.", "%(count)d topics withdrawn.", "count"
    )

    def get_queryset(self, request):
        # A count per topic rather than a join and GROUP BY over every link, which Django's
        # changelist would also repeat to count the topics.
        links = (
            Publication.topics.through.objects.filter(topic=OuterRef("pk"))
            .order_by()
            .values("topic")
            .annotate(n=Count("*"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(n=Coalesce(Subquery(links), Value(0), output_field=IntegerField()))
        )

    @admin.display(description=_("publications"), ordering="n")
    def publication_count(self, obj):
        return obj.n


def file_matches(word):
    """A search word in the file's name or label, or in its publication's title. The title is
    read file by file, through the publication's primary key: as a join or an IN subquery,
    PostgreSQL would match the word against every publication, not only those with files."""
    found = Q(title_ru__icontains=word) | Q(title_en__icontains=word)
    title = (
        Publication.objects.filter(pk=OuterRef("publication_id"))
        .order_by()
        .annotate(found=ExpressionWrapper(found, output_field=BooleanField()))
        .values("found")
    )
    return (
        Q(original_name__icontains=word)
        | Q(label_ru__icontains=word)
        | Q(label_en__icontains=word)
        | Q(Subquery(title, output_field=BooleanField()))
    )


@admin.register(PublicationFile)
class PublicationFileAdmin(
    LargeTableAdminMixin, PartOfPublishableAdminMixin, FileAccessMixin, admin.ModelAdmin
):
    """Download figures per file; files themselves are added on their publication's page."""

    parent_field = "publication"

    list_display = [
        "__str__",
        "publication",
        "access",
        "size_display",
        "download_count",
        "extraction_state",
    ]
    list_filter = ["access", "mime_type", "extraction_state"]
    # The publications of the page's files come in one query of their own (get_queryset): joined
    # to the list, every file's publication row would be read before the sort by downloads.
    list_select_related = ()
    search_fields = ["original_name", "label_ru", "label_en"]
    search_help_text = _("Words of the file's name or label, or of its publication's title.")
    fields = [
        "publication",
        "original_name",
        "size_display",
        "mime_type",
        "sha256",
        "access",
        "embargo_until",
        "license",
        "download_count",
        "monthly_downloads",
        "extraction_display",
        "preview_pages",
        "preview_display",
    ]
    readonly_fields = [
        "publication",
        "original_name",
        "size_display",
        "mime_type",
        "sha256",
        "download_count",
        "monthly_downloads",
        "extraction_display",
        "preview_display",
    ]
    ordering = ["-download_count", "pk"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_access_change(request, form)

    def get_queryset(self, request):
        publications = Publication.objects.order_by().only("title", "slug", "status")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("publication", queryset=publications))
        )

    def get_search_results(self, request, queryset, search_term):
        return search_each_word(queryset, search_term, file_matches), False

    @admin.display(description=_("size"), ordering="size")
    def size_display(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description=_("use by month (COUNTER)"))
    def monthly_downloads(self, obj):
        return _monthly_table(obj.publication_id)

    @admin.display(description=_("text extraction"))
    def extraction_display(self, obj):
        return extraction_state(obj)

    @admin.display(description=_("public preview"))
    def preview_display(self, obj):
        return preview_state(obj)

    def view_on_site(self, obj):
        return reverse("publications:detail", kwargs={"slug": obj.publication.slug})


from publications.importing import admin as importing_admin  # noqa: E402, F401 (registers it)
