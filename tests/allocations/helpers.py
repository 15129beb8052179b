"""Builders the allocation tests share (plain functions: the package keeps no fixtures)."""

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.utils import timezone

from projects.models import AllocationPeriod, TeamMember
from steering import services as steering
from steering.models import Seat
from steering.selectors import ballot_electorate
from tests.factories import AllocationPeriodFactory, ProfileFactory
from tests.steering.factories import SeatFactory


def moment(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def frozen(year: int, month: int, day: int, hour: int = 12):
    """The clock stopped at noon UTC of a day."""
    return time_machine.travel(moment(year, month, day, hour), tick=False)


def two_periods() -> tuple[AllocationPeriod, AllocationPeriod]:
    """2027-H1 (requests from October to the end of November 2026) and 2027-H2 (requests
    from April to the end of June 2027)."""
    first = AllocationPeriodFactory(
        name="2027-H1",
        start=date(2027, 1, 1),
        end=date(2027, 6, 30),
        requests_open=moment(2026, 10, 1, 0),
        requests_close=moment(2026, 12, 1, 0),
    )
    second = AllocationPeriodFactory(
        name="2027-H2",
        start=date(2027, 7, 1),
        end=date(2027, 12, 31),
        requests_open=moment(2027, 4, 1, 0),
        requests_close=moment(2027, 7, 1, 0),
    )
    return first, second


def co_pi_of(project):
    user = ProfileFactory().user
    TeamMember.objects.create(
        project=project, user=user, role=TeamMember.Role.CO_PI, institution=user.profile.institution
    )
    return user


def member_of_team(project, role=TeamMember.Role.MEMBER):
    user = ProfileFactory().user
    TeamMember.objects.create(
        project=project, user=user, role=role, institution=user.profile.institution
    )
    return user


def committee(*institutions):
    """A chair, a vice-chair and three members; `institutions` get seats of their own too
    (to see them recused)."""
    seats = [SeatFactory(role=Seat.Role.CHAIR), SeatFactory(role=Seat.Role.VICE_CHAIR)]
    seats += SeatFactory.create_batch(3)
    seats += [SeatFactory(institution=institution) for institution in institutions]
    return seats


def decide(
    seats, case, *, outcome="approved", terms=None, rationale="Good use of the time.", started=False
):
    """The committee reviews the case (unless the review has `started`), every seat entitled
    to vote votes for the outcome's side, and the chair records the decision."""
    chair = seats[0].representative
    if not started:
        steering.case_review_start(
            case=case, actor=chair, review_deadline=timezone.now() + timedelta(days=14)
        )
    ballot = steering.ballot_open(
        case=case, actor=chair, closes_at=timezone.now() + timedelta(days=7)
    )
    choice = "approve" if outcome == "approved" else "reject"
    for seat in ballot_electorate(ballot):
        steering.vote_cast(ballot=ballot, actor=seat.representative, choice=choice)
    return steering.decision_record(
        case=case, actor=chair, outcome=outcome, rationale=rationale, terms=terms
    )
