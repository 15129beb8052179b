"""The steering committee's data. One module per part; import from here."""

from steering.models.audit import AuditEntry, Reminder
from steering.models.cases import Case, Comment, Conflict, Review
from steering.models.membership import MembershipApplication
from steering.models.seats import Seat
from steering.models.voting import Ballot, Decision, Vote

__all__ = [
    "AuditEntry",
    "Ballot",
    "Case",
    "Comment",
    "Conflict",
    "Decision",
    "MembershipApplication",
    "Reminder",
    "Review",
    "Seat",
    "Vote",
]
