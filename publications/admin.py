"""Editing publications, topics and files; publishing; download figures by month."""

from django.contrib import admin
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core.admin import PublishingAdminMixin
from publications import stats
from publications.forms import PublicationAdminForm, PublicationFileForm
from publications.models import Authorship, Publication, PublicationFile, Publisher, Topic


class AuthorshipInline(admin.TabularInline):
    model = Authorship
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


class PublicationFileInline(TranslationStackedInline):
    model = PublicationFile
    form = PublicationFileForm
    fields = [
        ("file", "order"),
        "label",
        ("language", "access", "embargo_until"),
        ("original_name", "size_display", "mime_type"),
        ("sha256", "download_count"),
    ]
    readonly_fields = ["original_name", "size_display", "mime_type", "sha256", "download_count"]
    ordering = ["order", "pk"]
    extra = 1

    @admin.display(description=_("size"))
    def size_display(self, obj):
        return filesizeformat(obj.size) if obj.pk else "—"


def _monthly_table(files):
    """Counted downloads per month (last 12 months) for some files, as an HTML table."""
    files = list(files)
    rows = stats.monthly_downloads(files)
    if not rows:
        return _("No counted downloads in the last twelve months.")
    header = format_html_join("", "<th>{}</th>", ((str(f),) for f in files))
    body = format_html_join(
        "",
        "<tr><th>{}</th>{}<td><strong>{}</strong></td></tr>",
        (
            (
                month.strftime("%Y-%m"),
                format_html_join("", "<td>{}</td>", ((counts.get(f.pk, 0),) for f in files)),
                total,
            )
            for month, counts, total in rows
        ),
    )
    return format_html(
        '<table class="download-stats"><thead><tr><th>{}</th>{}<th>{}</th></tr></thead>'
        "<tbody>{}</tbody></table>",
        _("Month"),
        header,
        _("Total"),
        body,
    )


@admin.register(Publication)
class PublicationAdmin(PublishingAdminMixin, TranslationAdmin):
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
    list_filter = ["type", "year", "status", "language", "topics"]
    search_fields = [
        "title_ru",
        "title_en",
        "subtitle_ru",
        "subtitle_en",
        "slug",
        "isbn",
        "doi",
        "authorships__person__family_name_cyr",
        "authorships__person__family_name_lat",
        "authorships__person__given_name_cyr",
        "authorships__person__given_name_lat",
        "authorships__person__name_variants__name",
    ]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["topics", "parent"]
    readonly_fields = ["monthly_downloads", "created", "updated"]
    date_hierarchy = "published_at"
    published_message = ngettext_lazy(
        "%(count)d publication published.", "%(count)d publications published.", "count"
    )
    withdrawn_message = ngettext_lazy(
        "%(count)d publication returned to draft.",
        "%(count)d publications returned to draft.",
        "count",
    )
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["type", "title", "subtitle", "slug", "language", "status"]}),
        (_("Publication data"), {"fields": ["year", "date", "place", "pages", "series"]}),
        (_("Identifiers and classification"), {"fields": ["isbn", "doi", "udc", "bbk"]}),
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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(file_downloads=Sum("files__download_count"))

    @admin.display(description=_("downloads"), ordering="file_downloads")
    def downloads(self, obj):
        return obj.file_downloads

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        label = _("Preview") if not obj.is_published else _("View on site")
        return format_html('<a href="{}" target="_blank">{}</a>', obj.get_absolute_url(), label)

    @admin.display(description=_("downloads by month"))
    def monthly_downloads(self, obj):
        if not obj.pk:
            return "—"
        return _monthly_table(obj.files.all())


@admin.register(Topic)
class TopicAdmin(PublishingAdminMixin, TranslationAdmin):
    list_display = ["name", "slug", "featured", "status", "publication_count"]
    list_filter = ["featured", "status"]
    list_editable = ["featured"]
    search_fields = ["name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    published_message = ngettext_lazy(
        "%(count)d topic published.", "%(count)d topics published.", "count"
    )
    withdrawn_message = ngettext_lazy(
        "%(count)d topic returned to draft.", "%(count)d topics returned to draft.", "count"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("publications"))

    @admin.display(description=_("publications"), ordering="n")
    def publication_count(self, obj):
        return obj.n


@admin.register(PublicationFile)
class PublicationFileAdmin(admin.ModelAdmin):
    """Download figures per file; files themselves are added on their publication's page."""

    list_display = ["__str__", "publication", "access", "size_display", "download_count"]
    list_filter = ["access", "mime_type"]
    list_select_related = ["publication"]
    search_fields = ["original_name", "label_ru", "label_en", "publication__title_ru"]
    fields = [
        "publication",
        "original_name",
        "size_display",
        "mime_type",
        "sha256",
        "access",
        "embargo_until",
        "download_count",
        "monthly_downloads",
    ]
    readonly_fields = [
        "publication",
        "original_name",
        "size_display",
        "mime_type",
        "sha256",
        "download_count",
        "monthly_downloads",
    ]
    ordering = ["-download_count", "pk"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("size"), ordering="size")
    def size_display(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description=_("downloads by month"))
    def monthly_downloads(self, obj):
        return _monthly_table([obj])

    def view_on_site(self, obj):
        return reverse("publications:detail", kwargs={"slug": obj.publication.slug})
