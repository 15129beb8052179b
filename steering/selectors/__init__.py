"""Every non-trivial read of the steering app, starting from what the viewer may see.

Recusal is computed in one place (committee.py): a seat is recused from a case when its
institution is involved in the case or when it declared a conflict. Results that a page asks
for many times (the recused seats, the acting chair, the viewer's seat) are remembered on
the object they are about; `forget()` after a write.
"""

from steering.selectors.case_page import CasePage, case_page_for, seats_assignable
from steering.selectors.cases import (
    ReviewerSuggestion,
    ballot_current,
    ballot_electorate,
    ballot_tally,
    case_detail,
    case_status_counts,
    cases_for_committee,
    comments_of,
    comments_to_proposer,
    decision_latest,
    decisions_approved,
    proposals_of,
    review_of,
    review_pending,
    reviewer_suggestions,
    reviews_assigned,
    reviews_counted,
    reviews_submitted,
    seat_in_electorate,
    vote_of,
)
from steering.selectors.committee import (
    acting_chair_seat,
    eligible_seats,
    forget,
    recused_condition,
    recused_seat_ids,
    remembered,
    seat_is_recused,
    seat_of,
    seats_for_staff,
    seats_public,
)
from steering.selectors.dashboard import (
    Dashboard,
    ballots_awaiting,
    cases_chaired_by,
    cases_for_api,
    dashboard_for,
    reviews_pending_of,
)

__all__ = [
    "CasePage",
    "Dashboard",
    "ReviewerSuggestion",
    "acting_chair_seat",
    "ballot_current",
    "ballot_electorate",
    "ballot_tally",
    "ballots_awaiting",
    "case_detail",
    "case_page_for",
    "case_status_counts",
    "cases_chaired_by",
    "cases_for_api",
    "cases_for_committee",
    "comments_of",
    "comments_to_proposer",
    "dashboard_for",
    "decision_latest",
    "decisions_approved",
    "eligible_seats",
    "forget",
    "proposals_of",
    "recused_condition",
    "recused_seat_ids",
    "remembered",
    "review_of",
    "review_pending",
    "reviewer_suggestions",
    "reviews_assigned",
    "reviews_counted",
    "reviews_pending_of",
    "reviews_submitted",
    "seat_in_electorate",
    "seat_is_recused",
    "seat_of",
    "seats_assignable",
    "seats_for_staff",
    "seats_public",
    "vote_of",
]
