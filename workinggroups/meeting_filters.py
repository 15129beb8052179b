"""The filter set of meetings, shared by the HTML list and the API: by group, and by a
from/to range of start times given as aware ISO 8601 moments (2026-03-01T00:00:00Z)."""

from datetime import datetime

import django_filters
from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from tpc_portal.filters import FilterSet
from workinggroups.models import Meeting


class AwareDateTimeField(forms.DateTimeField):
    """An ISO 8601 moment with its offset (or Z): a bare local time would be read in
    whatever zone happens to be active, so it is refused."""

    default_error_messages = {
        "invalid": _("Give a moment in ISO 8601 with its offset, such as 2026-03-01T09:00:00Z."),
    }

    def to_python(self, value: object) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            moment: datetime | None = value
        else:
            try:
                moment = parse_datetime(str(value).strip().replace(" ", "+"))
            except ValueError:
                moment = None
        if moment is None or moment.tzinfo is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return moment


class AwareDateTimeFilter(django_filters.Filter):
    field_class = AwareDateTimeField


class MeetingFilter(FilterSet):
    group = django_filters.CharFilter(label=_("Group"), field_name="group__slug")

    class Meta:
        model = Meeting
        fields = ["group"]


# "from" is a Python keyword, so the two range filters are added by name.
for _name, _lookup, _label in (
    ("from", "gte", _("Starting from")),
    ("to", "lt", _("Starting before")),
):
    _filter = AwareDateTimeFilter(field_name="start", lookup_expr=_lookup, label=_label)
    MeetingFilter.declared_filters[_name] = _filter
    MeetingFilter.base_filters[_name] = _filter
