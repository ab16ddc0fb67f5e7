"""Staff curate people and organisations here; public pages only ever show what is published."""

import logging

from django.contrib import admin
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.admin import (
    HistoryAdminMixin,
    LargeTableAdminMixin,
    PublishingAdminMixin,
    StoredFilesAdminMixin,
    search_each_word,
)
from core.languages import localized
from core.media import jobs
from people import names
from people.forms import PersonAdminForm
from people.models import Affiliation, NameVariant, Organization, Person

logger = logging.getLogger(__name__)


class HasPhotoFilter(admin.SimpleListFilter):
    title = _("photo")
    parameter_name = "has_photo"

    def lookups(self, request, model_admin):
        return [("yes", _("With a photo")), ("no", _("Without a photo"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(photo="")
        if self.value() == "no":
            return queryset.filter(photo="")
        return queryset


class DegreeFilter(admin.SimpleListFilter):
    title = _("academic degree")
    parameter_name = "degree"

    def lookups(self, request, model_admin):
        field = localized("degree")
        values = (
            Person.objects.exclude(**{field: ""})
            .exclude(**{f"{field}__isnull": True})
            .order_by(field)
            .values_list(field, flat=True)
            .distinct()
        )
        return [(value, value) for value in values]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{localized("degree"): self.value()})
        return queryset


class AffiliationInline(TranslationTabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["organization", "position", "start_date", "end_date", "order"]


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 0
    fields = ["name"]


def person_matches(word):
    """A search word inside any name or name variant, in any spelling ("Moser", "Мозер" and
    "озер" find Мозер), or beginning the slug or (with a digit) the ORCID iD."""
    condition = Q(slug__startswith=word.lower())
    if any(character.isdigit() for character in word):
        condition |= Q(orcid__startswith=word.upper())
    key = names.search_key(word)
    if key:
        condition |= Q(search_names__contains=key)
    return condition


@admin.register(Person)
class PersonAdmin(
    StoredFilesAdminMixin,
    LargeTableAdminMixin,
    PublishingAdminMixin,
    HistoryAdminMixin,
    TranslationAdmin,
):
    form = PersonAdminForm
    inlines = [AffiliationInline, NameVariantInline]
    list_display = [
        "photo_thumbnail",
        "full_name_display",
        "latin_name_display",
        "degree",
        "current_organizations",
        "status",
    ]
    list_display_links = ["photo_thumbnail", "full_name_display"]
    list_filter = [
        "status",
        ("affiliations__organization", admin.RelatedOnlyFieldListFilter),
        DegreeFilter,
        HasPhotoFilter,
    ]
    list_per_page = 50
    # The search box and autocompletion need search_fields; get_search_results searches.
    search_fields = ["search_names", "slug", "orcid"]
    search_help_text = _(
        "Any part of a name or name variant, in either script; a slug or ORCID iD."
    )
    prepopulated_fields = {"slug": ["given_name_lat", "family_name_lat"]}
    readonly_fields = ["photo_preview"]
    published_message = ngettext_lazy(
        "%(count)d profile published.", "%(count)d profiles published.", "count"
    )
    withdrawn_message = ngettext_lazy(
        "%(count)d profile withdrawn.", "%(count)d profiles withdrawn.", "count"
    )
    fieldsets = [
        (
            _("Name in Cyrillic"),
            {"fields": ["family_name_cyr", "given_name_cyr", "patronymic_cyr"]},
        ),
        (_("Name in Latin"), {"fields": ["family_name_lat", "given_name_lat", "patronymic_lat"]}),
        (None, {"fields": ["slug", "status"]}),
        (
            _("Academic profile"),
            {
                "fields": [
                    "degree",
                    "academic_title",
                    "orcid",
                    "spin",
                    "rsci_author_id",
                    "biography",
                ]
            },
        ),
        (_("Photo"), {"fields": ["photo", "photo_preview"]}),
        (_("Contact"), {"fields": ["email", "email_public"]}),
    ]

    def get_queryset(self, request):
        current = Prefetch(
            "affiliations",
            queryset=Affiliation.objects.current().select_related("organization"),
            to_attr="admin_current_affiliations",
        )
        return super().get_queryset(request).prefetch_related(current)

    def get_search_results(self, request, queryset, search_term):
        """Every word in some name form or variant (normalised, so any spelling), the slug or the
        ORCID iD: one indexed column instead of a join on the variants and a DISTINCT."""
        return search_each_word(queryset, search_term, person_matches), False

    @admin.display(description=_("name"), ordering="family_name_cyr")
    def full_name_display(self, person):
        return person.full_name

    @admin.display(description=_("name in Latin"), ordering="family_name_lat")
    def latin_name_display(self, person):
        return " ".join(p for p in (person.given_name_lat, person.family_name_lat) if p)

    @admin.display(description=_("current organisations"))
    def current_organizations(self, person):
        return ", ".join(a.organization.label for a in person.admin_current_affiliations)

    @admin.display(description=_("photo"))
    def photo_thumbnail(self, person):
        if not person.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="width:40px;height:50px;object-fit:cover;'
            'border-radius:3px">',
            person.photo_url("small"),
        )

    @admin.display(description=_("current photo"))
    def photo_preview(self, person):
        if not person.pk or not person.photo:
            return _("No photo yet.")
        return format_html(
            '<img src="{}" alt="" style="max-width:240px;max-height:300px;border-radius:4px">',
            person.photo_url("medium"),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "photo" in form.changed_data:
            # In the background; the photo view makes a missing one on first request.
            jobs.image_uploaded(obj, "photo")


@admin.register(Organization)
class OrganizationAdmin(PublishingAdminMixin, HistoryAdminMixin, TranslationAdmin):
    list_display = ["name", "short_name", "kind", "country", "parent", "status"]
    list_filter = ["kind", "status", "country"]
    list_select_related = ["parent"]
    search_fields = ["name_ru", "name_en", "short_name_ru", "short_name_en", "slug"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_ru"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    published_message = ngettext_lazy(
        "%(count)d organisation published.", "%(count)d organisations published.", "count"
    )
    withdrawn_message = ngettext_lazy(
        "%(count)d organisation withdrawn.",
        "%(count)d organisations withdrawn.",
        "count",
    )
    fields = [
        "name",
        "short_name",
        "slug",
        "kind",
        "country",
        "parent",
        "website",
        "ror",
        "description",
        "status",
    ]
