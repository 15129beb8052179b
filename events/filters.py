"""The filter set of events, shared by the HTML list and the API: kind, format, audience,
organising working group (its slug), and when (upcoming, the default, or past)."""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events import selectors
from events.models import Event
from tpc_portal.filters import FilterSet


class EventFilter(FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        method="filter_when",
        empty_label=None,
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices)
    format = django_filters.ChoiceFilter(label=_("Format"), choices=Event.Format.choices)
    audience = django_filters.ChoiceFilter(
        label=pgettext_lazy("event", "Open to"), choices=Event.Audience.choices
    )
    group = django_filters.CharFilter(label=_("Working group"), field_name="group__slug")

    class Meta:
        model = Event
        fields = ["when", "kind", "format", "audience", "group"]

    def __init__(self, data=None, *args, **kwargs):
        # Upcoming unless asked otherwise (a bound form would treat a missing value as "any").
        data = data.copy() if data is not None else {}
        if not data.get("when"):
            data["when"] = "upcoming"
        super().__init__(data, *args, **kwargs)

    def filter_when(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        now = timezone.now()
        if value == "past":
            return selectors.past(queryset, now)
        return selectors.upcoming(queryset, now)
