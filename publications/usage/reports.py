"""COUNTER R5.1 reports from the daily rows: the Item Report (IR) and the Platform Report (PR).

JSON follows the COUNTER_SUSHI API's layout (``Report_Header``, ``Report_Items`` with
``Attribute_Performance`` and ``Performance`` by metric and month); the tabular form (TSV or
CSV) has the header rows in R5.1's order, a blank row, the column headings and one row per
item (or data type) and metric, with ``Reporting_Period_Total`` and a column per month.
The report is a Global Item Report ("The World"): all usage, attributed to no institution.

An Item Report over any period runs two queries for the counts and the items (plus one for
the publishers): the database sums the days into months, Python only arranges the numbers.
"""

import calendar
import csv
import datetime
import io
import json
import re

from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from publications import licences
from publications.models import (
    ITEM_METRICS,
    PlatformUsageDay,
    Publication,
    Publisher,
    UsageMetric,
    UsageMonth,
)

RELEASE = "5.1"
PLATFORM = "Russian Customs Academy: SCIENCE"
INSTITUTION = "The World"
ATTRIBUTES = ["YOP", "Access_Type", "Access_Method"]
PLATFORM_METRICS = [
    *ITEM_METRICS,
    UsageMetric.UNIQUE_TITLE_INVESTIGATIONS,
    UsageMetric.UNIQUE_TITLE_REQUESTS,
]
NAMES = {metric: metric.label for metric in UsageMetric}
BY_NAME = {metric.label: metric for metric in UsageMetric}
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
OPEN_LICENCES = {
    licence.uri
    for licence in licences.LICENCES
    if licence.uri.startswith("https://creativecommons")
}


class ReportError(ValueError):
    """A request the report cannot answer: a COUNTER_SUSHI exception (code, message, data)."""

    def __init__(self, code, message, data=""):
        super().__init__(message)
        self.code, self.message, self.data = code, message, data

    def as_json(self):
        error = {"Code": self.code, "Severity": "Error", "Message": self.message}
        if self.data:
            error["Data"] = self.data
        return error


def _parse_date(text, *, end):
    match = _DATE.match(text or "")
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is None:
            day = calendar.monthrange(year, month)[1] if end else 1
        return datetime.date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        return None


def period(begin, end):
    """The whole months from ``begin`` to ``end`` (yyyy-mm or yyyy-mm-dd), as first and last
    day; a ReportError (COUNTER_SUSHI 1030 or 3020) when they are missing or wrong."""
    if not begin or not end:
        raise ReportError(
            1030,
            "Insufficient Information to Process Request",
            "begin_date and end_date are required",
        )
    first, last = _parse_date(begin, end=False), _parse_date(end, end=True)
    if first is None or last is None:
        raise ReportError(3020, "Invalid Date Arguments", f"begin_date={begin}; end_date={end}")
    first = first.replace(day=1)
    last = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    if first > last:
        raise ReportError(3020, "Invalid Date Arguments", "begin_date is after end_date")
    if first.year < 2000 or last.year > 9999:
        raise ReportError(3020, "Invalid Date Arguments", "dates out of range")
    return first, last


def months(first, last):
    found, month = [], first
    while month <= last:
        found.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return found


def metric_filter(text, allowed):
    """The metrics a ``metric_type`` parameter names (``A|B``), all allowed ones if empty."""
    if not text:
        return list(allowed)
    chosen = []
    for name in text.split("|"):
        metric = BY_NAME.get(name.strip())
        if metric is None or metric not in allowed:
            raise ReportError(3060, "Invalid ReportFilter Value", f"metric_type={name}")
        chosen.append(metric)
    return chosen


def _header(report_id, name, first, last, metrics, exceptions=()):
    return {
        "Release": RELEASE,
        "Report_ID": report_id,
        "Report_Name": name,
        "Created": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Created_By": PLATFORM,
        "Institution_Name": INSTITUTION,
        "Report_Attributes": {"Attributes_To_Show": ATTRIBUTES},
        "Report_Filters": {
            "Begin_Date": first.isoformat(),
            "End_Date": last.isoformat(),
            "Metric_Type": [NAMES[m] for m in metrics],
            "Access_Method": ["Regular"],
        },
        "Exceptions": list(exceptions),
    }


def data_type(publication_type, has_parent):
    """COUNTER's Data_Type for a kind of publication."""
    Type = Publication.Type
    if publication_type in (Type.ARTICLE, Type.ABSTRACT):
        return "Book_Segment" if has_parent else "Article"
    if publication_type == Type.PROCEEDINGS:
        return "Conference"
    if publication_type == Type.REPORT:
        return "Report"
    return "Book"


def _monthly(queryset, key_fields, metrics, first, last):
    rows = (
        queryset.filter(day__gte=first, day__lte=last, metric__in=metrics)
        .annotate(month=TruncMonth("day"))
        .values(*key_fields, "metric", "month")
        .annotate(n=Sum("count"))
        .values_list(*key_fields, "metric", "month", "n")
        .order_by()
    )
    found = {}
    for *key, metric, month, n in rows:
        if isinstance(month, datetime.datetime):
            month = month.date()
        found.setdefault(tuple(key), {}).setdefault(metric, {})[month] = n
    return found


def _performance(by_metric, metrics):
    return {
        NAMES[metric]: {f"{month:%Y-%m}": n for month, n in sorted(by_metric[metric].items())}
        for metric in metrics
        if metric in by_metric
    }


def item_report(first, last, *, metrics=None):
    """The Item Report over whole months from ``first`` to ``last``, as COUNTER_SUSHI JSON."""
    metrics = metrics or list(ITEM_METRICS)
    rows = _item_rows_postgresql if connection.vendor == "postgresql" else _item_rows
    url = _item_url()
    return {
        "Report_Header": _header("IR", "Item Report", first, last, metrics),
        "Report_Items": [_report_item(url, *row) for row in rows(first, last, metrics)],
    }


def item_report_json(first, last, *, metrics=None):
    """The Item Report as the JSON text of ``item_report``, in pieces to stream.

    On PostgreSQL the database writes each item's JSON text whole (``ITEM_TEXT_SQL``) and
    Python only joins the rows it reads from a server-side cursor: none of the report's
    month cells (1.8 million in a 24-month report of 100,000 items) becomes a Python object,
    and memory stays flat whatever the report's size. The rules the text follows (Data_Type,
    Access_Type) are this module's, handed to the query.
    """
    metrics = metrics or list(ITEM_METRICS)
    if connection.vendor != "postgresql":
        yield json.dumps(item_report(first, last, metrics=metrics), ensure_ascii=False)
        return
    header = json.dumps(_header("IR", "Item Report", first, last, metrics), ensure_ascii=False)
    yield f'{{"Report_Header": {header}, "Report_Items": ['
    names = [UsageMonth.COLUMNS[metric] for metric in metrics]
    sql = ITEM_TEXT_SQL.format(
        months=_months_sql(names),
        data_type=_data_type_sql(),
        performance=", ".join(
            f"{_sql_text(json.dumps(NAMES[metric]) + ': ')} || months.{name}"
            for metric, name in zip(metrics, names, strict=True)
        ),
        any_use=" OR ".join(f"months.{name} IS NOT NULL" for name in names),
    )
    url_start, url_end = _item_url().split("SLUG")
    params = {
        "first": first,
        "last": last,
        "url_start": url_start,
        "url_end": url_end,
        "platform": PLATFORM,
        "open": sorted(OPEN_LICENCES),
        "labels": _labels(first, last),
    }
    separator = ""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(2000):
            yield separator + ", ".join(row[0] for row in rows)
            separator = ", "
    yield "]}"


def _sql_text(value):
    """A constant of this module as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _data_type_sql():
    """``data_type()`` as an SQL expression over ``p`` (a publication row)."""

    def cases(has_parent):
        whens = " ".join(
            f"WHEN {_sql_text(kind)} THEN {_sql_text(data_type(kind, has_parent))}"
            for kind in Publication.Type.values
        )
        return f"CASE p.type {whens} ELSE {_sql_text(data_type('', has_parent))} END"

    return f"(CASE WHEN p.parent_id IS NULL THEN {cases(False)} ELSE {cases(True)} END)"


def _item_url():
    """A publication's address with ``SLUG`` for its slug (one ``reverse()`` per report)."""
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "publications:detail", kwargs={"slug": "SLUG"}
    )


def _item_id(url, pk, slug, doi, isbn):
    item_id = {"Proprietary": f"science:{pk}", "URI": url.replace("SLUG", slug)}
    if doi:
        item_id["DOI"] = doi
    if isbn:
        item_id["ISBN"] = isbn
    return item_id


def _attributes(kind, parent, year, licence):
    return {
        "Data_Type": data_type(kind, parent is not None),
        "YOP": str(year) if year else "0001",
        "Access_Type": "Open" if licence in OPEN_LICENCES else "Free_To_Read",
        "Access_Method": "Regular",
    }


def _report_item(
    url, pk, title, slug, kind, parent, year, doi, isbn, licence, publisher, performance
):
    """One Report_Item: a publication's identifiers, attributes and ``performance``."""
    return {
        "Item": title,
        "Item_ID": _item_id(url, pk, slug, doi, isbn),
        "Platform": PLATFORM,
        "Publisher": publisher or "",
        "Publisher_ID": {},
        "Attribute_Performance": [
            _attributes(kind, parent, year, licence) | {"Performance": performance}
        ],
    }


ITEM_FIELDS = ["pk", "title", "slug", "type", "parent_id", "year", "doi", "isbn", "license"]


def _item_rows(first, last, metrics):
    """The items with use in the period and their performance, by title (any database)."""
    columns = [UsageMonth.COLUMNS[metric] for metric in metrics]
    rows = UsageMonth.objects.filter(month__gte=first, month__lte=last).values_list(
        "publication_id", "month", *columns
    )
    performance = {}
    for publication, month, *values in rows:
        item = performance.setdefault(publication, {})
        for metric, n in zip(metrics, values, strict=True):
            if n:
                item.setdefault(NAMES[metric], {})[f"{month:%Y-%m}"] = n
    publishers = {}
    for publication, name in (
        Publisher.objects.filter(publication__in=performance)
        .order_by("publication", "order", "pk")
        .values_list("publication", "organization__name")
    ):
        publishers.setdefault(publication, name)
    items = Publication.objects.filter(pk__in=performance).order_by("title", "pk")
    for row in items.values_list(*ITEM_FIELDS):
        by_metric = performance[row[0]]
        if by_metric:
            by_metric = {name: dict(sorted(v.items())) for name, v in by_metric.items()}
            yield (*row, publishers.get(row[0]), by_metric)


# PostgreSQL sums nothing (the months are stored) and hands each item's months over as JSON
# text: a 24-month report of 100,000 items is one query and no per-month work in Python.
# The months are read in order (an index-only scan of usage_month_report_idx) and each
# metric's become the text json.dumps writes ({"2025-01": 3, "2025-03": 2}), or NULL when it
# has none in the period. A month's label ('"2025-01": ') is looked up by its number in the
# period, the days from its start over the mean Gregorian month (30.436875 days; the first
# days of months stray from multiples of it by less than four days, so the rounding is
# exact), not formatted from the date a row at a time (a third of the query's time).
MONTHS_SQL = """
SELECT publication_id, {aggregates}
FROM (
    SELECT publication_id,
           (%(labels)s::text[])[round((month - %(first)s) / 30.436875::float8)::int + 1] AS label,
           {columns}
    FROM publications_usagemonth
    WHERE month >= %(first)s AND month <= %(last)s
    ORDER BY publication_id, month
) ordered
GROUP BY publication_id
"""
MONTHS_TEXT = (
    "'{{' || string_agg(label || {name}, ', ') FILTER (WHERE {name} > 0) || '}}' AS {name}"
)
# Each publication's first publisher, read once for the report (a subquery per item, however
# small, costs more than reading them all).
PUBLISHER_SQL = """
LEFT JOIN (
    SELECT DISTINCT ON (l.publication_id) l.publication_id, o.name
    FROM publications_publisher l JOIN people_organization o ON o.id = l.organization_id
    ORDER BY l.publication_id, l."order", l.id
) publisher ON publisher.publication_id = p.id
"""
ITEM_SQL = (
    """
WITH months AS ({months})
SELECT p.id, p.title, p.slug, p.type, p.parent_id, p.year, p.doi, p.isbn, p.license,
       publisher.name, {columns}
FROM months JOIN publications_publication p ON p.id = months.publication_id
"""
    + PUBLISHER_SQL
    + "ORDER BY p.title, p.id"
)
# One Report_Item as the JSON text json.dumps(_report_item(...), ensure_ascii=False) writes.
ITEM_TEXT_SQL = (
    """
WITH months AS ({months})
SELECT concat(
    '{{"Item": ', to_json(p.title),
    ', "Item_ID": {{"Proprietary": "science:', p.id,
    '", "URI": ', to_json(%(url_start)s || p.slug || %(url_end)s),
    CASE WHEN p.doi <> '' THEN ', "DOI": ' || to_json(p.doi) END,
    CASE WHEN p.isbn <> '' THEN ', "ISBN": ' || to_json(p.isbn) END,
    '}}, "Platform": ', to_json(%(platform)s::text),
    ', "Publisher": ', to_json(COALESCE(publisher.name, '')),
    ', "Publisher_ID": {{}}, "Attribute_Performance": [{{"Data_Type": "', {data_type},
    '", "YOP": "', CASE WHEN p.year <> 0 THEN p.year::text ELSE '0001' END,
    '", "Access_Type": "',
    CASE WHEN p.license = ANY(%(open)s) THEN 'Open' ELSE 'Free_To_Read' END,
    '", "Access_Method": "Regular", "Performance": {{', concat_ws(', ', {performance}),
    '}}}}]}}'
)
FROM months JOIN publications_publication p ON p.id = months.publication_id
"""
    + PUBLISHER_SQL
    + "WHERE {any_use} ORDER BY p.title, p.id"
)


def _labels(first, last):
    """The period's months as ``MONTHS_SQL`` labels them, in order."""
    return [json.dumps(f"{month:%Y-%m}") + ": " for month in months(first, last)]


def _months_sql(names):
    return MONTHS_SQL.format(
        aggregates=", ".join(MONTHS_TEXT.format(name=name) for name in names),
        columns=", ".join(names),
    )


def _item_rows_postgresql(first, last, metrics):
    """The items with use in the period, by title: their fields and publisher, then their
    months per metric (``{month: n}``)."""
    names = [UsageMonth.COLUMNS[metric] for metric in metrics]
    sql = ITEM_SQL.format(
        months=_months_sql(names), columns=", ".join(f"months.{n}" for n in names)
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, {"first": first, "last": last, "labels": _labels(first, last)})
        for row in cursor:
            item, publisher, months_text = row[:9], row[9], row[10:]
            if not any(months_text):
                continue
            performance = {
                NAMES[metric]: json.loads(text)
                for metric, text in zip(metrics, months_text, strict=True)
                if text
            }
            yield (*item, publisher, performance)


def platform_report(first, last, *, metrics=None):
    """The Platform Report: each use once (an article's view is not the collection's too)."""
    metrics = metrics or list(PLATFORM_METRICS)
    counts = _monthly(PlatformUsageDay.objects, [], metrics, first, last).get((), {})
    return {
        "Report_Header": _header("PR", "Platform Report", first, last, metrics),
        "Report_Items": [
            {
                "Platform": PLATFORM,
                "Attribute_Performance": [
                    {
                        "Data_Type": "Platform",
                        "Access_Method": "Regular",
                        "Performance": _performance(counts, metrics),
                    }
                ]
                if counts
                else [],
            }
        ],
    }


# The tabular layouts: the header rows R5.1 lists, then the columns of each report.
HEADER_ROWS = [
    "Report_Name",
    "Report_ID",
    "Release",
    "Institution_Name",
    "Institution_ID",
    "Metric_Types",
    "Report_Filters",
    "Report_Attributes",
    "Exceptions",
    "Reporting_Period",
    "Created",
    "Created_By",
    "Registry_Record",
]
IR_COLUMNS = [
    "Item",
    "Publisher",
    "Publisher_ID",
    "Platform",
    "DOI",
    "Proprietary_ID",
    "ISBN",
    "Print_ISSN",
    "Online_ISSN",
    "URI",
    "Data_Type",
    "YOP",
    "Access_Type",
    "Access_Method",
    "Metric_Type",
    "Reporting_Period_Total",
]
PR_COLUMNS = ["Platform", "Data_Type", "Access_Method", "Metric_Type", "Reporting_Period_Total"]


def _header_values(header):
    filters = header["Report_Filters"]
    exceptions = "; ".join(
        f"{e['Code']}: {e['Message']}" + (f" ({e['Data']})" if e.get("Data") else "")
        for e in header["Exceptions"]
    )
    return {
        "Report_Name": header["Report_Name"],
        "Report_ID": header["Report_ID"],
        "Release": header["Release"],
        "Institution_Name": header["Institution_Name"],
        "Institution_ID": "",
        "Metric_Types": "; ".join(filters["Metric_Type"]),
        "Report_Filters": "Access_Method=Regular",
        "Report_Attributes": "Attributes_To_Show=" + "|".join(ATTRIBUTES),
        "Exceptions": exceptions,
        "Reporting_Period": f"Begin_Date={filters['Begin_Date']}; End_Date={filters['End_Date']}",
        "Created": header["Created"],
        "Created_By": header["Created_By"],
        "Registry_Record": "",
    }


def tabular(report, *, delimiter="\t"):
    """The report as TSV (or CSV with ``delimiter=","``), in the R5.1 tabular layout."""
    header = report["Report_Header"]
    filters = header["Report_Filters"]
    first = datetime.date.fromisoformat(filters["Begin_Date"])
    last = datetime.date.fromisoformat(filters["End_Date"])
    month_list = months(first, last)
    month_keys = [f"{month:%Y-%m}" for month in month_list]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    values = _header_values(header)
    for label in HEADER_ROWS:
        writer.writerow([label, values[label]])
    writer.writerow([])
    is_item = header["Report_ID"] == "IR"
    columns = IR_COLUMNS if is_item else PR_COLUMNS
    writer.writerow(columns + [f"{MONTH_ABBR[m.month - 1]}-{m.year}" for m in month_list])
    for item in report["Report_Items"]:
        for attributes in item["Attribute_Performance"]:
            for metric in filters["Metric_Type"]:
                by_month = attributes["Performance"].get(metric)
                if not by_month:
                    continue
                monthly = [by_month.get(key, 0) for key in month_keys]
                if is_item:
                    ids = item["Item_ID"]
                    row = [
                        item["Item"],
                        item["Publisher"],
                        "",
                        item["Platform"],
                        ids.get("DOI", ""),
                        ids.get("Proprietary", ""),
                        ids.get("ISBN", ""),
                        "",
                        "",
                        ids.get("URI", ""),
                        attributes["Data_Type"],
                        attributes["YOP"],
                        attributes["Access_Type"],
                        attributes["Access_Method"],
                    ]
                else:
                    row = [item["Platform"], attributes["Data_Type"], attributes["Access_Method"]]
                writer.writerow([*row, metric, sum(monthly), *monthly])
    return out.getvalue()
