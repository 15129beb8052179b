"""Every write of the steering app. Import from here: `from steering import services`."""

from steering.services.cases import (
    case_institutions_add,
    case_resubmit,
    case_review_start,
    case_submit,
    case_withdraw,
    comment_post,
    conflict_declare,
)
from steering.services.common import InvalidTransition
from steering.services.membership import membership_application_submit
from steering.services.reminders import reminders_send
from steering.services.reviews import review_assign, review_submit
from steering.services.seats import seat_create, seat_update
from steering.services.voting import ballot_extend, ballot_open, decision_record, vote_cast

__all__ = [
    "InvalidTransition",
    "ballot_extend",
    "ballot_open",
    "case_institutions_add",
    "case_resubmit",
    "case_review_start",
    "case_submit",
    "case_withdraw",
    "comment_post",
    "conflict_declare",
    "decision_record",
    "membership_application_submit",
    "reminders_send",
    "review_assign",
    "review_submit",
    "seat_create",
    "seat_update",
    "vote_cast",
]
