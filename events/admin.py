"""Admin for events: the event with its programme days and participants; talks with speakers."""

import datetime

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.admin import PublishingAdminMixin
from events.forms import EventAdminForm, TalkAdminForm
from events.models import Event, Participation, Session, Speaker, Talk
from publications.models import Publication, Topic


def autocomplete_or_filter(model, field):
    """Autocomplete when the related model's admin is registered (it has search fields)."""
    return ([field], []) if admin.site.is_registered(model) else ([], [field])


TOPIC_AUTOCOMPLETE, TOPIC_FILTER = autocomplete_or_filter(Topic, "topics")
PUBLICATION_AUTOCOMPLETE, PUBLICATION_FILTER = autocomplete_or_filter(Publication, "publications")


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"
    date_field = "start_date"

    def lookups(self, request, model_admin):
        years = model_admin.model.objects.dates(self.date_field, "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        """Only a year a date can have: "²" or twenty digits would fail in the database."""
        value = self.value() or ""
        if (
            value.isascii()
            and value.isdigit()
            and datetime.MINYEAR <= int(value) <= datetime.MAXYEAR
        ):
            return queryset.filter(**{f"{self.date_field}__year": int(value)})
        return queryset


class TalkYearFilter(YearFilter):
    date_field = "event__start_date"

    def lookups(self, request, model_admin):
        years = Event.objects.filter(talks__isnull=False).dates("start_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]


class SessionInline(TranslationTabularInline):
    model = Session
    extra = 0
    fields = ["date", "start_time", "end_time", "title", "order"]


class ParticipationInline(TranslationTabularInline):
    model = Participation
    extra = 0
    fields = ["person", "organization", "role", "description", "order"]
    autocomplete_fields = ["person", "organization"]


class TalkInline(admin.TabularInline):
    """The event's talks at a glance; speakers and publications are edited on the talk."""

    model = Talk
    extra = 0
    fields = ["title", "kind", "date", "order"]
    readonly_fields = ["title", "kind", "date", "order"]
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("talks (edit each on its own page)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(PublishingAdminMixin, TranslationAdmin):
    form = EventAdminForm
    list_display = ["title", "type", "start_date", "end_date", "city", "status", "talk_count"]
    list_filter = ["type", YearFilter, "status", "format"]
    search_fields = [
        "title_ru",
        "title_en",
        "slug",
        "city_ru",
        "city_en",
        "organizers__name_ru",
        "organizers__name_en",
        "organizers__short_name_ru",
        "organizers__short_name_en",
        "talks__title_ru",
        "talks__title_en",
        "talks__speakers__person__family_name_cyr",
        "talks__speakers__person__family_name_lat",
        "participations__person__family_name_cyr",
        "participations__person__family_name_lat",
        "participations__organization__name_ru",
        "participations__organization__name_en",
    ]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["organizers", "parent", *TOPIC_AUTOCOMPLETE]
    filter_horizontal = TOPIC_FILTER
    date_hierarchy = "start_date"
    list_select_related = ["parent"]
    published_message = ngettext_lazy(
        "%(count)d event published.", "%(count)d events published.", "count"
    )
    withdrawn_message = ngettext_lazy(
        "%(count)d event unpublished.", "%(count)d events unpublished.", "count"
    )
    inlines = [SessionInline, TalkInline, ParticipationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "type", "status"]}),
        (
            _("When and where"),
            {"fields": ["start_date", "end_date", "venue", "city", "country", "format"]},
        ),
        (_("Context"), {"fields": ["organizers", "parent", "topics", "description", "cover"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(talk_total=Count("talks", distinct=True))

    @admin.display(description=_("talks"), ordering="talk_total")
    def talk_count(self, obj):
        return obj.talk_total


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1
    fields = ["person", "organization", "order"]
    autocomplete_fields = ["person", "organization"]


@admin.register(Talk)
class TalkAdmin(TranslationAdmin):
    form = TalkAdminForm
    list_display = ["title", "event", "kind", "date", "agenda_item", "has_slides"]
    list_filter = ["kind", "event__type", TalkYearFilter, "event__status"]
    search_fields = [
        "title_ru",
        "title_en",
        "event__title_ru",
        "event__title_en",
        "speakers__person__family_name_cyr",
        "speakers__person__family_name_lat",
        "speakers__organization__name_ru",
        "speakers__organization__name_en",
        "speakers__organization__short_name_ru",
        "speakers__organization__short_name_en",
    ]
    autocomplete_fields = ["event", *PUBLICATION_AUTOCOMPLETE]
    filter_horizontal = PUBLICATION_FILTER
    list_select_related = ["event"]
    inlines = [SpeakerInline]
    fields = [
        "event",
        "session",
        "date",
        "order",
        "kind",
        "title",
        "agenda_item",
        "abstract",
        "publications",
        "slides",
    ]

    @admin.display(boolean=True, description=_("slides"))
    def has_slides(self, obj):
        return bool(obj.slides)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("slides")
        if "slides" in form.changed_data:
            obj.slides_original_name = getattr(upload, "name", "") if upload else ""
        super().save_model(request, obj, form, change)
