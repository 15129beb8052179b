"""How the committee's pages and notices show times and stored values, at display time.

Times are shown in the reader's time zone (the one active for the request: UTC until
people choose their own) with the zone's name beside them. Audit entries store plain data
(status values, ISO timestamps); these helpers turn them into words in the reader's
language when the page is drawn, never when the entry is written.
"""

from steering.models import Case, Decision, Seat, Vote
from tpc_portal.audit import label_of
from tpc_portal.timezones import day, moment

__all__ = [
    "choice_label",
    "day",
    "moment",
    "outcome_label",
    "role_label",
    "status_label",
]


def status_label(value: str | None) -> str:
    return label_of(Case.Status, value)


def role_label(value: str | None) -> str:
    return label_of(Seat.Role, value)


def outcome_label(value: str | None) -> str:
    return label_of(Decision.Outcome, value)


def choice_label(value: str | None) -> str:
    return label_of(Vote.Choice, value)
