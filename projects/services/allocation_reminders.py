"""What the daily beat does with allocations: end reminders, expiry, the forecast notice, and
telling staff about sites gone silent. Each is idempotent: its mark on the allocation is
written in the transaction that creates the notice, on rows locked FOR UPDATE SKIP LOCKED,
so a run twice (one after the other, or two at once) tells once, and a missed run is made
up by the next one (every condition is "on or after", never "on the day").

- End reminders (usage_rules.reminder_due): 30 and 7 days before the end day; the marks
  hold the end date they were sent for. One notice per person per run, listing every
  allocation of theirs that is due, however many end together.
- Expiry: the day after the end day, active, exhausted and suspended allocations expire.
- Forecast (projects/forecast.py): once per allocation, when at its recent rate it runs
  out more than 30 days before its end or leaves more than half unused, with the address
  of the page to ask for a supplement or an extension, built when the notice is sent.
- Silence: staff are told once per silence when a site reported nothing on an active
  allocation for 7 days (from its start, when it never reported).
"""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from members.models import User
from notifications.services import notify
from projects.audit import ALLOCATION_EXPIRED
from projects.forecast import (
    MIN_HISTORY_DAYS,
    RECENT_DAYS,
    forecast_for_notice,
    leaves_half_unused,
    recent_window,
    runs_out_early,
)
from projects.models import Allocation, UsageRecord
from projects.notices import (
    ALLOCATION_ENDING,
    ALLOCATION_FORECAST,
    SITE_SILENT,
    allocation_context,
    link_or_blank,
)
from projects.usage_rules import REMINDER_DAYS, SILENCE, has_ended, reminder_due
from projects.usage_selectors import project_leads
from tpc_portal.audit import audit_record

Status = Allocation.Status
# Allocations that are running (exhausted ones still end, and may be extended).
RUNNING = [Status.ACTIVE, Status.EXHAUSTED]


def _locked(allocations: QuerySet[Allocation]) -> list[Allocation]:
    """The rows no other run holds, locked until the caller's transaction ends."""
    return list(
        allocations.select_for_update(skip_locked=True, of=("self",))
        .select_related("project", "resource__site")
        .order_by("pk")
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def allocation_end_reminders_send(*, now: datetime | None = None) -> int:
    """Remind the PI and co-PIs of allocations ending in 30 and in 7 days: one notice per
    person listing all of theirs that are due. Returns how many notices were sent."""
    now = now or timezone.now()
    today = now.date()
    with transaction.atomic():
        candidates = _locked(
            Allocation.objects.filter(
                status__in=RUNNING,
                end__gte=today,
                end__lte=today + timedelta(days=max(REMINDER_DAYS)),
            )
        )
        due = []
        for allocation in candidates:
            days = reminder_due(
                end=allocation.end,
                today=today,
                reminded_30=allocation.reminded_30,
                reminded_7=allocation.reminded_7,
            )
            if days is None:
                continue
            setattr(allocation, f"reminded_{days}", allocation.end)
            due.append((allocation, days))
        if not due:
            return 0
        Allocation.objects.bulk_update([a for a, _days in due], ["reminded_30", "reminded_7"])
        leads = project_leads({allocation.project_id for allocation, _days in due})
        by_person: dict[int, tuple[User, list[dict[str, Any]]]] = {}
        for allocation, days in due:
            item = allocation_context(allocation, site=allocation.resource.site) | {
                "days": days,
                "remaining": str(allocation.remaining),
                "slug": allocation.project.slug,
            }
            for person in leads.get(allocation.project_id, []):
                by_person.setdefault(person.pk, (person, []))[1].append(item)
        for person, items in by_person.values():
            slugs = {item["slug"] for item in items}
            notify(
                [person],
                ALLOCATION_ENDING,
                context={"allocations": items},
                link=(
                    link_or_blank("projects:project_allocations", *slugs) if len(slugs) == 1 else ""
                ),
            )
    return len(by_person)


def allocations_expire(*, now: datetime | None = None) -> int:
    """The day after its end day, an allocation expires (active, exhausted or suspended).
    Returns how many expired."""
    now = now or timezone.now()
    today = now.date()
    with transaction.atomic():
        ended = [
            allocation
            for allocation in _locked(
                Allocation.objects.filter(status__in=[*RUNNING, Status.SUSPENDED], end__lt=today)
            )
            if has_ended(allocation.end, today)
        ]
        for allocation in ended:
            audit_record(
                actor=None,
                subject=allocation,
                verb=ALLOCATION_EXPIRED,
                before={"status": allocation.status},
                after={"status": Status.EXPIRED},
                context={"end": allocation.end.isoformat()},
            )
            allocation.status = Status.EXPIRED
        Allocation.objects.bulk_update(ended, ["status"])
    return len(ended)


def _recent_use(allocations: list[Allocation], today: date) -> dict[int, Decimal]:
    """What each allocation recorded over its recent window (forecast.recent_window), from
    one grouped query: the ledger by allocation and the day its periods end."""
    if not allocations:
        return {}
    rows = (
        UsageRecord.objects.filter(
            allocation__in=allocations,
            period_end__gt=_midnight(today - timedelta(days=RECENT_DAYS)),
        )
        .annotate(day=TruncDate("period_end", tzinfo=UTC))
        .values("allocation_id", "day")
        .annotate(total=Sum("amount"))
        .values_list("allocation_id", "day", "total")
    )
    since = {
        allocation.pk: today - timedelta(days=recent_window(start=allocation.start, today=today))
        for allocation in allocations
    }
    recent: dict[int, Decimal] = defaultdict(Decimal)
    for allocation_id, day, total in rows:
        if day > since[allocation_id]:
            recent[allocation_id] += total
    return recent


def allocation_forecasts_send(*, now: datetime | None = None) -> int:
    """Tell the PI and co-PIs, once per allocation, when at the recent rate it runs out more
    than 30 days before its end or leaves more than half unused; with the address of the
    page that asks for a supplement or extension. Returns how many allocations were told."""
    now = now or timezone.now()
    today = now.date()
    with transaction.atomic():
        candidates = _locked(
            Allocation.objects.filter(
                status=Status.ACTIVE,
                forecast_warned__isnull=True,
                end__gte=today,
                start__lte=today - timedelta(days=MIN_HISTORY_DAYS),
            )
        )
        recent = _recent_use(candidates, today)
        told = []
        for allocation in candidates:
            course = forecast_for_notice(
                granted=allocation.granted,
                used=allocation.used,
                start=allocation.start,
                end=allocation.end,
                today=today,
                recent_use=recent.get(allocation.pk, Decimal(0)),
            )
            if course is None or not (runs_out_early(course) or leaves_half_unused(course)):
                continue
            allocation.forecast_warned = now
            told.append((allocation, course))
        Allocation.objects.bulk_update([a for a, _course in told], ["forecast_warned"])
        leads = project_leads({allocation.project_id for allocation, _course in told})
        for allocation, course in told:
            request_link = link_or_blank("projects:allocation_request_new", allocation.project.slug)
            notify(
                leads.get(allocation.project_id, []),
                ALLOCATION_FORECAST,
                context=allocation_context(allocation, site=allocation.resource.site)
                | {
                    "finding": "early" if runs_out_early(course) else "underused",
                    "runs_out_on": course.runs_out_on.isoformat() if course.runs_out_on else None,
                    "used_at_end": str(
                        (course.granted - course.unused_at_end).quantize(Decimal("0.001"))
                    ),
                    "days": recent_window(start=allocation.start, today=today),
                    "request_link": request_link,
                },
                link=request_link,
            )
    return len(told)


def allocation_silence_flag(*, now: datetime | None = None) -> int:
    """Tell staff, once per silence, about active allocations whose site reported nothing
    for 7 days (since their start when it never did): one notice per staff member listing
    them all. Returns how many allocations were flagged."""
    now = now or timezone.now()
    quiet_since = now - SILENCE
    with transaction.atomic():
        silent = _locked(
            Allocation.objects.filter(status=Status.ACTIVE, end__gte=now.date())
            .filter(
                Q(last_usage__lte=quiet_since)
                | Q(last_usage__isnull=True, start__lte=quiet_since.date())
            )
            .filter(Q(silence_flagged__isnull=True) | Q(silence_flagged__lt=F("last_usage")))
        )
        if not silent:
            return 0
        for allocation in silent:
            allocation.silence_flagged = now
        Allocation.objects.bulk_update(silent, ["silence_flagged"])
        items = [
            {
                "allocation": allocation.pk,
                "site": allocation.resource.site.name,
                "project": allocation.project.title,
                "resource": allocation.resource.name,
                "last": allocation.last_usage.date().isoformat() if allocation.last_usage else None,
            }
            for allocation in silent
        ]
        sites = {allocation.resource.site.slug for allocation in silent}
        notify(
            User.objects.filter(is_staff=True, is_active=True),
            SITE_SILENT,
            context={"allocations": items},
            link=link_or_blank("projects:site_keys", *sites) if len(sites) == 1 else "",
        )
    return len(silent)
