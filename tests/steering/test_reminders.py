"""Reminders three days before a review is due or a vote closes, sent once (beat, daily)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings

from notifications.models import Notification
from steering import services
from steering.models import Case, Reminder, Review
from steering.tasks import send_deadline_reminders
from tests.steering.factories import BallotFactory, CaseFactory, ReviewFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 6, 30, tzinfo=UTC)


def _reminded(user):
    return Notification.objects.filter(recipient=user, kind="steering.deadline_reminder")


@time_machine.travel(NOW, tick=False)
def test_a_review_due_within_three_days_is_reminded_once(committee):
    seat = committee.members[0]
    case = CaseFactory(status=Case.Status.IN_REVIEW)
    ReviewFactory(case=case, seat=seat, due=NOW + timedelta(days=2, hours=23))

    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    send_deadline_reminders.apply()

    notice = _reminded(seat.representative).get()
    assert "Review due" in notice.title
    assert Reminder.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_no_reminder_for_far_deadlines_submitted_reviews_or_closed_cases(committee):
    far = CaseFactory(status=Case.Status.IN_REVIEW)
    ReviewFactory(case=far, seat=committee.members[0], due=NOW + timedelta(days=4))
    done = CaseFactory(status=Case.Status.IN_REVIEW)
    ReviewFactory(
        case=done,
        seat=committee.members[1],
        due=NOW + timedelta(days=1),
        score=3,
        recommendation="approve",
        submitted_at=NOW,
        submitted_by=committee.members[1].representative,
    )
    closed = CaseFactory(status=Case.Status.WITHDRAWN)
    ReviewFactory(case=closed, seat=committee.members[2], due=NOW + timedelta(days=1))

    assert services.reminders_send() == 0


@time_machine.travel(NOW, tick=False)
def test_a_vote_closing_reminds_the_seats_that_have_not_voted(committee):
    case = CaseFactory(
        status=Case.Status.IN_REVIEW, institutions=[committee.members[2].institution]
    )
    ballot = BallotFactory(case=case, closes_at=NOW + timedelta(days=3))
    services.vote_cast(ballot=ballot, actor=committee.chair.representative, choice="approve")

    sent = services.reminders_send()

    reminded = {n.recipient for n in Notification.objects.filter(kind="steering.deadline_reminder")}
    expected = {seat.representative for seat in [committee.vice, *committee.members[:2]]}
    assert sent == 3
    assert reminded == expected  # not the chair (voted), not the recused seat


def test_a_moved_deadline_is_reminded_again(committee):
    seat = committee.members[0]
    review = ReviewFactory(
        case=CaseFactory(status=Case.Status.IN_REVIEW), seat=seat, due=NOW + timedelta(days=2)
    )
    with time_machine.travel(NOW, tick=False):
        services.reminders_send()
    Review.objects.filter(pk=review.pk).update(due=NOW + timedelta(days=7))
    with time_machine.travel(NOW + timedelta(days=5), tick=False):
        assert services.reminders_send() == 1

    assert _reminded(seat.representative).count() == 2


def test_the_reminder_runs_daily_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["steering-deadline-reminders"]

    assert entry["task"] == "steering.tasks.send_deadline_reminders"
    assert entry["schedule"].hour == {6}
