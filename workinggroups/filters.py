"""Filter sets shared by the HTML lists and the API."""

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from members.filters import ExpertiseFilter
from members.models import ExpertiseArea
from tpc_portal.filters import FilterSet
from workinggroups.models import WorkingGroup

# --- Groups


class GroupFilter(FilterSet):
    """Chartered groups by area (any of those ticked) and status (active or closed)."""

    area = ExpertiseFilter(method="filter_area")
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

    def filter_area(
        self, queryset: QuerySet[WorkingGroup], name: str, value: list[ExpertiseArea]
    ) -> QuerySet[WorkingGroup]:
        """Groups with any of the areas (one row each: a subquery, not a join)."""
        if not value:
            return queryset
        having = WorkingGroup.expertise.through.objects.filter(
            workinggroup_id=OuterRef("pk"), expertisearea__in=value
        )
        return queryset.filter(Exists(having))
