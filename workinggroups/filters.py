"""Filter sets shared by the HTML lists and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from members.selectors import expertise_areas
from workinggroups.models import WorkingGroup

# --- Groups


class GroupFilter(django_filters.FilterSet):
    """Chartered groups by area (any of those ticked) and status (active or closed)."""

    area = django_filters.ModelMultipleChoiceFilter(
        label=_("Expertise area"),
        field_name="expertise__slug",
        queryset=expertise_areas(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (value, label)
            for value, label in WorkingGroup.Status.choices
            if value in (WorkingGroup.Status.ACTIVE, WorkingGroup.Status.CLOSED)
        ],
        empty_label=_("Active or closed"),
    )

    class Meta:
        model = WorkingGroup
        fields = ["area", "status"]
