"""A publication's usage for its page: totals, and monthly Requests as an SVG bar chart.

Everything comes from ``UsageDay`` in one query (a publication has a few rows a day at most);
the chart is drawn on the server (no script, no external service) and the same numbers go
into a table beside it for screen readers and for anyone who wants the figures.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from publications.models import UsageDay, UsageMetric

MONTHS = 24
WIDTH, HEIGHT = 480, 160
TOP, BOTTOM, LEFT, RIGHT = 14, 22, 30, 4


def month_starts(months=MONTHS, today=None):
    """The first days of the last ``months`` months, oldest first, this month last."""
    month = (today or timezone.localdate()).replace(day=1)
    starts = [month]
    for _ in range(months - 1):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        starts.append(month)
    return starts[::-1]


@dataclass
class Bar:
    month: datetime.date
    value: int
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    label: str = ""
    axis_label: str = ""


@dataclass
class Usage:
    """What the statistics block of a publication page shows."""

    investigations: int = 0
    requests: int = 0
    unique_requests: int = 0
    bars: list = field(default_factory=list)
    peak: int = 0
    ticks: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM

    @property
    def any_in_period(self):
        return self.peak > 0

    @property
    def period_requests(self):
        return sum(bar.value for bar in self.bars)


def _nice_ceiling(value):
    """The smallest of 1, 2, 5 × 10^n not below ``value`` (the axis' top)."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def publication_usage(publication, *, today=None):
    """The totals and the last 24 months of Requests of one publication (one query)."""
    rows = (
        UsageDay.objects.filter(publication=publication)
        .annotate(month=TruncMonth("day"))
        .values("month", "metric")
        .annotate(n=Sum("count"))
        .order_by()
    )
    usage = Usage()
    monthly = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        metric, n = row["metric"], row["n"] or 0
        if metric == UsageMetric.TOTAL_ITEM_INVESTIGATIONS:
            usage.investigations += n
        elif metric == UsageMetric.TOTAL_ITEM_REQUESTS:
            usage.requests += n
            monthly[month] = monthly.get(month, 0) + n
        elif metric == UsageMetric.UNIQUE_ITEM_REQUESTS:
            usage.unique_requests += n
    return with_bars(usage, monthly, today=today)


def with_bars(usage, monthly, *, today=None):
    """Lay out the last 24 months of ``monthly`` ({first day of month: n}) as bars."""
    usage.bars = [Bar(month, monthly.get(month, 0)) for month in month_starts(today=today)]
    _layout(usage)
    return usage


def _layout(usage):
    usage.peak = max((bar.value for bar in usage.bars), default=0)
    top = _nice_ceiling(usage.peak)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / len(usage.bars)
    for index, bar in enumerate(usage.bars):
        bar.height = round(plot_height * bar.value / top, 1)
        bar.width = round(slot * 0.7, 1)
        bar.x = round(LEFT + index * slot + slot * 0.15, 1)
        bar.y = round(HEIGHT - BOTTOM - bar.height, 1)
        bar.label = date_format(bar.month, "YEAR_MONTH_FORMAT")
        # January and the first month name their year; every third month its name.
        if index == 0 or bar.month.month == 1:
            bar.axis_label = f"{bar.month:%m}.{bar.month:%y}"
        elif bar.month.month % 3 == 1:
            bar.axis_label = f"{bar.month:%m}"
    usage.ticks = [
        {"value": value, "y": round(HEIGHT - BOTTOM - plot_height * value / top, 1)}
        for value in sorted({0, top // 2, top})
    ]


TABLE_METRICS = [
    UsageMetric.TOTAL_ITEM_INVESTIGATIONS,
    UsageMetric.UNIQUE_ITEM_INVESTIGATIONS,
    UsageMetric.TOTAL_ITEM_REQUESTS,
    UsageMetric.UNIQUE_ITEM_REQUESTS,
]


def monthly_metrics(publication_id, *, months=12, today=None):
    """[(month, {metric: n})] of one publication, newest month first, months with use only."""
    first = month_starts(months, today=today)[0]
    rows = (
        UsageDay.objects.filter(publication_id=publication_id, day__gte=first)
        .annotate(month=TruncMonth("day"))
        .values("month", "metric")
        .annotate(n=Sum("count"))
        .order_by()
    )
    by_month = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        by_month.setdefault(month, {})[row["metric"]] = row["n"]
    return sorted(by_month.items(), reverse=True)
