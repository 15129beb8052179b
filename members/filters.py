"""Filter sets shared by the HTML directory pages and the API."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from members.models import OPEN_TO, Institution, Profile, country_choices
from members.selectors import (
    expertise_areas,
    institutions_public,
    researchers_with_expertise,
    search_researchers,
)


class InstitutionFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), choices=Institution.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=country_choices, empty_label=_("Any country")
    )

    class Meta:
        model = Institution
        fields = ["kind", "country"]


def _member_countries() -> list[tuple[str, str]]:
    codes = set(institutions_public().values_list("country", flat=True))
    return [(code, name) for code, name in country_choices() if code in codes]


class ResearcherFilter(django_filters.FilterSet):
    """Facets combine with AND; the values ticked within one facet with OR."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    expertise = django_filters.ModelMultipleChoiceFilter(
        label=_("Expertise area"),
        queryset=expertise_areas(),
        to_field_name="slug",
        method="filter_expertise",
        widget=forms.CheckboxSelectMultiple,
    )
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"),
        queryset=institutions_public(),
        to_field_name="slug",
        empty_label=_("Any institution"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=_member_countries,
        field_name="institution__country",
        empty_label=_("Any country"),
    )
    career_stage = django_filters.MultipleChoiceFilter(
        label=_("Career stage"),
        choices=Profile.CareerStage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    open_to = django_filters.MultipleChoiceFilter(
        label=_("Open to"),
        choices=[(field.removeprefix("open_to_"), label) for field, label in OPEN_TO],
        method="filter_open_to",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Profile
        fields = ["q", "expertise", "institution", "country", "career_stage", "open_to"]

    def filter_search(
        self, queryset: QuerySet[Profile], name: str, value: str
    ) -> QuerySet[Profile]:
        return search_researchers(queryset, value)

    def filter_expertise(self, queryset: QuerySet[Profile], name: str, value) -> QuerySet[Profile]:
        if not value:
            return queryset
        searching = bool(self.form.cleaned_data.get("q", "").strip())
        return researchers_with_expertise(queryset, value, searching=searching)

    def filter_open_to(self, queryset: QuerySet[Profile], name: str, value) -> QuerySet[Profile]:
        wanted = Q()
        for choice in value:
            wanted |= Q(**{f"open_to_{choice}": True})
        return queryset.filter(wanted)
