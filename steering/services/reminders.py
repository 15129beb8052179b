"""Deadline reminders, sent by a daily beat task (no long countdowns in the broker)."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import User
from notifications.services import notify
from steering import selectors
from steering.models import Ballot, Case, Reminder, Review
from steering.notices import DEADLINE_REMINDER, case_context

# A reminder goes out on the first daily run that finds the deadline this close.
REMINDER_LEAD = timedelta(days=3)

# Per case: what is due, when, and from whom.
type _Due = dict[int, list[tuple[Reminder.Kind, datetime, list[User]]]]


def _due_reviews(now: datetime) -> _Due:
    reviews = Review.objects.filter(
        submitted_at__isnull=True,
        case__status=Case.Status.IN_REVIEW,
        due__gt=now,
        due__lte=now + REMINDER_LEAD,
    ).select_related("seat__representative", "seat__alternate")
    due: _Due = defaultdict(list)
    for review in reviews:
        if review.due is None:  # never, given due__gt above; the column itself is nullable
            continue
        due[review.case_id].append((Reminder.Kind.REVIEW, review.due, review.seat.holders()))
    return due


def _due_votes(now: datetime, due: _Due) -> None:
    ballots = Ballot.objects.filter(
        closed_at__isnull=True,
        case__status=Case.Status.IN_REVIEW,
        closes_at__gt=now,
        closes_at__lte=now + REMINDER_LEAD,
    ).select_related("case")
    for ballot in ballots:
        voted = set(ballot.votes.values_list("seat_id", flat=True))
        seats = selectors.eligible_seats(ballot.case).exclude(pk__in=voted)
        people = [
            person
            for seat in seats.select_related("representative", "alternate")
            for person in seat.holders()
        ]
        due[ballot.case_id].append((Reminder.Kind.VOTE, ballot.closes_at, people))


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind seat holders, three days ahead, of a review due or a vote closing.

    Idempotent: each (case, kind, person, deadline) is reminded once, recorded in a
    Reminder row written in the transaction that creates the notice, under a lock on the
    case, so that two runs at once still send once. Returns how many reminders were sent.
    """
    now = now or timezone.now()
    due = _due_reviews(now)
    _due_votes(now, due)
    sent = 0
    for case_id, items in due.items():
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_id)
            done = set(
                Reminder.objects.filter(case=case).values_list("kind", "recipient_id", "due")
            )
            for kind, deadline, people in items:
                fresh = [p for p in people if (kind, p.pk, deadline) not in done]
                if not fresh:
                    continue
                Reminder.objects.bulk_create(
                    [Reminder(case=case, kind=kind, recipient=p, due=deadline) for p in fresh]
                )
                done.update((kind, p.pk, deadline) for p in fresh)
                notify(
                    fresh,
                    DEADLINE_REMINDER,
                    context=case_context(case) | {"kind": kind, "due": deadline},
                    link=reverse("steering:case", args=[case.pk]),
                )
                sent += len(fresh)
    return sent
