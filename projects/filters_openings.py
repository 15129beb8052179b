"""The opportunities' filters, shared by the page (/projects/opportunities/) and the API
(/api/v1/openings/). Facets combine with AND, the values ticked within one with OR.

Only openings still taking applications are listed unless `include_closed` is ticked: a
filter set always given data (an empty query string included) applies that default.
"""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from members.filters import ExpertiseFilter
from members.selectors import institutions_public
from projects.models import Opening
from projects.opening_selectors import openings_at_institution, openings_in_areas, openings_open
from tpc_portal.filters import FilterSet


class OpeningFilter(FilterSet):
    position = django_filters.MultipleChoiceFilter(
        label=_("Position"),
        choices=Opening.Position.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    area = ExpertiseFilter(field_name="project__expertise", method="filter_area")
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution on the team"),
        queryset=institutions_public(),
        to_field_name="slug",
        field_name="project__team__institution",
        method="filter_institution",
        empty_label=_("Any institution"),
    )
    include_closed = django_filters.BooleanFilter(
        label=_("Include closed openings and passed deadlines"),
        method="filter_include_closed",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Opening
        fields = ["position", "area", "institution", "include_closed"]

    def filter_area(self, queryset: QuerySet[Opening], name: str, value) -> QuerySet[Opening]:
        return openings_in_areas(queryset, value) if value else queryset

    def filter_institution(
        self, queryset: QuerySet[Opening], name: str, value
    ) -> QuerySet[Opening]:
        return openings_at_institution(queryset, value) if value else queryset

    def filter_include_closed(
        self, queryset: QuerySet[Opening], name: str, value
    ) -> QuerySet[Opening]:
        return queryset  # applied in filter_queryset, so that "unticked" is the default

    def filter_queryset(self, queryset: QuerySet[Opening]) -> QuerySet[Opening]:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_closed"):
            queryset = openings_open(queryset)
        return queryset
