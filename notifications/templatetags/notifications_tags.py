"""The inbox in every page's navigation, written from Python.

{% load notifications_tags %}
{% inbox_nav_item %}         → <li><a href="/inbox/">Inbox <span id="inbox-badge">…</span></a></li>
{% unread_badge oob=True %}  → the badge alone, swapped in by htmx after a notice is marked read

Python tags rather than two nested included templates: the navigation is on every page a
signed-in person sees, and the includes cost more than the count they show. The count is
`inbox_unread_count`, counted once per request by the context processor.
"""

import html
from functools import lru_cache

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from tpc_portal.templatetags.portal import nav_item

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_badge(context: template.Context, oob: bool = False) -> SafeString:
    """The number of unread notices (99+ beyond 99), said in words to screen readers."""
    count = context.get("inbox_unread_count", 0)
    count = count() if callable(count) else count
    swap = ' hx-swap-oob="true"' if oob else ""
    shown = ""
    if count:
        words = ngettext("unread notice", "unread notices", count)
        shown = (
            f'<span class="nav-badge-count">{"99+" if count > 99 else count}</span>'
            f'<span class="visually-hidden"> {html.escape(words)}</span>'
        )
    return mark_safe(f'<span id="inbox-badge" class="nav-badge"{swap}>{shown}</span>')  # noqa: S308


@register.simple_tag(takes_context=True)
def inbox_nav_item(context: template.Context) -> SafeString:
    """The inbox's item of the navigation, with its badge; current on the inbox's pages."""
    href = _inbox_address(get_resolver(get_urlconf()), get_script_prefix())
    label = mark_safe(f"{html.escape(gettext('Inbox'))} {unread_badge(context)}")  # noqa: S308
    return nav_item(context, href, label)


@lru_cache(maxsize=8)
def _inbox_address(resolver: object, script_prefix: str) -> str:
    # Keyed by what reverse() reads besides the name (see portal.areas._landing_page).
    return reverse("notifications:inbox")
