"""The electorate of a vote is decided when it opens: a seat created later does not join it;
a seat recused later leaves it."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from steering import selectors, services
from steering.models import Case
from tests.steering.factories import CaseFactory, SeatFactory
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_vote(committee):
    case = CaseFactory(status=Case.Status.IN_REVIEW)
    ballot = services.ballot_open(
        case=case,
        actor=committee.chair.representative,
        closes_at=timezone.now() + timedelta(days=7),
    )
    return case, ballot


def test_opening_the_vote_stores_the_seats_entitled_to_vote(committee, open_vote):
    _case, ballot = open_vote

    assert set(ballot.electorate.all()) == set(committee.seats)
    assert selectors.ballot_tally(ballot).eligible == 5


def test_a_seat_created_while_the_vote_is_open_does_not_join_its_electorate(committee, open_vote):
    _case, ballot = open_vote

    newcomer = SeatFactory()

    assert selectors.ballot_tally(ballot).eligible == 5
    assert newcomer not in selectors.ballot_electorate(ballot)


def test_a_newcomer_seat_cannot_vote_and_is_told_why(committee, open_vote, login):
    case, ballot = open_vote
    newcomer = SeatFactory()

    with pytest.raises(ApplicationError) as refused:
        services.vote_cast(ballot=ballot, actor=newcomer.representative, choice="approve")
    assert "opened before the seat joined" in refused.value.message

    page = login(newcomer.representative).get(reverse("steering:case", args=[case.pk]))
    assert page.context["can_vote"] is False


def test_a_newcomer_seat_does_not_block_an_early_decision(committee, open_vote):
    case, ballot = open_vote
    SeatFactory()  # a seat without a vote of its own, created after the opening
    for seat in committee.seats:
        services.vote_cast(ballot=ballot, actor=seat.representative, choice="reject")

    decision = services.decision_record(
        case=case, actor=committee.chair.representative, outcome="rejected", rationale="All in."
    )

    assert (decision.eligible_seats, decision.votes_reject) == (5, 5)


def test_a_seat_recused_after_the_opening_leaves_the_electorate(committee, open_vote):
    case, ballot = open_vote
    seat = committee.members[0]
    services.vote_cast(ballot=ballot, actor=seat.representative, choice="reject")

    services.conflict_declare(case=case, actor=seat.representative, reason="My co-author.")

    tally = selectors.ballot_tally(Case.objects.get(pk=case.pk).ballots.get())
    assert (tally.eligible, tally.reject) == (4, 0)


def test_a_seat_whose_term_ends_during_the_vote_leaves_the_electorate(committee, open_vote):
    _case, ballot = open_vote
    seat = committee.members[0]
    seat.term_end = timezone.localdate() + timedelta(days=1)
    seat.save()

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert selectors.ballot_tally(ballot).eligible == 4


def test_only_the_electorate_is_reminded_and_sees_the_vote_on_the_dashboard(
    committee, open_vote, login
):
    _case, ballot = open_vote
    newcomer = SeatFactory()

    board = login(newcomer.representative).get(reverse("steering:dashboard")).context["board"]
    assert board.pending_votes == []
    with time_machine.travel(ballot.closes_at - timedelta(days=1)):
        services.reminders_send()
    assert not newcomer.representative.notifications.exists()
    assert (
        committee.members[0]
        .representative.notifications.filter(kind="steering.deadline_reminder")
        .exists()
    )
