"""Checking a usage batch against the allocations before anything is stored (usage.py says
what a batch does): the records already stored under the batch's ids, the allocations
locked in id order, each record against its allocation, and the adjustments against what
they adjust."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from projects.models import Allocation, Site, UsageRecord
from projects.usage_input import (
    CREDIT,
    USAGE,
    BatchReader,
    UsageLine,
)
from projects.usage_rules import (
    takes_usage,
    usage_window,
)

# A site's clock may run this far ahead of the portal's.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(slots=True)
class Stored:
    id: int
    record_id: str
    allocation_id: int
    kind: str
    adjusts_record_id: str | None
    period_start: datetime
    period_end: datetime
    amount: Decimal
    site_user: str


def same_content(line: UsageLine, stored: Stored) -> bool:
    return (
        line.allocation_id == stored.allocation_id
        and line.kind == stored.kind
        and line.period_start == stored.period_start
        and line.period_end == stored.period_end
        and line.amount == stored.amount
        and line.site_user == stored.site_user
        and line.adjusts == stored.adjusts_record_id
    )


def stored_records(site: Site, record_ids: set[str]) -> dict[str, Stored]:
    if not record_ids:
        return {}
    rows = (
        UsageRecord.objects.filter(site=site, record_id__in=record_ids)
        .annotate(adjusts_record_id=F("adjusts__record_id"))
        .values_list(
            "id",
            "record_id",
            "allocation_id",
            "kind",
            "adjusts_record_id",
            "period_start",
            "period_end",
            "amount",
            "site_user",
        )
    )
    return {row[1]: Stored(*row) for row in rows}


def locked_allocations(site: Site, ids: set[int]) -> dict[int, Allocation]:
    allocations = (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("resource", "project")
        .filter(pk__in=ids, resource__site=site)
        .order_by("pk")
    )
    return {allocation.pk: allocation for allocation in allocations}


def check_record(
    line: UsageLine, allocation: Allocation | None, now: datetime, reader: BatchReader
) -> None:
    """The rules a new record must meet on its allocation."""
    bad = reader.add
    if allocation is None:
        bad(
            line.index,
            "allocation",
            _("Your site has no allocation %(id)d.") % {"id": line.allocation_id},
        )
        return
    if not takes_usage(status=allocation.status, end=allocation.end, now=now):
        if allocation.status == Allocation.Status.SUSPENDED:
            message = _("Allocation %(id)d is suspended: it takes no usage.")
        else:
            message = _("Allocation %(id)d ended on %(end)s: it takes no more usage.")
        bad(line.index, "allocation", message % {"id": allocation.pk, "end": allocation.end})
        return
    if line.unit != allocation.resource.unit:
        bad(
            line.index,
            "unit",
            _("Allocation %(id)d is granted in %(unit)s, not %(sent)s.")
            % {"id": allocation.pk, "unit": allocation.resource.unit, "sent": line.unit},
        )
    opens, closes = usage_window(allocation.start, allocation.end)
    dates = {"id": allocation.pk, "start": allocation.start, "end": allocation.end}
    if line.period_start < opens:
        bad(
            line.index,
            "period_start",
            _("Before allocation %(id)d starts (%(start)s, UTC).") % dates,
        )
    if line.period_end > closes:
        bad(line.index, "period_end", _("After allocation %(id)d ends (%(end)s, UTC).") % dates)
    if line.period_end > now + CLOCK_SKEW:
        bad(line.index, "period_end", _("In the future: report usage once it happened."))


def check_adjustments(
    adjustments: list[UsageLine],
    originals: dict[str, Stored | UsageLine],
    reader: BatchReader,
) -> None:
    """A credit or debit names an original usage record of the same allocation; a credit
    takes back at most what the original still counts (its amount net of adjustments)."""
    stored_ids = [o.id for o in originals.values() if isinstance(o, Stored)]
    net: dict[str, Decimal] = {}
    if any(line.kind == CREDIT for line in adjustments) and stored_ids:
        adjusted = dict(
            UsageRecord.objects.filter(adjusts_id__in=stored_ids)
            .values("adjusts_id")
            .annotate(total=Sum("amount"))
            .values_list("adjusts_id", "total")
        )
        for record_id, candidate in originals.items():
            if isinstance(candidate, Stored):
                net[record_id] = candidate.amount + adjusted.get(candidate.id, Decimal(0))
    for line in adjustments:
        assert line.adjusts is not None  # noqa: S101 - read so by BatchReader
        original = originals.get(line.adjusts)
        if original is None:
            reader.add(
                line.index,
                "adjusts",
                _("Your site sent no record %(id)s to adjust.") % {"id": line.adjusts},
            )
            continue
        if original.kind != USAGE:
            reader.add(
                line.index, "adjusts", _("Name the original usage record, not an adjustment.")
            )
            continue
        if original.allocation_id != line.allocation_id:
            reader.add(
                line.index,
                "allocation",
                _("The record it adjusts is on allocation %(id)d.")
                % {"id": original.allocation_id},
            )
            continue
        left = net.get(line.adjusts, original.amount)
        if line.kind == CREDIT and -line.amount > left:
            reader.add(
                line.index,
                "amount",
                _("A credit takes back at most what the record still counts: %(left)s.")
                % {"left": left},
            )
            continue
        net[line.adjusts] = left + line.amount
