"""Quorum and majority, with recusals, abstentions and ties; refusals with clear messages."""

from datetime import timedelta
from fractions import Fraction

import pytest
import time_machine
from django.utils import timezone

from steering import selectors, services
from steering.models import Case, Conflict
from steering.tally import Tally, quorum_share, tally_count
from tests.steering.factories import BallotFactory, CaseFactory
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError

HALF = Fraction(1, 2)
REJECT_OR_REVISE = ["rejected", "revision_requested"]


@pytest.mark.parametrize(
    ("eligible", "approve", "reject", "abstain", "quorum", "has_quorum", "majority", "allowed"),
    [
        # Quorum is at least half of the seats entitled to vote, rounded up.
        (4, 1, 1, 0, 2, True, None, REJECT_OR_REVISE),
        (5, 2, 0, 0, 3, False, "approve", []),
        (5, 2, 1, 0, 3, True, "approve", ["approved"]),
        # Abstentions count towards quorum, not towards the majority.
        (4, 1, 0, 1, 2, True, "approve", ["approved"]),
        (4, 0, 0, 2, 2, True, None, REJECT_OR_REVISE),
        (4, 0, 0, 1, 2, False, None, []),
        # Ties are no majority: no approval.
        (6, 2, 2, 1, 3, True, None, REJECT_OR_REVISE),
        (6, 1, 2, 0, 3, True, "reject", REJECT_OR_REVISE),
        # Nobody entitled to vote (everyone recused): no quorum, ever.
        (0, 0, 0, 0, 0, False, None, []),
        # One seat entitled to vote decides alone.
        (1, 1, 0, 0, 1, True, "approve", ["approved"]),
    ],
)
def test_quorum_and_majority(
    eligible, approve, reject, abstain, quorum, has_quorum, majority, allowed
):
    tally = Tally(eligible=eligible, approve=approve, reject=reject, abstain=abstain, share=HALF)

    assert tally.quorum == quorum
    assert tally.has_quorum is has_quorum
    assert tally.majority == majority
    assert tally.allowed_outcomes() == allowed


@pytest.mark.parametrize(
    ("share", "eligible", "needed"),
    [(Fraction(2, 3), 6, 4), (Fraction(2, 3), 7, 5), (Fraction(1), 3, 3), (Fraction(1, 3), 1, 1)],
)
def test_the_share_is_configurable(share, eligible, needed):
    assert Tally(eligible=eligible, approve=0, reject=0, abstain=0, share=share).quorum == needed


def test_votes_of_seats_not_entitled_to_vote_are_ignored():
    tally = tally_count(
        eligible_seat_ids=[1, 2, 3],
        votes=[(1, "approve"), (2, "reject"), (9, "reject"), (8, "reject")],
        share=HALF,
    )

    assert (tally.eligible, tally.approve, tally.reject, tally.cast) == (3, 1, 1, 2)


def test_quorum_share_comes_from_settings(settings):
    settings.STEERING_QUORUM = 0.6
    assert quorum_share() == Fraction(3, 5)
    settings.STEERING_QUORUM = 0
    with pytest.raises(ValueError, match="STEERING_QUORUM"):
        quorum_share()


# --- The decision service applies them --------------------------------------------------------


@pytest.fixture
def vote(committee):
    """A rejected-or-approved-by-vote case: in review, vote open for a week."""
    case = CaseFactory(status=Case.Status.IN_REVIEW)
    ballot = BallotFactory(case=case, opened_by=committee.chair.representative)
    return case, ballot


def _cast(ballot, seats, choices):
    for seat, choice in zip(seats, choices, strict=True):
        services.vote_cast(ballot=ballot, actor=seat.representative, choice=choice)


def _decide(committee, case, outcome="rejected"):
    return services.decision_record(
        case=case, actor=committee.chair.representative, outcome=outcome, rationale="Reasons."
    )


def test_a_decision_without_quorum_is_refused_with_a_clear_message(committee, vote):
    case, ballot = vote
    _cast(ballot, committee.seats[:2], ["reject", "reject"])  # 2 of 5; 3 needed

    with (
        time_machine.travel(ballot.closes_at + timedelta(minutes=1)),
        pytest.raises(ApplicationError) as refused,
    ):
        _decide(committee, case)

    assert refused.value.message == (
        "No quorum: 2 of the 5 seats entitled to vote voted, and 3 are needed. "
        "Extend the vote to give the others time."
    )
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_REVIEW
    assert not case.decisions.exists()


def test_the_decision_page_shows_the_refusal_beside_the_form(committee, vote, login):
    case, ballot = vote
    client = login(committee.chair.representative)

    with time_machine.travel(ballot.closes_at + timedelta(minutes=1)):
        response = client.post(
            f"/committee/cases/{case.pk}/decision/", {"outcome": "rejected", "rationale": "x"}
        )

    assert response.status_code == 400
    assert "No quorum: 0 of the 5 seats" in response.content.decode()


def test_recusals_shrink_the_quorum(committee):
    involved = committee.members[0]
    case = CaseFactory(status=Case.Status.IN_REVIEW, institutions=[involved.institution])
    Conflict.objects.create(
        case=case,
        seat=committee.members[1],
        reason="x",
        declared_by=committee.members[1].representative,
    )
    ballot = BallotFactory(case=case)
    _cast(ballot, [committee.chair, committee.vice], ["reject", "abstain"])  # 2 of 3

    with time_machine.travel(ballot.closes_at + timedelta(minutes=1)):
        decision = _decide(committee, case)

    assert (decision.eligible_seats, decision.votes_reject, decision.votes_abstain) == (3, 1, 1)


def test_a_tie_cannot_approve(committee, vote):
    case, ballot = vote
    _cast(ballot, committee.seats[:5], ["approve", "approve", "reject", "reject", "abstain"])

    with pytest.raises(ApplicationError, match="Approval needs a majority: 2 approve, 2 reject"):
        _decide(committee, case, outcome="approved")
    decision = _decide(committee, case, outcome="revision_requested")

    assert Case.objects.get(pk=case.pk).status == Case.Status.REVISION_REQUESTED
    assert decision.outcome == "revision_requested"


def test_the_chair_cannot_reject_what_the_committee_approved(committee, vote):
    case, ballot = vote
    _cast(ballot, committee.seats, ["approve", "approve", "approve", "reject", "abstain"])

    with pytest.raises(ApplicationError, match=r"voted to approve \(3 to 1\)"):
        _decide(committee, case, outcome="rejected")


def test_no_decision_while_the_vote_is_open_and_seats_have_not_voted(committee, vote):
    case, ballot = vote
    _cast(ballot, committee.seats[:4], ["reject"] * 4)

    with pytest.raises(ApplicationError, match="1 of 5 seats have not voted yet"):
        _decide(committee, case)


def test_votes_change_until_the_close_and_not_after(committee, vote):
    case, ballot = vote
    seat = committee.members[0]
    services.vote_cast(ballot=ballot, actor=seat.representative, choice="approve")
    services.vote_cast(ballot=ballot, actor=seat.representative, choice="reject")

    assert ballot.votes.get(seat=seat).choice == "reject"
    assert audit_of(case).filter(context__seat_id=seat.pk).count() == 2
    with (
        time_machine.travel(ballot.closes_at + timedelta(seconds=1)),
        pytest.raises(ApplicationError, match="closed"),
    ):
        services.vote_cast(ballot=ballot, actor=seat.representative, choice="approve")


def test_extending_the_vote_lets_the_others_reach_quorum(committee, vote):
    case, ballot = vote
    _cast(ballot, committee.seats[:1], ["reject"])
    later = ballot.closes_at + timedelta(days=3)

    with time_machine.travel(ballot.closes_at + timedelta(hours=1)):
        services.ballot_extend(ballot=ballot, actor=committee.chair.representative, closes_at=later)
        _cast(ballot, committee.seats[1:3], ["reject", "abstain"])
    with time_machine.travel(later + timedelta(minutes=1)):
        decision = _decide(committee, case)

    assert decision.votes_cast == 3
    assert case.ballots.get().closed_at is not None


def test_a_stricter_quorum_setting_refuses_what_half_allows(committee, vote, settings):
    settings.STEERING_QUORUM = 0.8
    case, ballot = vote
    _cast(ballot, committee.seats[:3], ["reject"] * 3)

    with (
        time_machine.travel(ballot.closes_at + timedelta(minutes=1)),
        pytest.raises(ApplicationError, match=r"3 of the 5 seats .* and 4 are needed"),
    ):
        _decide(committee, case)
    assert selectors.ballot_tally(ballot).quorum == 4


def test_a_decision_needs_a_vote_and_a_rationale(committee):
    case = CaseFactory(status=Case.Status.IN_REVIEW)
    chair = committee.chair.representative

    with pytest.raises(ApplicationError, match="Open a vote first"):
        services.decision_record(case=case, actor=chair, outcome="rejected", rationale="x")
    with pytest.raises(ApplicationError, match="rationale"):
        services.decision_record(case=case, actor=chair, outcome="rejected", rationale="  ")


def test_one_open_vote_per_case(committee, vote):
    case, _ballot = vote

    with pytest.raises(ApplicationError, match="already open"):
        services.ballot_open(
            case=case,
            actor=committee.chair.representative,
            closes_at=timezone.now() + timedelta(days=3),
        )


def test_a_quorum_out_of_range_stops_the_portal_at_its_system_check(settings):
    from django.core.checks import run_checks

    settings.STEERING_QUORUM = 1.5

    errors = [message for message in run_checks() if message.id == "steering.E001"]

    assert len(errors) == 1
    assert "STEERING_QUORUM must be more than 0 and at most 1" in errors[0].msg
