"""What the committee's case page shows, assembled in one place (like the dashboard)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from members.permissions import AnyUser
from steering.models import Ballot, Case, Conflict, Decision, Review, Seat, Vote
from steering.selectors.cases import (
    ReviewerSuggestion,
    ballot_current,
    ballot_tally,
    decision_latest,
    review_of,
    reviewer_suggestions,
    reviews_assigned,
    vote_of,
)
from steering.selectors.committee import (
    acting_chair_seat,
    eligible_seats,
    recusal_is_declared,
    seat_is_recused,
    seat_of,
)
from steering.tally import Tally


@dataclass
class CasePage:
    """The case for one viewer. `internals` (reviews assigned, the vote, conflicts) only
    where the viewer may see them; what only the acting chair needs only for them."""

    case: Case
    subject: Any
    seat: Seat | None
    recused: bool
    # A recused seat is out by its own declaration, not by its institution's involvement.
    recused_by_declaration: bool
    acting_chair: Seat | None
    decision: Decision | None
    internals: bool = False
    assigned: list[Review] = field(default_factory=list)
    my_review: Review | None = None
    conflicts: list[Conflict] = field(default_factory=list)
    ballot: Ballot | None = None
    tally: Tally | None = None
    my_vote: Vote | None = None
    suggestions: list[ReviewerSuggestion] = field(default_factory=list)


def case_page_for(viewer: AnyUser, case: Case, *, internals: bool, chair: bool) -> CasePage:
    """The case page's data for `viewer`. The caller decides, by the permission rules,
    whether the viewer sees the internals and acts as the chair."""
    seat = seat_of(viewer)
    recused = seat_is_recused(seat, case)
    page = CasePage(
        case=case,
        subject=case.subject,
        seat=seat,
        recused=recused,
        recused_by_declaration=recused and seat is not None and recusal_is_declared(seat, case),
        acting_chair=acting_chair_seat(case),
        decision=decision_latest(case),
    )
    if not internals:
        return page
    page.internals = True
    page.assigned = list(reviews_assigned(case))
    page.my_review = review_of(seat, case)
    page.conflicts = list(case.conflicts.select_related("seat__institution"))
    page.ballot = ballot_current(case)
    page.tally = ballot_tally(page.ballot) if page.ballot else None
    page.my_vote = vote_of(seat, page.ballot)
    if chair and case.status == Case.Status.IN_REVIEW:
        page.suggestions = reviewer_suggestions(case)
    return page


def seats_assignable(case: Case) -> QuerySet[Seat]:
    """Seats the chair may still ask to review the case: eligible, not yet asked."""
    return (
        eligible_seats(case)
        .exclude(pk__in=case.reviews.values("seat_id"))
        .select_related("institution")
        .order_by("institution__name")
    )
