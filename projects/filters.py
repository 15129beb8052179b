"""The project directory's filters: one FilterSet for the page and the API."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from members.filters import ExpertiseFilter
from projects.models import Project
from projects.search import search_projects
from projects.selectors import (
    institutions_in_projects,
    projects_in_institution,
    projects_with_expertise,
    projects_with_openings,
    working_groups_to_link,
)
from tpc_portal.filters import FilterSet


class ProjectFilter(FilterSet):
    """Facets combine with AND; the values ticked within one facet with OR. The queryset it
    filters is what the reader may see (selectors.projects_visible_to), so no filter, search
    or count reaches a draft outside its team."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), choices=Project.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Project.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    expertise = ExpertiseFilter(method="filter_expertise")
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"),
        queryset=institutions_in_projects(),
        to_field_name="slug",
        method="filter_institution",
        empty_label=_("Any institution"),
    )
    working_group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        queryset=working_groups_to_link(),
        to_field_name="slug",
        field_name="working_groups",
        empty_label=_("Any working group"),
    )
    has_openings = django_filters.ChoiceFilter(
        label=_("Open positions"),
        choices=[("true", _("With open positions")), ("false", _("Without"))],
        method="filter_openings",
        empty_label=_("With or without"),
    )

    class Meta:
        model = Project
        fields = ["q", "kind", "status", "expertise", "institution", "working_group"]

    def filter_search(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet:
        return search_projects(queryset, value)

    def filter_expertise(self, queryset: QuerySet[Project], name: str, value) -> QuerySet:
        return projects_with_expertise(queryset, value) if value else queryset

    @extend_schema_field(OpenApiTypes.STR)  # the institution's slug
    def filter_institution(self, queryset: QuerySet[Project], name: str, value) -> QuerySet:
        return projects_in_institution(queryset, value) if value else queryset

    def filter_openings(self, queryset: QuerySet[Project], name: str, value) -> QuerySet:
        return projects_with_openings(queryset, value == "true") if value else queryset
