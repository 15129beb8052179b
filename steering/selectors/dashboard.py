"""The committee dashboard, the cases a seat chairs, and the API's case list."""

from dataclasses import dataclass

from django.db.models import (
    Prefetch,
    QuerySet,
)
from django.utils import timezone

from members.permissions import AnyUser
from steering.models import (
    Ballot,
    Case,
    Review,
    Seat,
)
from steering.selectors.cases import (
    case_status_counts,
    cases_for_committee,
    reviews_counted,
)
from steering.selectors.committee import recused_condition, seat_of

# --- Dashboard ------------------------------------------------------------------------------


@dataclass
class Dashboard:
    seat: Seat | None
    pending_reviews: list[Review]
    pending_votes: list[Ballot]
    chair_cases: list[Case]
    status_counts: dict[str, int]
    open_cases: list[Case]


def dashboard_for(viewer: AnyUser) -> Dashboard:
    """What waits for the viewer: reviews and votes with their deadlines, the cases the
    viewer chairs, and the committee's cases by status."""
    seat = seat_of(viewer)
    pending_reviews: list[Review] = []
    pending_votes: list[Ballot] = []
    chair_cases: list[Case] = []
    if seat is not None:
        pending_reviews = list(reviews_pending_of(seat).select_related("case"))
        pending_votes = list(ballots_awaiting(seat).select_related("case"))
        chair_cases = list(cases_chaired_by(seat))
    open_cases = list(cases_for_committee(viewer).filter(status__in=Case.OPEN_STATUSES)[:50])
    return Dashboard(
        seat=seat,
        pending_reviews=pending_reviews,
        pending_votes=pending_votes,
        chair_cases=chair_cases,
        status_counts=case_status_counts(),
        open_cases=open_cases,
    )


def reviews_pending_of(seat: Seat) -> QuerySet[Review]:
    """Reviews this seat owes on cases in review, from which it is not recused, soonest due
    first."""
    return (
        Review.objects.filter(
            seat=seat, submitted_at__isnull=True, case__status=Case.Status.IN_REVIEW
        )
        .exclude(recused_condition(seat, "case_id"))
        .order_by("due", "case_id")
    )


def ballots_awaiting(seat: Seat) -> QuerySet[Ballot]:
    """Open ballots on which this seat may vote and has not yet, closing soonest first."""
    return (
        Ballot.objects.filter(
            closed_at__isnull=True,
            closes_at__gt=timezone.now(),
            case__status=Case.Status.IN_REVIEW,
        )
        .exclude(votes__seat=seat)
        .exclude(recused_condition(seat, "case_id"))
        .order_by("closes_at")
    )


def cases_chaired_by(seat: Seat) -> QuerySet[Case]:
    """Open cases on which this seat acts as chair: the chair's, unless it is recused; the
    vice-chair's where the chair is recused (or there is none)."""
    open_cases = Case.objects.filter(
        status__in=[Case.Status.SUBMITTED, Case.Status.IN_REVIEW]
    ).order_by("submitted_at", "id")
    if seat.role == Seat.Role.CHAIR:
        return open_cases.exclude(recused_condition(seat))
    if seat.role == Seat.Role.VICE_CHAIR:
        chair = Seat.objects.active().filter(role=Seat.Role.CHAIR).first()
        cases = open_cases.exclude(recused_condition(seat))
        return cases.filter(recused_condition(chair)) if chair is not None else cases
    return Case.objects.none()


def cases_for_api(viewer: AnyUser) -> QuerySet[Case]:
    """cases_for_committee() with what the API shows of each: institutions, areas and the
    reviews that count (the serializer leaves them out where the viewer may not read them)."""
    reviews = reviews_counted().select_related("seat__institution").order_by("submitted_at", "id")
    return cases_for_committee(viewer).prefetch_related(
        "institutions",
        "expertise",
        Prefetch("reviews", queryset=reviews, to_attr="counted_reviews"),
    )
