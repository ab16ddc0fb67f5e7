"""The statistics pages, the methodology page and the COUNTER_SUSHI-style report endpoints."""

import datetime

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from people.models import Organization, Person
from publications import queries
from publications.models import PlatformUsageDay, Publication, Topic, UsageDay, UsageMetric
from publications.usage import chart, reports, robots

PERMISSION = "publications.view_usageday"
TOP = 10


class MethodologyView(TemplateView):
    """What is counted and how, for anyone who reads the figures."""

    template_name = "publications/statistics/methodology.html"

    def get_context_data(self, **kwargs):
        from publications.usage import aggregate

        return super().get_context_data(**kwargs) | {
            "robots_version": robots.LIST_VERSION,
            "double_click_seconds": aggregate.DOUBLE_CLICK_SECONDS,
        }


class StatisticsView(TemplateView):
    """A statistics page: the totals, the last 24 months of Requests, the most used
    publications, and use by type and by year of publication, of the public publications in
    its scope.

    A page about one thing (a person, a topic) names the thing's ``model``, found by the slug
    in its address among the published rows only, and says in ``publications()`` which
    publications it counts; ``link_label`` names the link back to the thing's own page.
    """

    template_name = "publications/statistics/statistics.html"
    model = None
    link_label = ""

    def get(self, request, *args, **kwargs):
        self.scope = self.get_scope()
        return super().get(request, *args, **kwargs)

    def get_scope(self):
        """The thing the page is about (None for the whole repository): one query."""
        if self.model is None:
            return None
        return get_object_or_404(self.model.objects.published(), slug=self.kwargs["slug"])

    def publications(self):
        """The public publications the page counts."""
        return Publication.objects.published()

    def usage(self, publications):
        """The totals and the monthly Requests of ``publications``, their own figures summed
        (one query): a collection's Views include its articles', here as on its page."""
        return _usage(UsageDay.objects.filter(publication__in=publications))

    def title(self):
        if self.scope is None:
            return _("Statistics")
        return _("Statistics: %(name)s") % {"name": self.scope}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = self.publications()
        requested = UsageDay.objects.filter(
            metric=UsageMetric.TOTAL_ITEM_REQUESTS, publication__in=public
        )
        top = list(
            requested.values("publication")
            .annotate(n=Sum("count"))
            .order_by("-n", "publication")[:TOP]
        )
        titles = public.in_bulk([row["publication"] for row in top])
        # Type and year in one query: a few dozen rows, summed both ways here.
        by_type, by_year = {}, {}
        rows = (
            requested.values("publication__type", "publication__year")
            .annotate(n=Sum("count"))
            .order_by()
        )
        for row in rows:
            kind, year = row["publication__type"], row["publication__year"]
            by_type[kind] = by_type.get(kind, 0) + row["n"]
            by_year[year] = by_year.get(year, 0) + row["n"]
        labels = dict(Publication.Type.choices)
        return context | {
            "title": self.title(),
            "scope": self.scope,
            "link_label": self.link_label,
            "usage": self.usage(public),
            "top": [
                (titles[row["publication"]], row["n"])
                for row in top
                if row["publication"] in titles
            ],
            "by_type": [
                (labels.get(kind, ""), n)
                for kind, n in sorted(by_type.items(), key=lambda item: (-item[1], item[0]))
            ],
            "by_year": sorted(by_year.items(), reverse=True),
        }


def _usage(rows):
    """``chart.Usage`` from day rows (``UsageDay`` or ``PlatformUsageDay``): all-time totals
    and the last 24 months of Requests, summed by month in the database."""
    first = chart.month_starts()[0]
    monthly, totals = {}, {}
    rows = (
        rows.annotate(month=TruncMonth("day"))
        .values("month", "metric")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        totals[row["metric"]] = totals.get(row["metric"], 0) + row["n"]
        if row["metric"] == UsageMetric.TOTAL_ITEM_REQUESTS and month >= first:
            monthly[month] = monthly.get(month, 0) + row["n"]
    usage = chart.Usage(
        investigations=totals.get(UsageMetric.TOTAL_ITEM_INVESTIGATIONS, 0),
        requests=totals.get(UsageMetric.TOTAL_ITEM_REQUESTS, 0),
        unique_requests=totals.get(UsageMetric.UNIQUE_ITEM_REQUESTS, 0),
    )
    return chart.with_bars(usage, monthly)


class RepositoryStatisticsView(StatisticsView):
    """The whole repository (four queries, whatever the number of publications).

    Its totals and months come from the platform's own counts: a view of an article is a view
    of its collection too, so the publications' days summed would count it twice.
    """

    def usage(self, publications):
        return _usage(PlatformUsageDay.objects.all())


class PersonStatisticsView(StatisticsView):
    """A person's publications, in whatever role (five queries)."""

    model = Person
    link_label = gettext_lazy("The person's page")

    def publications(self):
        return queries.by_person(self.scope)


class OrganizationStatisticsView(StatisticsView):
    """What an organisation published, as its page lists it (five queries)."""

    model = Organization
    link_label = gettext_lazy("The organisation's page")

    def publications(self):
        return queries.published_by(self.scope)


class TopicStatisticsView(StatisticsView):
    """A topic's publications (five queries)."""

    model = Topic
    link_label = gettext_lazy("The topic's page")

    def publications(self):
        return queries.on_topic(self.scope)


def _sushi_error(error, status=400):
    return JsonResponse(error.as_json(), status=status, json_dumps_params={"ensure_ascii": False})


def _authorised(request):
    user = request.user
    return user.is_active and user.has_perm(PERMISSION)


@require_safe
def report_list(request):
    """The reports this server offers (COUNTER_SUSHI ``/reports``)."""
    if not _authorised(request):
        return _denied()
    return JsonResponse(
        [
            {
                "Report_Name": "Item Report",
                "Report_ID": "IR",
                "Release": reports.RELEASE,
                "Path": "/reports/ir",
            },
            {
                "Report_Name": "Platform Report",
                "Report_ID": "PR",
                "Release": reports.RELEASE,
                "Path": "/reports/pr",
            },
        ],
        safe=False,
    )


def _denied():
    error = reports.ReportError(2000, "Requestor Not Authorized to Access Service")
    return _sushi_error(error, status=403)


def _report_view(build, allowed, filename, stream=None):
    """A report's endpoint; ``stream`` writes its JSON text in pieces, if it can."""

    @require_safe
    def view(request):
        if not _authorised(request):
            return _denied()
        output = request.GET.get("format", "json")
        if output not in ("json", "tsv", "csv"):
            return _sushi_error(
                reports.ReportError(3062, "Invalid ReportAttribute Value", f"format={output}")
            )
        try:
            first, last = reports.period(request.GET.get("begin_date"), request.GET.get("end_date"))
            metrics = reports.metric_filter(request.GET.get("metric_type"), allowed)
        except reports.ReportError as error:
            return _sushi_error(error)
        if output == "json":
            if stream is not None:
                return StreamingHttpResponse(
                    stream(first, last, metrics=metrics), content_type="application/json"
                )
            return JsonResponse(
                build(first, last, metrics=metrics), json_dumps_params={"ensure_ascii": False}
            )
        report = build(first, last, metrics=metrics)
        delimiter = "\t" if output == "tsv" else ","
        kind = "text/tab-separated-values" if output == "tsv" else "text/csv"
        response = HttpResponse(
            reports.tabular(report, delimiter=delimiter), content_type=f"{kind}; charset=utf-8"
        )
        stamp = f"{first:%Y-%m}_{last:%Y-%m}"
        response["Content-Disposition"] = f'attachment; filename="{filename}_{stamp}.{output}"'
        return response

    return view


item_report = _report_view(
    reports.item_report, reports.ITEM_METRICS, "IR", stream=reports.item_report_json
)
platform_report = _report_view(reports.platform_report, reports.PLATFORM_METRICS, "PR")
