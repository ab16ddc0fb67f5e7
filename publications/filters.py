"""The facets of the publication list: what can be filtered, how it sorts, and the counts."""

import django_filters
from django import forms
from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.languages import localized, other_language
from people.models import Organization, Person
from publications.models import Language, Publication, PublicationFile, Topic

FACET_LIMIT = 12
YEAR_MIN, YEAR_MAX = 1800, 2100


def _title_order():
    """Order by the title as shown: the active language's, else the other one (the fallback)."""
    first, second = localized("title"), localized("title", other_language())
    return Lower(Coalesce(NullIf(first, Value("")), second))


SORTS = {
    "year": (_("Year of publication"), lambda: ["-year", "-date", _title_order(), "pk"]),
    "newest": (_("Recently added"), lambda: ["-published_at", "-pk"]),
    "title": (_("Title"), lambda: [_title_order(), "-year", "pk"]),
    "downloads": (_("Most downloaded"), lambda: ["-total_downloads", "-year", "pk"]),
}
DEFAULT_SORT = "year"


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PublicationFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(
        label=pgettext_lazy("publication", "Type"),
        choices=Publication.Type.choices,
        empty_label=_("Any type"),
    )
    year_from = YearFilter(
        label=_("From year"),
        field_name="year",
        lookup_expr="gte",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    year_to = YearFilter(
        label=_("To year"),
        field_name="year",
        lookup_expr="lte",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.published(),
        to_field_name="slug",
        method="filter_topic",
    )
    author = django_filters.ModelChoiceFilter(
        label=_("Author"),
        queryset=Person.objects.published(),
        to_field_name="slug",
        method="filter_author",
    )
    publisher = django_filters.ModelChoiceFilter(
        label=_("Publisher"),
        queryset=Organization.objects.published(),
        to_field_name="slug",
        method="filter_publisher",
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Language.choices, empty_label=_("Any language")
    )
    has_file = django_filters.ChoiceFilter(
        label=_("Full text"),
        choices=[("yes", _("Downloadable"))],
        method="filter_has_file",
        empty_label=_("Any"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        method="filter_sort",
        empty_label=None,
    )

    # Names that narrow the list (sort only orders it).
    FACETS = (
        "type",
        "year_from",
        "year_to",
        "topic",
        "author",
        "publisher",
        "language",
        "has_file",
    )

    class Meta:
        model = Publication
        fields = []

    # Many-valued relations filter through subqueries so that no publication appears twice.
    def filter_topic(self, queryset, name, value):
        return queryset.filter(topics=value)

    def filter_author(self, queryset, name, value):
        authored = value.authorships.values("publication")
        return queryset.filter(pk__in=authored)

    def filter_publisher(self, queryset, name, value):
        return queryset.filter(pk__in=value.publisher_links.values("publication"))

    def filter_has_file(self, queryset, name, value):
        return queryset.filter(pk__in=PublicationFile.objects.downloadable().values("publication"))

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied last, in filter_queryset()

    def sort_key(self):
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return data.get("sort") or DEFAULT_SORT

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*SORTS[self.sort_key()][1]())

    def queryset_without(self, *names):
        """The base queryset with every valid filter applied except ``names``."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name in names or name == "sort":
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def active(self):
        """The filters in use, as (name, label, shown value), in the order of the form."""
        if not self.is_bound or not self.form.is_valid():
            return []
        shown = []
        for name in self.FACETS:
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                value = dict(field.choices).get(value, value)
            shown.append((name, field.label, value))
        return shown

    def facet_counts(self):
        """Each facet's options with the number of publications every other filter leaves.

        A fixed number of queries (one per facet) whatever the number of publications.
        """
        selected = self.form.cleaned_data

        def ids(*names):
            return self.queryset_without(*names).order_by().values("pk")

        def by_value(name, choices):
            rows = (
                Publication.objects.filter(pk__in=ids(name))
                .values(name)
                .annotate(n=Count("pk"))
                .order_by()
            )
            counts = {row[name]: row["n"] for row in rows}
            return [
                {"value": value, "label": label, "count": counts[value]}
                | {"selected": selected.get(name) == value}
                for value, label in choices
                if counts.get(value)
            ]

        years = (
            Publication.objects.filter(pk__in=ids("year_from", "year_to"))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        )
        topics = (
            Topic.objects.published()
            .filter(publications__in=ids("topic"))
            .annotate(n=Count("publications", distinct=True))
            .order_by("-n", "name")[:FACET_LIMIT]
        )
        authors = (
            Person.objects.published()
            .filter(authorships__publication__in=ids("author"))
            .annotate(n=Count("authorships__publication", distinct=True))
            .order_by("-n", "family_name_cyr", "family_name_lat", "pk")[:FACET_LIMIT]
        )
        publishers = (
            Organization.objects.published()
            .filter(publisher_links__publication__in=ids("publisher"))
            .annotate(n=Count("publisher_links__publication", distinct=True))
            .order_by("-n", "name")[:FACET_LIMIT]
        )
        with_files = (
            Publication.objects.filter(pk__in=ids("has_file"))
            .filter(Q(pk__in=PublicationFile.objects.downloadable().values("publication")))
            .count()
        )

        def related(rows, name):
            current = selected.get(name)
            return [
                {
                    "value": row.slug,
                    "label": str(row),
                    "count": row.n,
                    "selected": current is not None and current.pk == row.pk,
                }
                for row in rows
            ]

        return {
            "type": by_value("type", Publication.Type.choices),
            "year": [{"value": row["year"], "count": row["n"]} for row in years],
            "topic": related(topics, "topic"),
            "author": related(authors, "author"),
            "publisher": related(publishers, "publisher"),
            "language": by_value("language", Language.choices),
            "has_file": {"count": with_files, "selected": selected.get("has_file") == "yes"},
        }
