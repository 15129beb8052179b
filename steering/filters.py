"""Filter sets shared by the committee's HTML case list and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from steering.models import Case
from tpc_portal.filters import FilterSet


class CaseFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Case.Status.choices, empty_label=_("Any status")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Case.Kind.choices, empty_label=_("Any kind")
    )

    class Meta:
        model = Case
        fields = ["status", "kind"]
