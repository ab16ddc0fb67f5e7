"""The statistics pages, the methodology page and the COUNTER_SUSHI-style report endpoints."""

import datetime

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from publications.models import PlatformUsageDay, Publication, UsageDay, UsageMetric
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


class RepositoryStatisticsView(TemplateView):
    """The whole repository: monthly Requests, the most used publications, use by type (four
    queries, whatever the number of publications)."""

    template_name = "publications/statistics/repository.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first = chart.month_starts()[0]
        monthly, totals = {}, {}
        rows = (
            PlatformUsageDay.objects.annotate(month=TruncMonth("day"))
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
                monthly[month] = row["n"]
        usage = chart.Usage(
            investigations=totals.get(UsageMetric.TOTAL_ITEM_INVESTIGATIONS, 0),
            requests=totals.get(UsageMetric.TOTAL_ITEM_REQUESTS, 0),
            unique_requests=totals.get(UsageMetric.UNIQUE_ITEM_REQUESTS, 0),
        )
        public = Publication.objects.published()
        requested = UsageDay.objects.filter(
            metric=UsageMetric.TOTAL_ITEM_REQUESTS, publication__in=public
        )
        top = (
            requested.values("publication")
            .annotate(n=Sum("count"))
            .order_by("-n", "publication")[:TOP]
        )
        top = list(top)
        titles = public.in_bulk([row["publication"] for row in top])
        labels = dict(Publication.Type.choices)
        by_type = (
            requested.values("publication__type")
            .annotate(n=Sum("count"))
            .order_by("-n", "publication__type")
        )
        return context | {
            "usage": chart.with_bars(usage, monthly),
            "top": [
                (titles[row["publication"]], row["n"])
                for row in top
                if row["publication"] in titles
            ],
            "by_type": [(labels.get(row["publication__type"], ""), row["n"]) for row in by_type],
        }


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
