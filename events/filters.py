"""The filters of the event list: when, type, year, topic and organiser."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Event
from people.models import Organization
from publications.models import Topic

UPCOMING, PAST = "upcoming", "past"


def year_choices():
    years = Event.objects.published().dates("start_date", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


def organiser_queryset(request=None):
    """Published organisations that organised at least one published event."""
    organised = Event.objects.published().filter(organizers=OuterRef("pk"))
    return Organization.objects.published().filter(Exists(organised)).order_by("name")


def topic_queryset(request=None):
    with_events = Event.objects.published().filter(topics=OuterRef("pk"))
    return Topic.objects.published().filter(Exists(with_events)).order_by("name")


class EventFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[(UPCOMING, _("Upcoming")), (PAST, _("Past"))],
        method="filter_when",
        empty_label=_("All dates"),
    )
    type = django_filters.ChoiceFilter(
        label=pgettext_lazy("event", "Type"),
        choices=[c for c in Event.Type.choices if c[0] != Event.Type.SERIES],
        empty_label=_("All types"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        choices=year_choices,
        field_name="start_date",
        lookup_expr="year",
        empty_label=_("All years"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        to_field_name="slug",
        queryset=topic_queryset,
        empty_label=_("All topics"),
    )
    organiser = django_filters.ModelChoiceFilter(
        label=_("Organiser"),
        field_name="organizers",
        to_field_name="slug",
        queryset=organiser_queryset,
        empty_label=_("All organisers"),
    )

    class Meta:
        model = Event
        fields = []

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == UPCOMING:
            return queryset.filter(end_date__gte=today)
        if value == PAST:
            return queryset.filter(end_date__lt=today)
        return queryset
