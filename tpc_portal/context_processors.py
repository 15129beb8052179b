from functools import cache

from django.conf import settings
from django.http import HttpRequest

from notifications.selectors import notification_unread_count


def portal(request: HttpRequest) -> dict:
    return {
        "SITE_URL": settings.SITE_URL,
        "DEBUG": settings.DEBUG,
        # Lazy and cached: one COUNT, only on pages whose template shows the inbox badge,
        # however often the template reads it.
        "inbox_unread_count": cache(lambda: _unread_count(request)),
    }


def _unread_count(request: HttpRequest) -> int:
    user = getattr(request, "user", None)
    return notification_unread_count(user) if user is not None else 0
