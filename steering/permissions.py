"""Who may do what on the steering committee.

Predicates used by views, the API, services and templates alike, the committee pages'
decorator, and fetch-or-refuse helpers. A recused seat is refused with 404 wherever it
would learn something about the case's reviews, votes or discussion.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.permissions import AnyUser
from steering import selectors
from steering.models import Case, Seat
from tpc_portal.second_factor import is_staff, second_factor_required


@rules.predicate
def holds_seat(user: AnyUser) -> bool:
    """Representative or alternate of an active seat."""
    return selectors.seat_of(user) is not None


can_use_committee = holds_seat | is_staff


@rules.predicate
def is_submitter(user: AnyUser, case: Case) -> bool:
    return user.is_authenticated and case.submitter_id == user.pk


@rules.predicate
def is_recused(user: AnyUser, case: Case) -> bool:
    return selectors.seat_is_recused(selectors.seat_of(user), case)


@rules.predicate
def can_see_internals(user: AnyUser, case: Case) -> bool:
    """Discussion, votes and audit trail: the committee and staff, never a recused seat."""
    return can_use_committee(user) and not is_recused(user, case)


@rules.predicate
def has_review_pending(user: AnyUser, case: Case) -> bool:
    return selectors.review_pending(selectors.seat_of(user), case)


@rules.predicate
def can_read_reviews(user: AnyUser, case: Case) -> bool:
    """May see what reviews say (score, recommendation, comments): the one rule for every
    page, API field and template that shows them. Never a recused seat; an assigned
    reviewer only once their own review is submitted."""
    return can_see_internals(user, case) and not has_review_pending(user, case)


@rules.predicate
def can_review(user: AnyUser, case: Case) -> bool:
    seat = selectors.seat_of(user)
    return (
        seat is not None
        and case.status == Case.Status.IN_REVIEW
        and not selectors.seat_is_recused(seat, case)
        and selectors.review_of(seat, case) is not None
    )


@rules.predicate
def can_vote(user: AnyUser, case: Case) -> bool:
    seat = selectors.seat_of(user)
    if seat is None or case.status != Case.Status.IN_REVIEW:
        return False
    ballot = selectors.ballot_current(case)
    return (
        ballot is not None
        and ballot.accepts_votes()
        and not selectors.seat_is_recused(seat, case)
        and selectors.seat_in_electorate(seat, ballot)
    )


@rules.predicate
def can_chair(user: AnyUser, case: Case) -> bool:
    """The acting chair of the case: the chair, or the vice-chair when the chair is recused."""
    seat = selectors.seat_of(user)
    return seat is not None and selectors.acting_chair_seat(case) == seat


@rules.predicate
def can_declare_conflict(user: AnyUser, case: Case) -> bool:
    seat = selectors.seat_of(user)
    return seat is not None and case.is_open and not selectors.seat_is_recused(seat, case)


@rules.predicate
def can_withdraw(user: AnyUser, case: Case) -> bool:
    return is_submitter(user, case) and case.is_open


@rules.predicate
def can_resubmit(user: AnyUser, case: Case) -> bool:
    return is_submitter(user, case) and case.status == Case.Status.REVISION_REQUESTED


can_manage_seats = is_staff

rules.add_perm("steering.use_committee", can_use_committee)
rules.add_perm("steering.manage_seats", can_manage_seats)
rules.add_perm("steering.see_case_internals", can_see_internals)
rules.add_perm("steering.read_reviews", can_read_reviews)
rules.add_perm("steering.review_case", can_review)
rules.add_perm("steering.vote_case", can_vote)
rules.add_perm("steering.chair_case", can_chair)
rules.add_perm("steering.declare_conflict", can_declare_conflict)
rules.add_perm("steering.withdraw_case", can_withdraw)
rules.add_perm("steering.resubmit_case", can_resubmit)


# Committee pages: log in first, seat holders and staff only (403), second factor set up.
committee_member_required = second_factor_required(can_use_committee)
# Seat management: staff only, second factor set up.
seat_manager_required = second_factor_required(can_manage_seats)


def access_seat(user: AnyUser) -> Seat:
    """The user's active seat, for a service acting as it; refused when they hold none."""
    seat = selectors.seat_of(user)
    if seat is None:
        raise PermissionDenied
    return seat


def access_case(user: AnyUser, pk: int) -> Case:
    """A case for a committee page, or 404. Recused seats get it too: its page says so."""
    case = selectors.case_detail(pk)
    if case is None or not can_use_committee(user):
        raise Http404
    return case


def access_case_internals(user: AnyUser, pk: int) -> Case:
    """A case whose discussion, votes or audit the user may see; 404 for a recused seat,
    so that nothing about the case's handling leaks, not even that there is any."""
    case = access_case(user, pk)
    if not can_see_internals(user, case):
        raise Http404
    return case


def access_case_reviews(user: AnyUser, pk: int) -> Case:
    """A case whose reviews the user may read; 404 otherwise."""
    case = access_case_internals(user, pk)
    if not can_read_reviews(user, case):
        raise Http404
    return case


def access_proposal(user: AnyUser, pk: int) -> Case:
    """One's own case as its proposer sees it, or 404."""
    case = selectors.case_detail(pk)
    if case is None or not is_submitter(user, case):
        raise Http404
    return case
