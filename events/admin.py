"""Admin for events: the event with its programme days and participants; talks with speakers."""

import datetime

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.admin import (
    HistoryAdminMixin,
    LargeTableAdminMixin,
    PartOfPublishableAdminMixin,
    PublishingAdminMixin,
    StoredFilesAdminMixin,
    search_each_word,
)
from core.db import one_of
from core.media import jobs
from events.forms import EventAdminForm, TalkAdminForm
from events.models import Event, Participation, Session, Speaker, Talk
from people.models import Organization, Person
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


def organizations_named(word):
    return Organization.objects.filter(
        Q(name_ru__icontains=word)
        | Q(name_en__icontains=word)
        | Q(short_name_ru__icontains=word)
        | Q(short_name_en__icontains=word)
    )


def speakers_named(word):
    """Speakers the word names: the person in any spelling, or the organisation."""
    return Speaker.objects.filter(
        Q(person__in=Person.objects.matching(word)) | Q(organization__in=organizations_named(word))
    ).order_by()


def titled(model, word):
    """A search word in the Russian or English title (trigram indexes on PostgreSQL)."""
    return model.objects.filter(Q(title_ru__icontains=word) | Q(title_en__icontains=word))


def talk_matches(word):
    """A search word in the talk's or its event's title, or naming a speaker. The events and
    speakers are looked up first, by ids: no join, so no talk repeats and no DISTINCT."""
    events = titled(Event, word).order_by().values_list("pk", flat=True)
    speakers = speakers_named(word).values_list("talk_id", flat=True).distinct()
    return (
        Q(title_ru__icontains=word)
        | Q(title_en__icontains=word)
        | one_of("event", events)
        | one_of("pk", speakers)
    )


def event_matches(word):
    """A search word in the event's title, slug or city, or in its talks' titles, speakers,
    organisers or participants (people in any spelling). Those events are looked up first, in
    one query, by ids: no join, so no event repeats and no DISTINCT."""
    people = Person.objects.matching(word)
    organizations = organizations_named(word)
    related = (
        titled(Talk, word)
        .order_by()
        .values_list("event_id", flat=True)
        .union(
            speakers_named(word).values_list("talk__event_id", flat=True),
            Event.organizers.through.objects.filter(organization__in=organizations).values_list(
                "event_id", flat=True
            ),
            Participation.objects.filter(Q(person__in=people) | Q(organization__in=organizations))
            .order_by()
            .values_list("event_id", flat=True),
        )
    )
    return (
        Q(title_ru__icontains=word)
        | Q(title_en__icontains=word)
        | Q(slug__startswith=word.lower())
        | Q(city_ru__icontains=word)
        | Q(city_en__icontains=word)
        | one_of("pk", related)
    )


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
    """The event's talks at a glance, each put in one of the event's sessions; speakers and
    publications are edited on the talk."""

    model = Talk
    form = TalkAdminForm
    extra = 0
    fields = ["title", "kind", "date", "session", "order"]
    readonly_fields = ["title", "kind", "date", "order"]
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("talks (edit each on its own page)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(
    StoredFilesAdminMixin,
    LargeTableAdminMixin,
    PublishingAdminMixin,
    HistoryAdminMixin,
    TranslationAdmin,
):
    form = EventAdminForm
    list_display = ["title", "type", "start_date", "end_date", "city", "status", "talk_count"]
    list_filter = ["type", YearFilter, "status", "format"]
    # The search box and autocompletion need search_fields; get_search_results searches.
    search_fields = ["title_ru", "title_en", "slug", "city_ru", "city_en"]
    search_help_text = _(
        "Words of the title or city; of a talk's title; the name of a speaker, organiser or "
        "participant, a person in any spelling."
    )
    prepopulated_fields = {"slug": ["title_ru"]}
    autocomplete_fields = ["organizers", "parent", *TOPIC_AUTOCOMPLETE]
    filter_horizontal = TOPIC_FILTER
    date_hierarchy = "start_date"
    list_select_related = ["parent"]
    published_message = ngettext_lazy(
        "%(count)d event published.", "%(count)d events published.", "count"
    )
    withdrawn_message = ngettext_lazy(
        "%(count)d event withdrawn.", "%(count)d events withdrawn.", "count"
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
        # A count per row rather than a join and GROUP BY over every event and talk.
        talks = (
            Talk.objects.filter(event=OuterRef("pk"))
            .order_by()
            .values("event")
            .annotate(n=Count("*"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(talk_total=Coalesce(Subquery(talks), Value(0), output_field=IntegerField()))
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "cover" in form.changed_data:
            jobs.image_uploaded(obj, "cover")

    def get_search_results(self, request, queryset, search_term):
        return search_each_word(queryset, search_term, event_matches), False

    @admin.display(description=_("talks"), ordering="talk_total")
    def talk_count(self, obj):
        return obj.talk_total


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1
    fields = ["person", "organization", "order"]
    autocomplete_fields = ["person", "organization"]


@admin.register(Talk)
class TalkAdmin(
    StoredFilesAdminMixin,
    LargeTableAdminMixin,
    PartOfPublishableAdminMixin,
    HistoryAdminMixin,
    TranslationAdmin,
):
    form = TalkAdminForm
    parent_field = "event"
    list_display = ["title", "event", "kind", "date", "agenda_item", "has_slides"]
    list_filter = ["kind", "event__type", TalkYearFilter, "event__status"]
    # The search box and autocompletion need search_fields; get_search_results searches.
    search_fields = ["title_ru", "title_en", "event__title_ru", "event__title_en"]
    search_help_text = _(
        "Words of the talk's or the event's title; a speaker's name in any spelling, or "
        "organisation."
    )
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

    def get_search_results(self, request, queryset, search_term):
        return search_each_word(queryset, search_term, talk_matches), False

    @admin.display(boolean=True, description=_("slides"))
    def has_slides(self, obj):
        return bool(obj.slides)

    def save_model(self, request, obj, form, change):
        if "slides" in form.changed_data:
            obj.slides_original_name = getattr(form, "slides_original_name", "")
        super().save_model(request, obj, form, change)
