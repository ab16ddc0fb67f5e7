"""The people list's filters: a name in any spelling, an organisation, an index letter."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from people import names
from people.models import Affiliation, Organization, Person

MAX_QUERY_LENGTH = 200


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name in any spelling"), "maxlength": 200}
        ),
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organization.objects.published().order_by("name"),
        to_field_name="slug",
        method="filter_organization",
        empty_label=_("All organisations"),
    )
    letter = django_filters.CharFilter(
        label=_("Letter"),
        method="filter_letter",
        max_length=1,
        validators=[
            RegexValidator(
                r"^[A-Za-zА-Яа-яЁё]$", _("Choose one letter of the index."), code="letter"
            )
        ],
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Person
        fields = ["q", "organization", "letter"]

    def filter_name(self, queryset, name, value):
        return queryset.matching(value) if value.strip() else queryset

    def filter_organization(self, queryset, name, value: Organization):
        """People affiliated with the organisation or any of its units, now or in the past."""
        units = Organization.objects.descendant_ids(value.pk)
        affiliated = Affiliation.objects.filter(organization__in=[value.pk, *units])
        return queryset.filter(pk__in=affiliated.values("person"))

    def filter_letter(self, queryset, name, value):
        letter = names.index_letter(value)
        if names.is_cyrillic(letter):
            return queryset.filter(family_initial_cyr=letter)
        return queryset.filter(family_initial_lat=letter)
