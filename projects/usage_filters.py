"""The filters of usage ledgers (the API's list; a ledger page may share them)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from projects.models import UsageRecord
from tpc_portal.filters import FilterSet


class UsageFilter(FilterSet):
    allocation = django_filters.NumberFilter(label=_("Allocation"), field_name="allocation_id")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=UsageRecord.Kind.choices, empty_label=_("Any kind")
    )
    period_after = django_filters.IsoDateTimeFilter(
        label=_("Used after"),
        field_name="period_end",
        lookup_expr="gt",
        help_text=_("Records whose period ends after this moment (ISO 8601)."),
    )
    period_before = django_filters.IsoDateTimeFilter(
        label=_("Used before"),
        field_name="period_start",
        lookup_expr="lt",
        help_text=_("Records whose period starts before this moment (ISO 8601)."),
    )

    class Meta:
        model = UsageRecord
        fields = ["allocation", "kind", "period_after", "period_before"]
