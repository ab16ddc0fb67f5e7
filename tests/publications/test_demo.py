"""The demo publications load once, with downloadable PDFs and a year of counted use, and a
second run changes nothing."""

import io

import pypdf
import pytest
from django.db.models import Sum
from django.test import Client

from people import demo as people_demo
from publications import demo
from publications.models import (
    PlatformUsageDay,
    Publication,
    PublicationFile,
    Topic,
    UsageDay,
    UsageEvent,
    UsageMetric,
    UsageMonth,
)
from publications.usage import chart
from science_portal.demo import DemoLoader

pytestmark = pytest.mark.django_db

TII = UsageMetric.TOTAL_ITEM_INVESTIGATIONS
UII = UsageMetric.UNIQUE_ITEM_INVESTIGATIONS
TIR = UsageMetric.TOTAL_ITEM_REQUESTS
UIR = UsageMetric.UNIQUE_ITEM_REQUESTS


def load():
    loader = DemoLoader()
    people_demo.build(loader)
    demo.build(loader)
    return loader


def test_demo_publications_and_their_files(media_root):
    load()
    monograph = Publication.objects.published().get(slug="digital-customs-wco-experience")
    collection = Publication.objects.published().get(
        slug="development-of-the-institute-of-digital-customs"
    )
    assert (monograph.year, monograph.published_at.month) == (2019, 6)
    assert (collection.year, collection.published_at.month) == (2021, 12)
    assert monograph.title_en == "Digital Customs. WCO Experience"
    assert [link.organization.slug for link in monograph.publisher_links.all()] == [
        "wco-regional-training-center",
        "russian-customs-academy",
    ]
    assert [a.person.slug for a in collection.authorships.all()] == ["sergei-mozer"]
    assert Topic.objects.get(slug="digital-customs").featured
    for publication in (monograph, collection):
        file = publication.files.get()
        response = Client().get(file.get_absolute_url())
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        assert pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_second_run_changes_nothing_and_uploads_nothing(media_root):
    load()
    stored = sorted(p.name for p in media_root.rglob("*.pdf"))
    second = load()
    assert not second.changed
    assert PublicationFile.objects.count() == 2
    assert sorted(p.name for p in media_root.rglob("*.pdf")) == stored


def test_the_demo_records_a_year_of_use_once_counted_by_the_rules(media_root):
    load()
    monograph = Publication.objects.get(slug="digital-customs-wco-experience")
    collection = Publication.objects.get(slug="development-of-the-institute-of-digital-customs")
    # Every full-text open is a view too.
    assert usage_of(monograph) == {TII: 76 + 50, UII: 126, TIR: 50, UIR: 50}
    assert usage_of(collection) == {TII: 48 + 27, UII: 75, TIR: 27, UIR: 27}
    assert monograph.files.get().download_count == 50
    monograph.refresh_from_db()
    assert monograph.total_downloads == 50
    platform = dict(
        PlatformUsageDay.objects.values_list("metric").annotate(n=Sum("count")).order_by()
    )
    assert platform[TIR] == 77
    # The last twelve complete months, this one not among them.
    months = set(UsageMonth.objects.values_list("month", flat=True))
    assert months == set(chart.month_starts(13)[:-1])
    assert not UsageEvent.objects.exists()  # counted and forgotten
    second = load()
    assert not second.changed
    assert usage_of(monograph)[TIR] == 50


def test_the_demo_statistics_pages_draw_the_chart(client, media_root):
    load()
    for url in ("/en/statistics/", "/en/statistics/people/sergei-mozer/"):
        page = client.get(url).content.decode()
        assert '<svg class="usage-chart__svg"' in page, url
        assert "Digital Customs. WCO Experience" in page, url


def usage_of(publication):
    return dict(
        UsageDay.objects.filter(publication=publication)
        .values_list("metric")
        .annotate(n=Sum("count"))
        .order_by()
    )
