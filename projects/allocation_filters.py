"""The filter of allocations, shared by the project's allocations page and the API."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from projects.models import Allocation, Site
from tpc_portal.filters import FilterSet


class AllocationFilter(FilterSet):
    site = django_filters.ModelChoiceFilter(
        label=_("Site"),
        queryset=Site.objects.order_by("name"),
        field_name="resource__site",
        to_field_name="slug",
        empty_label=_("Any site"),
        help_text=_("The site's short name."),
    )
    project = django_filters.CharFilter(
        label=_("Project"), field_name="project__slug", help_text=_("The project's short name.")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Allocation.Status.choices, empty_label=_("Any status")
    )
    active_on = django_filters.DateFilter(
        label=_("Running on"),
        method="filter_active_on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Allocations whose dates include this day (YYYY-MM-DD)."),
    )

    class Meta:
        model = Allocation
        fields = ["site", "project", "status", "active_on"]

    def filter_active_on(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(start__lte=value, end__gte=value)
