"""Filter sets shared by the HTML directory pages and the API."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelMultipleChoiceField

from members.models import OPEN_TO, ExpertiseArea, Institution, Profile, country_choices
from members.selectors import (
    expertise_areas,
    expertise_areas_by_slug,
    institutions_public,
    researchers_with_expertise,
    search_researchers,
)
from tpc_portal.filters import FilterSet


class ExpertiseAreasField(ModelMultipleChoiceField):
    """Areas by slug, checked against the cached taxonomy (expertise_areas_by_slug)
    rather than by a query per request; the same answers and errors as the queryset's."""

    def _check_values(self, value) -> list[ExpertiseArea]:
        wanted = {str(slug) for slug in value}
        known = expertise_areas_by_slug()
        for slug in sorted(wanted):
            self.validate_no_null_characters(slug)
            if slug not in known:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": slug},
                )
        return [area for slug, area in known.items() if slug in wanted]


class ExpertiseFilter(django_filters.ModelMultipleChoiceFilter):
    """The expertise facet of every list that has one (people, groups, projects,
    openings): areas ticked by slug, any of them."""

    field_class = ExpertiseAreasField

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Expertise area"))
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(queryset=expertise_areas(), to_field_name="slug", **kwargs)


class InstitutionFilter(FilterSet):
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


class ResearcherFilter(FilterSet):
    """Facets combine with AND; the values ticked within one facet with OR."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    expertise = ExpertiseFilter(method="filter_expertise")
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
