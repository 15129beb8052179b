"""Usage reported by partner sites: the one write path of the allocations' ledger.

What a batch does (the API documents the same, projects/usage_api.py):

1. **Validated in full, all or nothing.** Every record is checked, by field and against its
   allocation, before anything is stored; every bad record is listed by its index in the
   batch and its field. If any record is bad, NOTHING of the batch is stored
   (`UsageBatchInvalid`, the API's 400 with `"stored": false`). Refused: a missing, unknown
   or malformed field; an allocation that is not the site's; a suspended allocation, or one
   whose end day is more than LATE_REPORTS past; a period outside the allocation's dates or
   in the future; a unit other than the resource's; an amount that is not more than zero
   (a credit is sent as a positive amount of kind "credit"); a credit or debit that names no
   original usage record of the same allocation, or a credit taking back more than the
   original's amount net of earlier adjustments; a record id twice in one batch.
2. **Then each record has an outcome, and the batch is stored** (`"stored": true`):
   "created" (a new ledger line), "duplicate" (the site sent this record id before with the
   same content: nothing changes — so a batch can be resent safely), or "conflict" (the
   record id was sent before with different content: this record is refused, 409 for it,
   and the others are stored). A correction is an adjustment: a record of its own, kind
   credit or debit, `adjusts` naming the original record id.

Concurrency: the allocations a batch names are locked first (SELECT … FOR UPDATE, ordered by
id, so two batches never wait on each other in a circle), then the stored records with the
batch's ids are read, and new records are inserted with ON CONFLICT DO NOTHING … RETURNING,
so that only the rows this transaction really inserted count. A record id another
transaction inserted meanwhile (possible only for an allocation this batch does not hold,
the lock serialises the rest) is read back and reported as a duplicate or a conflict. Each
allocation's `used` grows by what was inserted for it, under its lock, in the same
transaction, with its status and its once-only threshold marks; the threshold notices are
created in that transaction too (their e-mail leaves after the commit). So the same batch
sent twice at the same moment, or by two sites, counts once, and a threshold is told once.

The checks (step 1, and reading what is stored and locking the allocations) are in
usage_checks.py; this module stores and reports.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from projects.audit import ALLOCATION_ACTIVE_AGAIN, ALLOCATION_EXHAUSTED, USAGE_REPORTED
from projects.models import Allocation, Site, UsageRecord
from projects.notices import ALLOCATION_THRESHOLD, allocation_context, link_or_blank
from projects.services.usage_checks import (
    Stored,
    check_adjustments,
    check_record,
    locked_allocations,
    same_content,
    stored_records,
)
from projects.usage_input import (
    USAGE,
    WHOLE_BATCH,
    UsageLine,
    read_batch,
)
from projects.usage_rules import (
    EXHAUSTED,
    status_after,
    threshold_reached,
)
from projects.usage_selectors import project_leads
from tpc_portal.audit import audit_record
from tpc_portal.errors import ApplicationError

CREATED, DUPLICATE, CONFLICT = "created", "duplicate", "conflict"


class UsageBatchInvalid(ApplicationError):
    """A batch with bad records: nothing was stored. `records` maps each bad record's index
    to its fields' messages; `errors` holds the same flattened ("records[3].amount")."""

    def __init__(self, message: str, *, records: dict[int, dict[str, list[str]]]) -> None:
        flat = {
            (f"records[{index}].{name}" if index != WHOLE_BATCH else name): messages
            for index, fields in sorted(records.items())
            for name, messages in fields.items()
        }
        super().__init__(message, errors=flat)
        self.records = records


@dataclass(frozen=True)
class RecordOutcome:
    index: int
    record_id: str
    outcome: str  # CREATED, DUPLICATE or CONFLICT
    # The ledger line: the new one, or the one stored before (a duplicate, a conflict).
    id: int | None
    message: str = ""


@dataclass
class UsageReport:
    outcomes: list[RecordOutcome] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.outcomes if line.outcome == outcome)


# --- Writing them -------------------------------------------------------------------------

_INSERTED = (
    "site",
    "allocation",
    "record_id",
    "kind",
    "adjusts",
    "period_start",
    "period_end",
    "amount",
    "site_user",
    "received",
)
_INSERT = (
    "INSERT INTO {table} ({columns}) VALUES {rows} "
    "ON CONFLICT ({unique}) DO NOTHING RETURNING {returning}"
)


def _field(name: str) -> models.Field:
    field = UsageRecord._meta.get_field(name)
    assert isinstance(field, models.Field)  # noqa: S101 - a concrete column of the model
    return field


def _column(name: str) -> str:
    return connection.ops.quote_name(_field(name).column or name)


def _insert(
    site: Site, lines: list[UsageLine], adjusts_ids: dict[str, int], now: datetime
) -> dict[str, int]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING: the record ids this statement inserted,
    with their ledger ids. Rows another transaction holds are skipped, not counted."""
    if not lines:
        return {}
    # The values are checked already (aware datetimes, decimals that fit): adapted for the
    # driver as the fields would, without a field's checks per value.
    moment, decimal = (
        connection.ops.adapt_datetimefield_value,
        connection.ops.adapt_decimalfield_value,
    )
    received = moment(now)
    parameters: list[Any] = []
    for line in lines:
        parameters += [
            site.pk,
            line.allocation_id,
            line.record_id,
            line.kind,
            adjusts_ids[line.adjusts] if line.adjusts is not None else None,
            moment(line.period_start),
            moment(line.period_end),
            decimal(line.amount, 16, 3),
            line.site_user,
            received,
        ]
    row = "(" + ", ".join(["%s"] * len(_INSERTED)) + ")"
    # Every name comes from the model's own metadata; every value is a parameter.
    sql = _INSERT.format(
        table=connection.ops.quote_name(UsageRecord._meta.db_table),
        columns=", ".join(_column(name) for name in _INSERTED),
        rows=", ".join([row] * len(lines)),
        unique=f"{_column('site')}, {_column('record_id')}",
        returning=f"{_column('id')}, {_column('record_id')}",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return {record_id: pk for pk, record_id in cursor.fetchall()}


def _apply(
    allocations: dict[int, Allocation], created: list[UsageLine], now: datetime
) -> list[tuple[Allocation, int]]:
    """Add what was inserted to each allocation's `used`, under its lock, with its status and
    threshold marks; returns the thresholds to tell (allocation, percent)."""
    delta: dict[int, Decimal] = defaultdict(Decimal)
    for line in created:
        delta[line.allocation_id] += line.amount
    changed, told = [], []
    # Only the columns that change: each is a CASE over the rows of the UPDATE.
    fields = {"used", "last_usage"}
    for allocation_id, amount in delta.items():
        allocation = allocations[allocation_id]
        before = allocation.status
        allocation.used += amount
        allocation.last_usage = now
        allocation.status = status_after(before, granted=allocation.granted, used=allocation.used)
        tell, mark = threshold_reached(
            granted=allocation.granted,
            used=allocation.used,
            warned={80: allocation.warned_80 is not None, 100: allocation.warned_100 is not None},
        )
        for percent in mark:
            setattr(allocation, f"warned_{percent}", now)
            fields.add(f"warned_{percent}")
        if tell is not None:
            told.append((allocation, tell))
        if allocation.status != before:
            fields.add("status")
            audit_record(
                actor=None,
                subject=allocation,
                verb=ALLOCATION_EXHAUSTED
                if allocation.status == EXHAUSTED
                else ALLOCATION_ACTIVE_AGAIN,
                before={"status": before},
                after={"status": allocation.status},
                context={"used": str(allocation.used), "granted": str(allocation.granted)},
            )
        changed.append(allocation)
    Allocation.objects.bulk_update(changed, sorted(fields))
    return told


def _tell(told: list[tuple[Allocation, int]], site: Site) -> None:
    if not told:
        return
    leads = project_leads({allocation.project_id for allocation, _percent in told})
    for allocation, percent in told:
        notify(
            leads.get(allocation.project_id, []),
            ALLOCATION_THRESHOLD,
            context=allocation_context(allocation, site=site) | {"percent": percent},
            link=link_or_blank("projects:project_allocations", allocation.project.slug),
        )


def usage_report(*, site: Site, records: Sequence[Any]) -> UsageReport:
    """Store a site's batch of usage records (see the module's docstring for the rules).

    Guarantees: nothing is stored unless every record is valid (else UsageBatchInvalid,
    listing each bad record by index and field); a record id is stored once per site, and
    counted once in its allocation's `used`, in the same transaction, whatever runs at the
    same time; a resent record changes nothing; each threshold is told once per allocation.
    """
    now = timezone.now()
    lines, reader = read_batch(records)
    with transaction.atomic():
        allocations = locked_allocations(site, {line.allocation_id for line in lines})
        wanted = {line.record_id for line in lines} | {
            line.adjusts for line in lines if line.adjusts is not None
        }
        stored = stored_records(site, wanted)
        new = [line for line in lines if line.record_id not in stored]
        for line in new:
            check_record(line, allocations.get(line.allocation_id), now, reader)
        originals: dict[str, Stored | UsageLine] = {
            line.record_id: line for line in new if line.kind == USAGE
        }
        originals.update(stored)
        check_adjustments([line for line in new if line.adjusts], originals, reader)
        if reader.errors:
            raise UsageBatchInvalid(
                _("Nothing was stored: %(count)d records are not valid.")
                % {"count": len(reader.errors)}
                if WHOLE_BATCH not in reader.errors
                else _("Nothing was stored: the batch is not valid."),
                records=dict(reader.errors),
            )
        report = _store(site, lines, new, stored, allocations, now)
    return report


def _store(
    site: Site,
    lines: list[UsageLine],
    new: list[UsageLine],
    stored: dict[str, Stored],
    allocations: dict[int, Allocation],
    now: datetime,
) -> UsageReport:
    ids = {record_id: row.id for record_id, row in stored.items()}
    inserted: dict[str, int] = {}
    # Originals first, then the adjustments that may name them.
    for phase in (
        [line for line in new if line.adjusts is None],
        [line for line in new if line.adjusts],
    ):
        inserted.update(_insert(site, phase, ids, now))
        # Record ids another transaction inserted between our read and our insert.
        raced = stored_records(
            site, {line.record_id for line in phase if line.record_id not in inserted}
        )
        stored = stored | raced
        ids.update(inserted)
        ids.update({record_id: row.id for record_id, row in raced.items()})
    outcomes, created = [], []
    for line in lines:
        if line.record_id in inserted:
            created.append(line)
            outcomes.append(
                RecordOutcome(line.index, line.record_id, CREATED, inserted[line.record_id])
            )
            continue
        before = stored[line.record_id]
        if same_content(line, before):
            outcomes.append(RecordOutcome(line.index, line.record_id, DUPLICATE, before.id))
        else:
            outcomes.append(
                RecordOutcome(
                    line.index,
                    line.record_id,
                    CONFLICT,
                    before.id,
                    _(
                        "Your site sent record %(id)s before with other content; it is kept "
                        "as it was. Send a correction as a credit or debit adjusting it."
                    )
                    % {"id": line.record_id},
                )
            )
    report = UsageReport(outcomes)
    told = _apply(allocations, created, now)
    if created or report.count(CONFLICT):
        audit_record(
            actor=None,
            subject=site,
            verb=USAGE_REPORTED,
            context={
                "site": site.name,
                "created": len(created),
                "duplicates": report.count(DUPLICATE),
                "conflicts": report.count(CONFLICT),
                "allocations": sorted({line.allocation_id for line in created}),
            },
        )
    _tell(told, site)
    return report
