"""The notices projects send, declared once (notifications/kinds.py).

Contexts hold data (names, ids, ISO times), put into words when a notice is read, in the
reader's language and time zone.
"""

from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.kinds import Delivery, register
from projects.models import Resource
from tpc_portal.timezones import day

# --- Projects, team and proposals


# --- Openings


# --- Usage: thresholds, end reminders, forecasts, silent sites
# Contexts hold amounts as decimal strings, units as their values and days as ISO dates;
# `_shown` puts them into the reader's words and number format when the notice is read.


def link_or_blank(name: str, *args: Any) -> str:
    """A page's address for a notice, or "" while that page does not exist (the pages of
    allocations are another part of the app)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def allocation_context(allocation, *, site) -> dict[str, Any]:
    """What a notice says about one allocation (its project, site, resource, figures)."""
    return {
        "allocation": allocation.pk,
        "project": allocation.project.title,
        "site": site.name,
        "resource": allocation.resource.name,
        "unit": allocation.resource.unit,
        "used": str(allocation.used),
        "granted": str(allocation.granted),
        "end": allocation.end.isoformat(),
    }


def _number(value: str | None) -> str:
    if value in (None, ""):
        return ""
    amount = Decimal(value).normalize()
    if amount == amount.to_integral():
        amount = amount.quantize(Decimal(1))
    return formats.number_format(amount, use_l10n=True, force_grouping=True)


def _shown_one(context: dict[str, Any]) -> dict[str, Any]:
    shown = dict(context)
    if "unit" in context:
        shown["unit"] = str(Resource.Unit(context["unit"]).label)
    for name in ("used", "granted", "remaining", "used_at_end"):
        if name in context:
            shown[name] = _number(context[name])
    for name in ("end", "runs_out_on", "last"):
        if context.get(name):
            shown[name] = day(context[name])
    return shown


def _shown(context: dict[str, Any]) -> dict[str, Any]:
    shown = _shown_one(context)
    if "allocations" in context:
        shown["allocations"] = [_shown_one(item) for item in context["allocations"]]
        shown["count"] = len(context["allocations"])
        first = shown["allocations"][0] if shown["allocations"] else {}
        shown["summary"] = ngettext(
            "%(project)s on %(site)s", "%(count)d allocations", shown["count"]
        ) % {
            "project": first.get("project", ""),
            "site": first.get("site", ""),
            "count": shown["count"],
        }
    return shown


ALLOCATION_THRESHOLD = register(
    "projects.allocation_threshold",
    label=_("Machine time running out"),
    description=_("An allocation of a project you lead has used 80 percent, or all, of its time."),
    title=_("{project}: {percent}% of the time on {site} {resource} used"),
    body_template="projects/messages/allocation_threshold.txt",
    present=_shown,
    default_delivery=Delivery.IMMEDIATELY,
)

ALLOCATION_ENDING = register(
    "projects.allocation_ending",
    label=_("Machine time ending"),
    description=_("Allocations of projects you lead end in 30 days, and again in 7."),
    title=_("Machine time ending: {summary}"),
    body_template="projects/messages/allocation_ending.txt",
    present=_shown,
    default_delivery=Delivery.IMMEDIATELY,
)

ALLOCATION_FORECAST = register(
    "projects.allocation_forecast",
    label=_("Machine time forecast"),
    description=_(
        "At its recent rate of use, an allocation of a project you lead will run out long "
        "before its end, or leave more than half of its time unused."
    ),
    title=_("{project}: forecast for the time on {site} {resource}"),
    body_template="projects/messages/allocation_forecast.txt",
    present=_shown,
    default_delivery=Delivery.IMMEDIATELY,
)

SITE_SILENT = register(
    "projects.site_silent",
    label=_("Partner sites gone silent (staff)"),
    description=_("A site reported no usage on an active allocation for 7 days."),
    title=_("No usage reported for 7 days: {summary}"),
    body_template="projects/messages/site_silent.txt",
    present=_shown,
    default_delivery=Delivery.IMMEDIATELY,
)
