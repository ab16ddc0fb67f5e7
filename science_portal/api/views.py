"""The API's resources: each a public queryset from its app's ``queries``, its app's filters,
and a serializer. Lists are cursor-paginated; a detail answers 404 for what is not public,
410 for a withdrawn record and 301 from a former slug, as the pages do (``core.addresses``).
"""

from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response
from rest_framework.viewsets import ReadOnlyModelViewSet

from core.addresses import GONE, lookup_gone_or_moved
from events import queries as event_queries
from events.filters import EventFilter
from events.models import Event, Session
from people import queries as people_queries
from people.filters import PersonFilter
from publications import queries as publication_queries
from publications.filters import YEAR_MAX, YEAR_MIN, PublicationFilter, YearFilter
from publications.models import Publication, Topic
from science_portal.api import serializers
from science_portal.api.pagination import ApiCursorPagination


class PublicationApiFilter(PublicationFilter):
    """The publication list's filters; the order is the cursor's, so there is no ``sort``."""

    sort = None


class EventApiFilter(EventFilter):
    """The event list's filters; ``year`` takes any year (the page offers those with events)."""

    year = YearFilter(
        field_name="start_date", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )


YEAR = {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}
# An empty value is no filter, as in the pages' forms.
SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]*$"}
LETTER = {"type": "string", "pattern": "^[A-Za-zА-Яа-яЁё]?$"}


def not_found(request, *args, **kwargs):
    """Any other address under the API: a JSON 404, as the API's own."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


def detail_responses(serializer):
    return {
        200: serializer,
        404: serializers.ErrorSerializer,
        410: serializers.GoneSerializer,
        429: serializers.ErrorSerializer,
    }


def list_schema(summary, serializer, *parameters):
    """A list's documentation: its summary, the filters drf-spectacular cannot type from the
    FilterSet (by slug, by year), and its error answers."""
    return extend_schema(
        summary=summary,
        parameters=[
            OpenApiParameter(name, kind, description=description)
            for name, kind, description in parameters
        ],
        responses={
            200: serializer(many=True),
            400: serializers.InvalidFiltersSerializer,
            404: serializers.ErrorSerializer,
            429: serializers.ErrorSerializer,
        },
    )


class PublicViewSet(ReadOnlyModelViewSet):
    """List and detail by slug of one model's public rows."""

    lookup_field = "slug"
    # Any one path segment reaches the view, so that an unknown slug gets the API's JSON 404.
    lookup_value_converter = "str"
    pagination_class = ApiCursorPagination
    # The list's order, for the cursor: unique, or nearly so with the primary key after it.
    cursor_ordering = ("slug",)
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def filter_queryset(self, queryset):
        # The filters narrow lists; a detail is found by its slug alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            model = self.get_queryset().model
            found = lookup_gone_or_moved(model, kwargs["slug"], None)
            if found is None:
                raise
        what, row = found
        if what == GONE:
            return Response(
                {
                    "detail": _("This record was withdrawn."),
                    "slug": row.slug,
                    "withdrawn_at": row.withdrawn_at,
                    "reason": row.withdrawal_reason,
                },
                status=status.HTTP_410_GONE,
            )
        target = request.build_absolute_uri(
            self.reverse_action("detail", kwargs={"slug": row.slug})
        )
        if request.META.get("QUERY_STRING"):
            target = f"{target}?{request.META['QUERY_STRING']}"
        return Response(status=status.HTTP_301_MOVED_PERMANENTLY, headers={"Location": target})


@extend_schema_view(
    list=list_schema(
        "Published publications, newest on the portal first",
        serializers.PublicationSerializer,
        ("topic", SLUG, "A topic's slug."),
        ("author", SLUG, "A person's slug: their publications in any role."),
        ("publisher", SLUG, "An organisation's slug: what it published."),
        ("year_from", YEAR, "The earliest year of publication."),
        ("year_to", YEAR, "The latest year of publication."),
    ),
    retrieve=extend_schema(
        summary="A publication, with its parts and the collection it is printed in",
        responses=detail_responses(serializers.PublicationDetailSerializer),
    ),
)
class PublicationViewSet(PublicViewSet):
    """Publications: authors in order, public topics and downloadable files only."""

    serializer_class = serializers.PublicationSerializer
    detail_serializer_class = serializers.PublicationDetailSerializer
    filterset_class = PublicationApiFilter
    # Served by the index publication_list_newest; published_at is nearly unique.
    cursor_ordering = ("-published_at", "-pk")

    def get_queryset(self):
        rows = publication_queries.listed().prefetch_related(
            publication_queries.public_topics_prefetch()
        )
        if self.action == "retrieve":
            parts = Publication.objects.published().order_by("first_page", "year", "pk")
            rows = rows.select_related("parent").prefetch_related(Prefetch("parts", queryset=parts))
        return rows


@extend_schema_view(
    list=list_schema(
        "Published people, by slug",
        serializers.PersonSerializer,
        ("q", {"type": "string", "maxLength": 200}, "A name in any spelling, full or initials."),
        ("organization", SLUG, "An organisation's slug: people affiliated with it or its units."),
        ("letter", LETTER, "The first letter of the family name, Cyrillic or Latin."),
    ),
    retrieve=extend_schema(
        summary="A person", responses=detail_responses(serializers.PersonSerializer)
    ),
)
class PersonViewSet(PublicViewSet):
    """People, with their public affiliations and every spelling of their names."""

    serializer_class = serializers.PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        return people_queries.person_detail(None)


@extend_schema_view(
    list=list_schema("Published organisations, by slug", serializers.OrganizationSerializer),
    retrieve=extend_schema(
        summary="An organisation",
        responses=detail_responses(serializers.OrganizationSerializer),
    ),
)
class OrganizationViewSet(PublicViewSet):
    serializer_class = serializers.OrganizationSerializer

    def get_queryset(self):
        return people_queries.organization_detail(None)


@extend_schema_view(
    list=list_schema(
        "Published events, the latest added first",
        serializers.EventSerializer,
        ("topic", SLUG, "A topic's slug."),
        ("organiser", SLUG, "An organisation's slug: the events it organised."),
        ("year", YEAR, "The year an event started in, e.g. 2021."),
    ),
    retrieve=extend_schema(
        summary="An event, with its programme and participants",
        responses=detail_responses(serializers.EventDetailSerializer),
    ),
)
class EventViewSet(PublicViewSet):
    serializer_class = serializers.EventSerializer
    detail_serializer_class = serializers.EventDetailSerializer
    filterset_class = EventApiFilter
    # A series has no dates, so the cursor walks by the primary key.
    cursor_ordering = ("-pk",)

    def get_queryset(self):
        rows = (
            Event.objects.published()
            .select_related("parent")
            .prefetch_related(
                event_queries.published_organisers(), event_queries.published_topics()
            )
        )
        if self.action == "retrieve":
            sessions = Session.objects.order_by("date", "order", "start_time", "pk")
            talks = (
                event_queries.talks_with_details()
                .select_related("session")
                .order_by("date", "order", "pk")
            )
            rows = rows.prefetch_related(
                Prefetch("sessions", queryset=sessions),
                Prefetch("talks", queryset=talks),
                Prefetch("participations", queryset=event_queries.public_participations()),
            )
        return rows


@extend_schema_view(
    list=list_schema("Published topics, by slug", serializers.TopicSerializer),
    retrieve=extend_schema(
        summary="A topic", responses=detail_responses(serializers.TopicSerializer)
    ),
)
class TopicViewSet(PublicViewSet):
    serializer_class = serializers.TopicSerializer

    def get_queryset(self):
        return Topic.objects.published()
