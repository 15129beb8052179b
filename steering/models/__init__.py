"""The steering committee's data. One module per part; import from here."""

from steering.models.cases import Case, Comment, Conflict, Review
from steering.models.membership import MembershipApplication
from steering.models.reminders import Reminder
from steering.models.seats import Seat
from steering.models.voting import Ballot, Decision, Vote

__all__ = [
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
