"""Counts that do not read every row, distinct values from an index, id lists for ``__in``."""

from unittest import mock

import pytest
from django.db import connection

from core import db
from publications.models import Publication
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL planner estimates"
)


@pytest.fixture
def five():
    return [PublicationFactory(year=2000 + n) for n in range(5)]


def paginator(queryset, exact_up_to=3):
    paginator = db.EstimatedCountPaginator(queryset.order_by("pk"), 2)
    paginator.exact_up_to = exact_up_to
    return paginator


class TestEstimatedCountPaginator:
    def test_a_small_result_is_counted_exactly(self, five):
        pages = paginator(Publication.objects.all(), exact_up_to=10)
        assert pages.count == 5
        assert not pages.is_estimate

    @mock.patch.object(db, "is_postgresql", return_value=True)
    @mock.patch.object(db, "planner_estimate", return_value=90_000)
    def test_a_large_result_takes_the_planner_estimate(self, estimate, postgresql, five):
        pages = paginator(Publication.objects.all())
        assert pages.count == 90_000
        assert pages.is_estimate
        assert pages.num_pages == 45_000
        estimate.assert_called_once()

    @mock.patch.object(db, "is_postgresql", return_value=True)
    @mock.patch.object(db, "planner_estimate", return_value=2)
    def test_an_estimate_below_what_was_counted_is_not_believed(self, estimate, postgresql, five):
        pages = paginator(Publication.objects.all())
        assert pages.count == 5
        assert not pages.is_estimate

    @mock.patch.object(db, "is_postgresql", return_value=True)
    @mock.patch.object(db, "planner_estimate")
    def test_no_estimate_is_asked_for_when_the_bounded_count_is_small(
        self, estimate, postgresql, five
    ):
        pages = paginator(Publication.objects.filter(year__lt=2003), exact_up_to=3)
        assert pages.count == 3
        estimate.assert_not_called()

    def test_counting_reads_at_most_one_row_more_than_the_bound(
        self, five, django_assert_max_num_queries
    ):
        with (
            mock.patch.object(db, "is_postgresql", return_value=True),
            mock.patch.object(db, "planner_estimate", return_value=5),
            django_assert_max_num_queries(1) as captured,
        ):
            assert paginator(Publication.objects.all()).count == 5
        assert "LIMIT 4" in captured.captured_queries[0]["sql"]

    @pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
    def test_other_databases_always_count_exactly(self, five):
        with mock.patch.object(db, "planner_estimate") as estimate:
            pages = paginator(Publication.objects.all(), exact_up_to=1)
            assert pages.count == 5
        assert not pages.is_estimate
        estimate.assert_not_called()

    @pytest.mark.postgres
    @postgres_only
    def test_postgresql_estimates_a_large_table(self, five):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE publications_publication")
        pages = paginator(Publication.objects.all(), exact_up_to=3)
        assert pages.is_estimate
        assert pages.count == db.planner_estimate(Publication.objects.all()) == 5

    @pytest.mark.postgres
    @postgres_only
    def test_planner_estimate_reads_the_plan(self, five):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE publications_publication")
        assert db.planner_estimate(Publication.objects.filter(year=2001)) == 1

    @pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
    def test_no_planner_estimate_elsewhere(self, five):
        assert db.planner_estimate(Publication.objects.all()) is None


def test_distinct_values_largest_first(five):
    PublicationFactory(year=2003)
    assert db.distinct_values(Publication, "year") == [2004, 2003, 2002, 2001, 2000]


def test_distinct_values_of_an_empty_table():
    assert db.distinct_values(Publication, "year") == []


class TestOneOf:
    def test_few_ids_are_written_into_the_condition(self, five, django_assert_num_queries):
        ids = Publication.objects.filter(year__gte=2003).values_list("pk", flat=True)
        with django_assert_num_queries(1):
            condition = db.one_of("pk", ids)
        with django_assert_num_queries(1) as captured:
            found = set(Publication.objects.filter(condition))
        assert found == set(Publication.objects.filter(year__gte=2003))
        assert "SELECT" not in captured.captured_queries[0]["sql"].split("WHERE", 1)[1]

    def test_more_ids_than_the_limit_stay_a_subquery(self, five):
        ids = Publication.objects.values_list("pk", flat=True)
        condition = db.one_of("pk", ids, limit=2)
        queryset = Publication.objects.filter(condition)
        assert "SELECT" in str(queryset.query).split("WHERE", 1)[1]
        assert set(queryset) == set(five)

    def test_no_ids_match_nothing_and_combine_with_or(self, five):
        nothing = db.one_of("pk", Publication.objects.none().values_list("pk", flat=True))
        assert list(Publication.objects.filter(nothing)) == []
        either = nothing | db.one_of(
            "pk", Publication.objects.filter(year=2000).values_list("pk", flat=True)
        )
        assert list(Publication.objects.filter(either)) == [five[0]]

    @pytest.mark.postgres
    @postgres_only
    def test_postgresql_gets_one_array(self, five):
        condition = db.one_of("pk", Publication.objects.values_list("pk", flat=True))
        sql, params = Publication.objects.filter(condition).query.sql_with_params()
        assert "= ANY(%s::bigint[])" in sql
        assert sorted(int(i) for i in params[-1].strip("{}").split(",")) == sorted(
            p.pk for p in five
        )
