"""An allocation's ledger as CSV: UTF-8, one line per usage record, times in UTC (ISO 8601).

What the site sent (its record ids, its users' names) is text from outside: a cell that
starts with = + - @ (or a tab or carriage return) would be a formula to a spreadsheet, so
it is written with a leading apostrophe. Amounts and times are written by the portal, as
numbers and ISO times (a credit's amount is negative: that minus is a sign, not a formula).
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from django.utils.translation import gettext as _

from projects.models import Allocation, UsageRecord
from tpc_portal.spreadsheets import spreadsheet_safe


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


class _Echo:
    """A file that hands back what is written, for a streamed response."""

    def write(self, value: str) -> str:
        return value


def ledger_lines(allocation: Allocation, records: Iterable[UsageRecord]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(
        [
            _("Record id"),
            _("Kind"),
            _("From (UTC)"),
            _("To (UTC)"),
            _("Amount"),
            _("Unit"),
            _("User at the site"),
            _("Corrects record"),
            _("Received (UTC)"),
        ]
    )
    for record in records:
        yield writer.writerow(
            [
                spreadsheet_safe(record.record_id),
                record.kind,
                _utc(record.period_start),
                _utc(record.period_end),
                str(record.amount),
                allocation.resource.unit,
                spreadsheet_safe(record.site_user),
                spreadsheet_safe(record.adjusts.record_id) if record.adjusts_id else "",
                _utc(record.received),
            ]
        )
