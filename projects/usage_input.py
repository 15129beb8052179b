"""Reading a batch of usage records as a site sends them (JSON values), every error kept by
the record's index and field: plain Python, no database. What the records must then meet on
their allocations is the service's to check (projects/services/usage.py).
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from projects.models import Resource, UsageRecord

MAX_BATCH = 1000
FIELDS = frozenset(
    {"record_id", "allocation", "period_start", "period_end", "amount", "unit", "user"}
    | {"kind", "adjusts"}
)
MAX_AMOUNT = Decimal(10) ** 13  # what AMOUNT (16 digits, 3 after the point) can hold
UNITS = tuple(Resource.Unit.values)
KINDS = tuple(UsageRecord.Kind.values)
USAGE, CREDIT, DEBIT = UsageRecord.Kind.USAGE, UsageRecord.Kind.CREDIT, UsageRecord.Kind.DEBIT
# Errors about the batch as a whole are kept under this index.
WHOLE_BATCH = -1


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


@dataclass(slots=True)
class UsageLine:
    index: int
    record_id: str
    allocation_id: int
    period_start: datetime
    period_end: datetime
    amount: Decimal  # signed, as the ledger stores it: a credit is negative
    unit: str
    site_user: str
    kind: str
    adjusts: str | None


def _identifier(value: Any, *, max_length: int = 100) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _Bad(_("Give a text (or a whole number)."))
    text = str(value)
    if not text.strip():
        raise _Bad(_("This field may not be blank."))
    if len(text) > max_length:
        raise _Bad(_("At most %(count)d characters.") % {"count": max_length})
    return text


def _allocation_id(value: Any) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _Bad(_("Give the allocation's id, a whole number."))
    return value


def _moment(value: Any) -> datetime:
    if not isinstance(value, str):
        raise _Bad(_("Give a date and time in ISO 8601, such as 2027-03-01T00:00:00Z."))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise _Bad(_("Give a date and time in ISO 8601, such as 2027-03-01T00:00:00Z.")) from error
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _Bad(_("Give the time's offset from UTC, such as Z or +01:00."))
    return moment


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise _Bad(_("Give a number."))
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise _Bad(_("Give a number.")) from error
    if not amount.is_finite():
        raise _Bad(_("Give a number."))
    if amount <= 0:
        raise _Bad(_("Must be more than zero (a correction is a credit or a debit)."))
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3:
        raise _Bad(_("At most 3 decimal places."))
    if amount >= MAX_AMOUNT:
        raise _Bad(_("Too large."))
    return amount


def _choice(value: Any, choices: Sequence[str]) -> str:
    if value not in choices:
        raise _Bad(_("One of: %(choices)s.") % {"choices": ", ".join(choices)})
    return value


class BatchReader:
    """Reads the records of a batch, collecting every error by index and field."""

    def __init__(self) -> None:
        self.errors: dict[int, dict[str, list[str]]] = defaultdict(dict)

    def add(self, index: int, name: str, message: str) -> None:
        self.errors[index].setdefault(name, []).append(message)

    def _take(self, index: int, raw: Mapping[str, Any], name: str, read: Any) -> Any:
        try:
            return read(raw[name])
        except KeyError:
            self.add(index, name, _("This field is required."))
        except _Bad as bad:
            self.add(index, name, bad.message)
        return None

    def line(self, index: int, raw: Any) -> UsageLine | None:
        if not isinstance(raw, Mapping):
            self.add(index, "non_field_errors", _("A record is an object of named fields."))
            return None
        for name in sorted(set(raw) - FIELDS):
            self.add(index, str(name), _("Unknown field."))
        record_id = self._take(index, raw, "record_id", _identifier)
        allocation_id = self._take(index, raw, "allocation", _allocation_id)
        start = self._take(index, raw, "period_start", _moment)
        end = self._take(index, raw, "period_end", _moment)
        amount = self._take(index, raw, "amount", _amount)
        unit = self._take(index, raw, "unit", lambda v: _choice(v, UNITS))
        site_user = ""
        if raw.get("user") not in (None, ""):
            site_user = self._take(index, raw, "user", lambda v: _identifier(v, max_length=150))
        kind = USAGE
        if raw.get("kind") is not None:
            kind = self._take(index, raw, "kind", lambda v: _choice(v, KINDS))
        adjusts = None
        if raw.get("adjusts") not in (None, ""):
            adjusts = self._take(index, raw, "adjusts", _identifier)
            if kind == USAGE:
                self.add(index, "adjusts", _("Only a credit or a debit adjusts a record."))
        elif kind in (CREDIT, DEBIT):
            self.add(index, "adjusts", _("A credit or a debit names the record it adjusts."))
        if start is not None and end is not None and end <= start:
            self.add(index, "period_end", _("The period must end after it starts."))
        if index in self.errors:
            return None
        return UsageLine(
            index=index,
            record_id=record_id,
            allocation_id=allocation_id,
            period_start=start,
            period_end=end,
            amount=-amount if kind == CREDIT else amount,
            unit=unit,
            site_user=site_user or "",
            kind=kind,
            adjusts=adjusts,
        )


def read_batch(records: Sequence[Any]) -> tuple[list[UsageLine], BatchReader]:
    reader = BatchReader()
    if not isinstance(records, Sequence) or isinstance(records, str | bytes):
        reader.add(WHOLE_BATCH, "records", _("Send the records as a list."))
        return [], reader
    if not records:
        reader.add(WHOLE_BATCH, "records", _("Send at least one record."))
    if len(records) > MAX_BATCH:
        reader.add(
            WHOLE_BATCH,
            "records",
            _("At most %(count)d records in a batch.") % {"count": MAX_BATCH},
        )
        return [], reader
    lines = []
    first_at: dict[str, int] = {}
    for index, raw in enumerate(records):
        line = reader.line(index, raw)
        if line is None:
            continue
        if line.record_id in first_at:
            reader.add(
                index,
                "record_id",
                _("This record id is in the batch already, at index %(index)d.")
                % {"index": first_at[line.record_id]},
            )
            continue
        first_at[line.record_id] = index
        lines.append(line)
    return lines, reader
