"""COUNTER R5.1 reports (JSON like COUNTER_SUSHI, TSV and CSV), the chart, the statistics and
methodology pages."""

import csv
import datetime
import io
import json
import re
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from core import roles
from publications.models import PlatformUsageDay, Publication, UsageMetric
from publications.usage import aggregate, chart, reports
from tests.publications.factories import (
    PublicationFactory,
    PublicationFileFactory,
    PublisherFactory,
)

pytestmark = pytest.mark.django_db

TII = UsageMetric.TOTAL_ITEM_INVESTIGATIONS
TIR = UsageMetric.TOTAL_ITEM_REQUESTS
UIR = UsageMetric.UNIQUE_ITEM_REQUESTS


@pytest.fixture
def viewer(django_user_model):
    user = django_user_model.objects.create_user("stats", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.STATISTICS_VIEWER))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def usage():
    book = PublicationFactory(
        title="Книга", year=2021, doi="10.1000/book", isbn="978-3-16-148410-0"
    )
    other = PublicationFactory(title="Другая", year=2020)
    rows = [
        (book, datetime.date(2025, 1, 5), TII, 7),
        (book, datetime.date(2025, 1, 20), TIR, 3),
        (book, datetime.date(2025, 3, 2), TIR, 2),
        (book, datetime.date(2025, 3, 2), UIR, 1),
        (other, datetime.date(2025, 2, 1), TIR, 4),
        (other, datetime.date(2024, 12, 31), TIR, 100),  # before the period
    ]
    for publication, day, metric, n in rows:
        add(publication, day, metric, n)
    PlatformUsageDay.objects.create(day=datetime.date(2025, 1, 5), metric=TIR, count=5)
    PlatformUsageDay.objects.create(
        day=datetime.date(2025, 1, 5), metric=UsageMetric.UNIQUE_TITLE_REQUESTS, count=2
    )
    return book, other


def add(publication, day, metric, n):
    """Count ``n`` uses on a day as the worker does (its days and months)."""
    aggregate._add_items(Counter({(publication.pk, day, metric): n}))


PERIOD = {"begin_date": "2025-01", "end_date": "2025-03-31"}


def body(response):
    """A report's bytes, whether it was written at once or streamed."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_item_report_json(viewer, usage):
    book, _other = usage
    response = viewer.get("/reports/ir", PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    report = json.loads(body(response))
    header = report["Report_Header"]
    assert (header["Report_ID"], header["Release"], header["Report_Name"]) == (
        "IR",
        "5.1",
        "Item Report",
    )
    assert header["Report_Filters"]["Begin_Date"] == "2025-01-01"
    assert header["Report_Filters"]["End_Date"] == "2025-03-31"
    items = {item["Item"]: item for item in report["Report_Items"]}
    assert set(items) == {"Книга", "Другая"}
    item = items["Книга"]
    assert item["Item_ID"]["DOI"] == "10.1000/book"
    assert item["Item_ID"]["ISBN"] == "978-3-16-148410-0"
    assert item["Item_ID"]["URI"].endswith(book.get_absolute_url())
    (attributes,) = item["Attribute_Performance"]
    assert attributes["Data_Type"] == "Book" and attributes["YOP"] == "2021"
    assert attributes["Access_Method"] == "Regular"
    assert attributes["Performance"] == {
        "Total_Item_Investigations": {"2025-01": 7},
        "Total_Item_Requests": {"2025-01": 3, "2025-03": 2},
        "Unique_Item_Requests": {"2025-03": 1},
    }
    # The December row lies before the period.
    assert items["Другая"]["Attribute_Performance"][0]["Performance"] == {
        "Total_Item_Requests": {"2025-02": 4}
    }


def test_item_report_metric_filter(viewer, usage):
    report = json.loads(
        body(viewer.get("/reports/ir", PERIOD | {"metric_type": "Total_Item_Requests"}))
    )
    for item in report["Report_Items"]:
        assert set(item["Attribute_Performance"][0]["Performance"]) == {"Total_Item_Requests"}


def test_item_report_tsv_has_the_r51_layout(viewer, usage):
    response = viewer.get("/reports/ir", PERIOD | {"format": "tsv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/tab-separated-values")
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter="\t"))
    labels = [row[0] for row in rows[:13]]
    assert labels == [
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
    assert rows[0][1] == "Item Report" and rows[2][1] == "5.1"
    assert rows[9][1] == "Begin_Date=2025-01-01; End_Date=2025-03-31"
    assert rows[13] == []
    columns = rows[14]
    assert columns[:4] == ["Item", "Publisher", "Publisher_ID", "Platform"]
    assert columns[-6:] == [
        "Access_Method",
        "Metric_Type",
        "Reporting_Period_Total",
        "Jan-2025",
        "Feb-2025",
        "Mar-2025",
    ]
    body = {(row[0], row[columns.index("Metric_Type")]): row[-4:] for row in rows[15:]}
    assert body[("Книга", "Total_Item_Requests")] == ["5", "3", "0", "2"]
    assert body[("Другая", "Total_Item_Requests")] == ["4", "0", "4", "0"]


def test_platform_report_json_and_csv(viewer, usage):
    report = viewer.get("/reports/pr", PERIOD).json()
    assert report["Report_Header"]["Report_ID"] == "PR"
    (item,) = report["Report_Items"]
    performance = item["Attribute_Performance"][0]["Performance"]
    assert performance == {
        "Total_Item_Requests": {"2025-01": 5},
        "Unique_Title_Requests": {"2025-01": 2},
    }
    response = viewer.get("/reports/pr", PERIOD | {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[14][:5] == [
        "Platform",
        "Data_Type",
        "Access_Method",
        "Metric_Type",
        "Reporting_Period_Total",
    ]
    assert rows[15][3:6] == ["Total_Item_Requests", "5", "5"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({}, 1030),
        ({"begin_date": "2025-01"}, 1030),
        ({"begin_date": "2025-13", "end_date": "2025-12"}, 3020),
        ({"begin_date": "yesterday", "end_date": "2025-12"}, 3020),
        ({"begin_date": "2025-02-30", "end_date": "2025-12"}, 3020),
        ({"begin_date": "2025-06", "end_date": "2025-01"}, 3020),
        ({"begin_date": "0001-01", "end_date": "2025-01"}, 3020),
        (PERIOD | {"metric_type": "Searches_Platform"}, 3060),
        (PERIOD | {"format": "xml"}, 3062),
    ],
)
def test_bad_input_is_a_400_with_a_sushi_exception(viewer, usage, query, code):
    for url in ("/reports/ir", "/reports/pr"):
        response = viewer.get(url, query)
        if code == 3060 and url == "/reports/pr":
            continue
        assert response.status_code == 400, (url, query)
        assert response.json()["Code"] == code


def test_reports_are_for_statistics_viewers_and_curators(client, usage, curator, editor):
    assert client.get("/reports/ir", PERIOD).status_code == 403
    assert client.get("/reports/ir", PERIOD).json()["Code"] == 2000
    client.force_login(editor)
    assert client.get("/reports/ir", PERIOD).status_code == 403
    client.force_login(curator)
    assert client.get("/reports/ir", PERIOD).status_code == 200
    assert client.get("/reports/").json()[0]["Report_ID"] == "IR"


def test_an_article_in_a_collection_is_a_book_segment(viewer):
    collection = PublicationFactory(type=Publication.Type.COLLECTION)
    article = PublicationFactory(type=Publication.Type.ARTICLE, parent=collection, title="Глава")
    add(article, datetime.date(2025, 1, 1), TIR, 1)
    (item,) = json.loads(body(viewer.get("/reports/ir", PERIOD)))["Report_Items"]
    assert item["Attribute_Performance"][0]["Data_Type"] == "Book_Segment"


# The chart on the publication page


def test_the_chart_has_24_months_and_a_table_in_both_languages(client):
    book = PublicationFactory()
    PublicationFileFactory(publication=book)
    this_month = datetime.date.today().replace(day=1)
    add(book, this_month, TIR, 5)
    add(book, this_month - datetime.timedelta(days=40), TIR, 2)
    old = this_month.replace(year=this_month.year - 3)
    add(book, old, TIR, 50)
    for language, caption in (("ru", "последние 24 месяца"), ("en", "last 24 months")):
        html = client.get(f"/{language}/publications/{book.slug}/").content.decode()
        svg = html[html.index("<svg") : html.index("</svg>")]
        assert svg.count("<rect") == 24
        # Coordinates are never localised (a Russian "30,5" is no SVG number).
        assert not re.search(r'(x|y|width|height)="[0-9.]*,', svg)
        assert 'role="img"' in svg and "aria-labelledby" in svg
        table = html[html.index('<details class="usage-chart__table">') :]
        table = table[: table.index("</table>")]
        assert table.count('<tr><th scope="row">') == 24
        assert "<td>5</td>" in table and "<td>2</td>" in table
        assert caption in html
        assert "COUNTER R5.1" in html
    usage = client.get(book.get_absolute_url()).context["usage"]
    assert usage.requests == 57  # all time
    assert usage.period_requests == 7  # the last 24 months
    tallest = max(usage.bars, key=lambda bar: bar.value)
    assert tallest.value == 5 and tallest.y == chart.TOP + (
        chart.HEIGHT - chart.TOP - chart.BOTTOM
    ) * (1 - 5 / 5)


def test_no_use_yet_says_so_without_a_chart(client):
    book = PublicationFactory()
    html = client.get(book.get_absolute_url()).content.decode()
    assert '<svg class="usage-chart__svg"' not in html
    assert "Загрузок и открытий в читалке за последние 24 месяца не было" in html


def test_month_starts():
    months = chart.month_starts(today=datetime.date(2025, 3, 15))
    assert len(months) == 24
    assert months[0] == datetime.date(2023, 4, 1) and months[-1] == datetime.date(2025, 3, 1)


# Statistics pages


def test_methodology_page_in_both_languages(client):
    ru = client.get("/ru/statistics/methodology/")
    en = client.get("/en/statistics/methodology/")
    assert ru.status_code == en.status_code == 200
    assert "processed according to COUNTER R5.1 rules" in en.content.decode()
    assert "COUNTER R5.1" in ru.content.decode()
    assert "обрабатывается по правилам COUNTER R5.1" in ru.content.decode().replace("\n", " ")
    # "COUNTER compliant" needs an audit: it is named only to say the portal is not.
    text = en.content.decode()
    assert text.count("COUNTER compliant") == text.count("does not call itself COUNTER compliant")
    assert "2025.11" in en.content.decode()


def test_repository_statistics_page(client, usage, django_assert_num_queries):
    draft = PublicationFactory(draft=True, title="Черновик")
    add(draft, datetime.date(2025, 1, 1), TIR, 999)
    with django_assert_num_queries(4):
        response = client.get("/ru/statistics/")
    assert response.status_code == 200
    top = response.context["top"]
    assert [(publication.title, n) for publication, n in top] == [("Другая", 104), ("Книга", 5)]
    assert "Черновик" not in response.content.decode()
    assert client.get("/en/statistics/").status_code == 200


def test_report_json_is_utf8(viewer, usage):
    text = body(viewer.get("/reports/ir", PERIOD)).decode("utf-8")
    assert "Книга" in text
    json.loads(text)


def test_the_streamed_item_report_is_the_report_as_json(usage):
    """The JSON text written in pieces (on PostgreSQL, with the months as the database writes
    them) is the same document as the report built as objects, item by item and in order."""
    book, _other = usage
    PublisherFactory(publication=book, organization__name="Академия")
    first, last = datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)
    for metrics in (None, [TIR, UIR], [UIR]):
        streamed = json.loads("".join(reports.item_report_json(first, last, metrics=metrics)))
        built = reports.item_report(first, last, metrics=metrics)
        for report in (streamed, built):
            report["Report_Header"].pop("Created")
        assert streamed == built
    assert [item["Item"] for item in streamed["Report_Items"]] == ["Книга"]  # UIR: the book only
    assert streamed["Report_Items"][0]["Publisher"] == "Академия"
    everything = json.loads("".join(reports.item_report_json(first, last)))
    assert [item["Item"] for item in everything["Report_Items"]] == ["Другая", "Книга"]


def test_the_streamed_item_report_writes_every_kind_of_item_as_the_objects_do():
    """Data_Type, Access_Type, missing identifiers and titles that need escaping come out of
    the streamed text as they do from the objects (on PostgreSQL the database writes them)."""
    collection = PublicationFactory(
        title="Сборник", type=Publication.Type.COLLECTION, year=2019, doi="", isbn=""
    )
    article = PublicationFactory(
        title='Статья "в кавычках" \\ с\nпереносом\tи\x01',
        type=Publication.Type.ARTICLE,
        parent=collection,
        year=2019,
        license=sorted(reports.OPEN_LICENCES)[0],
    )
    standalone = PublicationFactory(title="Article", type=Publication.Type.ARTICLE, year=2018)
    proceedings = PublicationFactory(title="Труды", type=Publication.Type.PROCEEDINGS, year=2017)
    for publication in (collection, article, standalone, proceedings):
        add(publication, datetime.date(2025, 2, 3), TIR, 2)
    first, last = datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)
    streamed = json.loads("".join(reports.item_report_json(first, last)))
    built = reports.item_report(first, last)
    for report in (streamed, built):
        report["Report_Header"].pop("Created")
    assert streamed == built
    by_title = {item["Item"]: item for item in streamed["Report_Items"]}
    kinds = {
        title: item["Attribute_Performance"][0]["Data_Type"] for title, item in by_title.items()
    }
    assert kinds == {
        "Сборник": "Book",
        article.title: "Book_Segment",
        "Article": "Article",
        "Труды": "Conference",
    }
    assert by_title[article.title]["Attribute_Performance"][0]["Access_Type"] == "Open"
    assert by_title["Сборник"]["Attribute_Performance"][0]["Access_Type"] == "Free_To_Read"
    assert set(by_title["Сборник"]["Item_ID"]) == {"Proprietary", "URI"}  # no empty DOI


def test_a_long_period_labels_every_month_as_the_objects_do():
    """A century's report names each month of use by its own label (the database looks the
    labels up by the month's number in the period)."""
    book = PublicationFactory(title="Книга", year=2000)
    days = [datetime.date(2000, 2, 29), datetime.date(2024, 12, 31), datetime.date(2099, 12, 1)]
    for day in days:
        add(book, day, TIR, 1)
    first, last = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)
    streamed = json.loads("".join(reports.item_report_json(first, last)))
    (item,) = streamed["Report_Items"]
    performance = item["Attribute_Performance"][0]["Performance"]
    assert performance == {"Total_Item_Requests": {"2000-02": 1, "2024-12": 1, "2099-12": 1}}
