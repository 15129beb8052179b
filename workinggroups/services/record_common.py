"""What the services of minutes, action items and documents share."""

from datetime import UTC, date, datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from members.services.common import validated
from tpc_portal.timezones import zone_of

__all__ = ["local_today", "require", "validated"]


def require(allowed: bool) -> None:
    """Services check permission too: a view or API that forgot to is refused here."""
    if not allowed:
        raise PermissionDenied


def local_today(user: object, now: datetime | None = None) -> date:
    """The day it is for `user` in the zone of their profile (UTC when they chose none)."""
    return timezone.localtime(now or timezone.now(), zone_of(user) or UTC).date()
