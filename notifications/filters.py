"""Filters shared by the inbox page and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification
from tpc_portal.filters import FilterSet


class NotificationFilter(FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label=_("Unread only")
    )

    class Meta:
        model = Notification
        fields = ["unread"]
