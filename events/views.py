"""Public pages of events: the list, an event with its programme, its calendar file, slides."""

import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.db.models import Case, DateField, F, IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, View
from django_filters.views import FilterView

from core.addresses import GoneOrMovedMixin
from core.media.downloads import serve_file, serve_thumbnail
from core.publishing import can_preview
from events import ical, queries
from events.filters import EventFilter
from events.models import COVER_THUMBNAILS, Event, Talk
from publications.formats import jsonld

# The list shows upcoming events first (soonest first), then past ones (latest first),
# then series, which have no dates of their own.
UPCOMING, PAST, SERIES = 0, 1, 2


class EventsListView(FilterView):
    filterset_class = EventFilter
    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = settings.PAGINATE_BY

    def get_queryset(self):
        today = timezone.localdate()
        return (
            Event.objects.published()
            .annotate(
                period=Case(
                    When(end_date__gte=today, then=Value(UPCOMING)),
                    When(end_date__lt=today, then=Value(PAST)),
                    default=Value(SERIES),
                    output_field=IntegerField(),
                ),
                upcoming_start=Case(
                    When(end_date__gte=today, then=F("start_date")),
                    default=None,
                    output_field=DateField(),
                ),
            )
            .prefetch_related(queries.published_organisers())
            .order_by("period", "upcoming_start", "-start_date", "-pk")
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400  # the form shows what was wrong
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["periods"] = {"upcoming": UPCOMING, "past": PAST, "series": SERIES}
        context["is_filtered"] = any(self.request.GET.get(name) for name in self.filterset.filters)
        context["filter_labels"] = self.filter_labels()
        return context

    def filter_labels(self):
        """What each filter in use shows, for the page's title: "Upcoming", "Conference"."""
        form = self.filterset.form
        if not form.is_valid():
            return []
        labels = []
        for name, definition in self.filterset.filters.items():
            value = form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            # A fixed list of choices names the value; a year or a topic names itself (and
            # reading a callable's or a queryset's choices again would cost a query).
            choices = definition.extra.get("choices")
            names = dict(choices) if isinstance(choices, list | tuple) else {}
            labels.append(str(names.get(value, value)))
        return labels


class EventDetailView(GoneOrMovedMixin, DetailView):
    model = Event
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        events = Event.objects.select_related("parent").prefetch_related(
            queries.published_organisers(), queries.published_topics()
        )
        # Staff may preview a draft from the admin's "view on site"; nobody else sees it.
        return events.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(queries.event_page(self.object))
        context["is_draft"] = not self.object.is_published
        if not context["is_draft"]:
            context["event_jsonld"] = jsonld.event_script(self.request, self.object)
        return context


class EventCalendarView(View):
    """The event as an iCalendar file, for "add to calendar"."""

    def get(self, request, slug):
        event = get_object_or_404(Event.objects.published(), slug=slug)
        if event.start_date is None or event.end_date is None:
            raise Http404("A series has no dates to put in a calendar.")
        sessions = event.sessions.filter(start_time__isnull=False).order_by(
            "date", "order", "start_time", "pk"
        )
        text = ical.event_to_ical(
            event,
            url=request.build_absolute_uri(event.get_absolute_url()),
            uid_domain=request.get_host().split(":")[0] or "localhost",
            sessions=list(sessions),
        )
        response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
        return response


class TalkSlidesView(View):
    """The slides of a talk at a published event (staff who may view events also get those
    of a draft's, for the preview), through the portal's download code."""

    def get(self, request, pk):
        talks = Talk.objects.select_related("event")
        if not can_preview(request.user, Event):
            talks = talks.filter(Event.public_q("event__"))
        talk = get_object_or_404(talks, pk=pk)
        if not talk.slides:
            raise Http404("This talk has no slides.")
        filename = talk.slides_original_name or PurePath(talk.slides.name).name
        # The stored name's extension is the one the content showed (events.forms).
        content_type = mimetypes.guess_type(talk.slides.name)[0] or "application/octet-stream"
        return serve_file(request, talk.slides, filename=filename, content_type=content_type)

    head = get


@require_safe
def cover(request, slug, size):
    """A cover thumbnail of a published event (staff also see a draft's, for the preview)."""
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    return serve_thumbnail(request, event.cover, f"cover-{size}", COVER_THUMBNAILS)
