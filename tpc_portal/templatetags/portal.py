"""Template helpers of the base: navigation and times.

{% load portal %}
{% nav_link area.url area.title %}    → <li><a href="/groups/" aria-current="page">…</a></li>
{% nav_link "account_email" _("E-mail addresses") %} (a URL name is reversed)
{% nav_links nav_areas %}             → the same, an item per area (anything with .url and .title)
<a href="{{ href }}"{% if request.path|in_section:href %} aria-current="page"{% endif %}>
{{ meeting.starts_at|with_local:meeting.time_zone }}  → 15 Dec 2026, 15:00 CET (your time 09:00 EST)
{{ case.review_deadline|clock }}                     → 15 Dec 2026, 12:00 UTC (the reader's zone)
"""

import html
from collections.abc import Iterable
from datetime import datetime, tzinfo

from django import template
from django.urls import reverse
from django.utils.safestring import SafeData, SafeString, mark_safe

from tpc_portal import timezones

register = template.Library()


@register.filter
def in_section(path: str, href: str) -> bool:
    """Whether a page (its path) belongs to the section that starts at href.

    The home page ("/") is a section of its own, never a prefix of every other.
    """
    if not href:
        return False
    if href == "/":
        return path == "/"
    return path == href or path.startswith(href if href.endswith("/") else f"{href}/")


@register.simple_tag(takes_context=True)
def nav_link(context: template.Context, target: str, label: str) -> SafeString:
    """One item of a navigation list: a link, marked as the current page when the page is
    in its section. `target` is an address, or a URL name to reverse. A Python tag, not
    an included template: every page draws several."""
    href = target if target.startswith("/") else reverse(target)
    return mark_safe(_nav_item(_path(context), href, label))  # noqa: S308 - escaped there


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context, entries: Iterable) -> SafeString:
    """The items of a navigation list, one per entry (its .url and .title), as nav_link
    writes each: one tag for the whole list, on every page."""
    path = _path(context)
    items = "".join(_nav_item(path, entry.url, entry.title) for entry in entries)
    return mark_safe(items)  # noqa: S308 - each item escaped by _nav_item


def nav_item(context: template.Context, href: str, label: object) -> SafeString:
    """One navigation item as nav_link writes it, for other apps' Python tags (the inbox's);
    a label that is already safe HTML (e.g. with a badge) is written as it is."""
    return mark_safe(_nav_item(_path(context), href, label))  # noqa: S308 - escaped there


def _path(context: template.Context) -> str | None:
    request = context.get("request")
    return None if request is None else request.path


def _nav_item(path: str | None, href: str, label: object) -> str:
    # html.escape, not format_html: the same escaping without Django's checks for lazy
    # text on every argument, which cost more than the item.
    current = ' aria-current="page"' if path is not None and in_section(path, href) else ""
    text = label if isinstance(label, SafeData) else html.escape(str(label))
    return f'<li><a href="{html.escape(href)}"{current}>{text}</a></li>'


@register.filter
def clock(moment: datetime | None, zone: tzinfo | str | None = None) -> str:
    """A moment in the reader's zone (or the one given), the zone named."""
    if not moment:
        return ""
    if isinstance(zone, str):
        zone = timezones.zone_named(zone)
    return timezones.clock(moment, zone)


@register.filter
def with_local(moment: datetime | None, organiser_zone: tzinfo | str | None) -> str:
    """A moment in the organiser's zone, with the reader's own beside it when it differs."""
    if not moment:
        return ""
    return timezones.at_with_local(moment, organiser_zone)
