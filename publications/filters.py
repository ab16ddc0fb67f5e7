"""The facets of the publication list: what can be filtered, how it sorts, and the counts."""

import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.languages import active_language
from people.models import Organization, Person
from publications import facets
from publications.models import Language, Publication, PublicationFile, Topic, title_order

YEAR_MIN, YEAR_MAX = 1800, 2100


def _title_order():
    """Order by the title as shown: the active language's, else the other one (the fallback)."""
    return title_order(active_language())


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
    def filter_topic(self, queryset, name, value: Topic):
        return queryset.filter(topics=value)

    def filter_author(self, queryset, name, value: Person):
        authored = value.authorships.values("publication")
        return queryset.filter(pk__in=authored)

    def filter_publisher(self, queryset, name, value: Organization):
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

    # Facets and the filter names each one sets (a facet's own filters are left out when it
    # counts, so that its other options show what choosing them would give).
    FACET_FILTERS = {
        "type": ("type",),
        "year": ("year_from", "year_to"),
        "topic": ("topic",),
        "author": ("author",),
        "publisher": ("publisher",),
        "language": ("language",),
        "has_file": ("has_file",),
    }

    @cached_property
    def catalogue(self):
        """The whole public catalogue's counts (``facets.catalogue_tally``), read once."""
        return facets.catalogue_tally()

    def catalogue_count(self):
        """The number of publications the filters leave, when the catalogue's snapshot holds
        it (no filter, or one facet's value the snapshot counted), else None: a topic, a
        type or the full-text filter alone is not counted again over the whole catalogue
        (a COUNT joining 95,000 public publications takes 25–40 ms)."""
        active = self.active_filters()
        if not active:
            return self.catalogue["total"]
        if len(active) > 1 or active & {"year_from", "year_to"}:
            return None
        (name,) = active
        return self.catalogue.count_of(name, self.form.cleaned_data[name])

    def active_filters(self):
        """The names of the filters in use (valid and not empty)."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return {name for name in self.FACETS if data.get(name) not in (None, "")}

    def facet_counts(self, *, size=None):
        """Each facet's options with the number of publications every other filter leaves.

        The counts come from ``publications.facets``: the catalogue's snapshot when no other
        filter is in use, else counted over at most ``FACET_EXACT_LIMIT`` rows (scaled and
        marked approximate beyond). A fixed number of queries, each bounded. ``size``: the
        number of publications all the filters leave, when the caller has counted it.
        """
        active = self.active_filters()
        bases = {}  # the filters a facet counts under -> the facets counted under them
        for facet, own in self.FACET_FILTERS.items():
            bases.setdefault(frozenset(active - set(own)), []).append(facet)
        by_facet = {}
        for filters, names in bases.items():
            if filters:
                own = {f for name in names for f in self.FACET_FILTERS[name]}
                known = size if filters == active else None  # the list's own rows
                counted = facets.bounded_tally(self.queryset_without(*own), names, size=known)
            else:
                counted = self.catalogue
            by_facet |= dict.fromkeys(names, counted)
        return facets.facet_options(by_facet, self.form.cleaned_data)
