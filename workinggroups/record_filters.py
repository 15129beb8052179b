"""Filters of action items and minutes, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from tpc_portal.filters import FilterSet
from workinggroups.models import ActionItem, Minutes


class ActionItemFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionItem.Status.choices, label=_("Status"))
    group = django_filters.CharFilter(field_name="group__slug", label=_("Group (short name)"))

    class Meta:
        model = ActionItem
        fields = ["status", "group"]


class MinutesFilter(FilterSet):
    meeting = django_filters.NumberFilter(field_name="meeting_id", label=_("Meeting id"))
    status = django_filters.ChoiceFilter(choices=Minutes.Status.choices, label=_("Status"))

    class Meta:
        model = Minutes
        fields = ["meeting", "status"]
