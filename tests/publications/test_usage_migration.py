"""The downloads counted before the COUNTER statistics move into their daily rows."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("publications", "0013_usage")]
NOW = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
AFTER = [("publications", "0014_usage_from_downloads")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_downloads_become_requests_investigations_and_uniques():
    apps = migrate(BEFORE)
    try:
        Publication = apps.get_model("publications", "Publication")
        PublicationFile = apps.get_model("publications", "PublicationFile")
        DownloadVisit = apps.get_model("publications", "DownloadVisit")
        collection = Publication.objects.create(
            type="collection",
            title="Сборник",
            slug="c",
            year=2020,
            status="published",
            published_at=NOW,
        )
        article = Publication.objects.create(
            type="article",
            title="Статья",
            slug="a",
            year=2020,
            status="published",
            published_at=NOW,
            parent=collection,
        )
        file = PublicationFile.objects.create(publication=article, file="a.pdf", size=1)
        other = PublicationFile.objects.create(publication=article, file="b.pdf", size=1)
        day = datetime.date(2024, 5, 6)
        DownloadVisit.objects.create(file=file, visitor="x", day=day)
        DownloadVisit.objects.create(file=other, visitor="x", day=day)  # same visitor, same day
        DownloadVisit.objects.create(file=file, visitor="y", day=day)

        apps = migrate(AFTER)
        UsageDay = apps.get_model("publications", "UsageDay")
        UsageMonth = apps.get_model("publications", "UsageMonth")
        PlatformUsageDay = apps.get_model("publications", "PlatformUsageDay")

        def counts(publication_id):
            rows = UsageDay.objects.filter(publication_id=publication_id, day=day)
            return {row.metric: row.count for row in rows}

        assert counts(article.pk) == {1: 3, 2: 2, 3: 3, 4: 2}
        assert counts(collection.pk) == {1: 3, 2: 2}  # rolled up: Investigations only
        month = UsageMonth.objects.get(publication_id=article.pk)
        assert (month.month, month.requests, month.unique_requests) == (day.replace(day=1), 3, 2)
        platform = {row.metric: row.count for row in PlatformUsageDay.objects.filter(day=day)}
        assert platform == {1: 3, 2: 2, 3: 3, 4: 2, 5: 2, 6: 2}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
