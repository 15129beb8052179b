"""Template helpers of the base: navigation and times.

{% load portal %}
{% nav_link area.url area.title %}    → <li><a href="/groups/" aria-current="page">…</a></li>
{% nav_link "account_email" _("E-mail addresses") %} (a URL name is reversed)
<a href="{{ href }}"{% if request.path|in_section:href %} aria-current="page"{% endif %}>
{{ meeting.starts_at|with_local:meeting.time_zone }}  → 15 Dec 2026, 15:00 CET (your time 09:00 EST)
{{ case.review_deadline|clock }}                     → 15 Dec 2026, 12:00 UTC (the reader's zone)
"""

from datetime import datetime, tzinfo

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
    request = context.get("request")
    current = request is not None and in_section(request.path, href)
    return format_html(
        '<li><a href="{}"{}>{}</a></li>',
        href,
        SafeString(' aria-current="page"') if current else "",
        label,
    )


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
