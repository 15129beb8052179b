from functools import cache

from django.conf import settings
from django.http import HttpRequest

from notifications.selectors import notification_unread_count
from portal.areas import open_areas
from tpc_portal.connected_accounts import social_login_configured


def portal(request: HttpRequest) -> dict:
    return {
        "SITE_URL": settings.SITE_URL,
        "DEBUG": settings.DEBUG,
        # The areas that exist; a template calls it only where it shows the navigation.
        "nav_areas": open_areas,
        # Whether "Connected accounts" has anything to offer; asked by account pages only.
        "social_login_configured": cache(lambda: social_login_configured(request)),
        # Lazy and cached: one COUNT, only on pages whose template shows the inbox badge,
        # however often the template reads it.
        "inbox_unread_count": cache(lambda: unread_count(request)),
    }


def unread_count(request: HttpRequest) -> int:
    """The viewer's unread notices, counted once per request (the badge and the home page)."""
    if not hasattr(request, "_unread_count"):
        user = getattr(request, "user", None)
        request._unread_count = notification_unread_count(user) if user is not None else 0  # type: ignore[attr-defined]
    return request._unread_count  # type: ignore[attr-defined]
