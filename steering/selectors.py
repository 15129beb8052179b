"""Every non-trivial read of the steering app, starting from what the viewer may see.

Recusal is computed here, once: a seat is recused from a case when its institution is
involved in the case or when it declared a conflict. Results that a page asks for many
times (the recused seats, the acting chair) are remembered on the case object.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case as Switch
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Profile
from steering.models import (
    AuditEntry,
    Ballot,
    Case,
    Comment,
    Conflict,
    Decision,
    Review,
    Seat,
    Vote,
)
from steering.tally import Tally, tally_count

ROLE_ORDER = Switch(
    When(role=Seat.Role.CHAIR, then=Value(0)),
    When(role=Seat.Role.VICE_CHAIR, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _memo(obj: Any, key: str, compute: Callable[[], Any]) -> Any:
    cache = obj.__dict__.setdefault("_steering_memo", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def forget(obj: Any) -> None:
    """After a write, the next read asks the database again."""
    obj.__dict__.pop("_steering_memo", None)


# --- Seats ----------------------------------------------------------------------------------


def seat_of(user) -> Seat | None:
    """The active seat this user holds (as representative or alternate), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _memo(
        user,
        "seat",
        lambda: Seat.objects.active().held_by(user).select_related("institution").first(),
    )


def seats_public() -> QuerySet[Seat]:
    """The committee as the public page shows it: active seats, chair first."""
    return (
        Seat.objects.active()
        .select_related("institution", "representative__profile", "alternate__profile")
        .annotate(role_order=ROLE_ORDER)
        .order_by("role_order", "institution__name")
    )


def seats_for_staff() -> QuerySet[Seat]:
    """Every seat, active or not, for the staff who manage them."""
    return (
        Seat.objects.select_related("institution", "representative", "alternate")
        .annotate(role_order=ROLE_ORDER)
        .order_by("role_order", "institution__name")
    )


# --- Recusal and the acting chair --------------------------------------------------------------


def recused_seat_ids(case: Case) -> frozenset[int]:
    """Seats recused from the case: involved institutions' seats and declared conflicts."""

    def compute() -> frozenset[int]:
        involved = Case.institutions.through.objects.filter(
            case_id=case.pk, institution_id=OuterRef("institution_id")
        )
        declared = Conflict.objects.filter(case_id=case.pk, seat_id=OuterRef("pk"))
        return frozenset(
            Seat.objects.filter(Exists(involved) | Exists(declared))
            .order_by()
            .values_list("pk", flat=True)
        )

    return _memo(case, "recused", compute)


def seat_is_recused(seat: Seat | None, case: Case) -> bool:
    return seat is not None and seat.pk in recused_seat_ids(case)


def eligible_seats(case: Case) -> QuerySet[Seat]:
    """Active seats not recused from the case: those that may review and vote."""
    return Seat.objects.active().exclude(pk__in=recused_seat_ids(case))


def acting_chair_seat(case: Case) -> Seat | None:
    """The chair, or the vice-chair when the chair is recused; None if both are."""

    def compute() -> Seat | None:
        officers = {
            seat.role: seat
            for seat in Seat.objects.active()
            .filter(role__in=[Seat.Role.CHAIR, Seat.Role.VICE_CHAIR])
            .select_related("institution")
        }
        recused = recused_seat_ids(case)
        for role in (Seat.Role.CHAIR, Seat.Role.VICE_CHAIR):
            seat = officers.get(role)
            if seat is not None and seat.pk not in recused:
                return seat
        return None

    return _memo(case, "acting_chair", compute)


def _recused_for(seat: Seat | None, case_ref: str = "pk") -> Q | Value:
    """An expression over rows that point at a case (through `case_ref`): the seat is
    recused from that case."""
    if seat is None:
        return Value(False)
    involved = Exists(
        Case.institutions.through.objects.filter(
            case_id=OuterRef(case_ref), institution_id=seat.institution_id
        )
    )
    declared = Exists(Conflict.objects.filter(case_id=OuterRef(case_ref), seat_id=seat.pk))
    return Q(involved) | Q(declared)


# --- Cases ----------------------------------------------------------------------------------


def reviews_counted() -> QuerySet[Review]:
    """Submitted reviews of seats not recused from their case: the ones that count."""
    involved = Case.institutions.through.objects.filter(
        case_id=OuterRef("case_id"), institution_id=OuterRef("seat__institution_id")
    )
    declared = Conflict.objects.filter(case_id=OuterRef("case_id"), seat_id=OuterRef("seat_id"))
    return Review.objects.filter(submitted_at__isnull=False).exclude(
        Q(Exists(involved)) | Q(Exists(declared))
    )


def cases_for_committee(viewer) -> QuerySet[Case]:
    """Cases as committee members and staff list them.

    `viewer_recused` says whether the viewer's seat is recused; `review_count` (submitted
    reviews) is computed only where it is not, so a recused seat never learns it;
    `viewer_review_pending` whether the viewer's seat owes a review (and so may not read
    the others yet).
    """
    seat = seat_of(viewer)
    submitted = (
        reviews_counted()
        .filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    pending = (
        Exists(Review.objects.filter(case_id=OuterRef("pk"), seat=seat, submitted_at__isnull=True))
        if seat is not None
        else Value(False)
    )
    queryset = Case.objects.select_related("submitter").annotate(
        viewer_recused=_recused_for(seat), viewer_review_pending=pending
    )
    return queryset.annotate(
        review_count=Switch(
            When(viewer_recused=True, then=Value(None)),
            default=Coalesce(Subquery(submitted, output_field=IntegerField()), 0),
            output_field=IntegerField(),
        )
    ).order_by("-submitted_at", "-id")


def case_detail(pk: int) -> Case | None:
    return (
        Case.objects.select_related("submitter", "subject_type")
        .prefetch_related("institutions", "expertise")
        .filter(pk=pk)
        .first()
    )


def case_status_counts() -> dict[str, int]:
    rows = Case.objects.order_by().values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(Case.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def proposals_of(user) -> QuerySet[Case]:
    """The cases a person submitted, newest first."""
    return Case.objects.filter(submitter=user).order_by("-submitted_at", "-id")


# --- Reviews ----------------------------------------------------------------------------------


def review_of(seat: Seat | None, case: Case) -> Review | None:
    if seat is None:
        return None
    return _memo(case, f"review:{seat.pk}", lambda: case.reviews.filter(seat=seat).first())


def reviews_assigned(case: Case) -> QuerySet[Review]:
    """Who is asked to review, and whether they did (not what they wrote)."""
    return (
        case.reviews.exclude(seat_id__in=recused_seat_ids(case))
        .select_related("seat__institution", "seat__representative")
        .order_by("assigned_at", "id")
    )


def reviews_submitted(case: Case) -> QuerySet[Review]:
    """Submitted reviews of seats that are not (or no longer) recused."""
    return (
        case.reviews.filter(submitted_at__isnull=False)
        .exclude(seat_id__in=recused_seat_ids(case))
        .select_related("seat__institution", "submitted_by")
        .order_by("submitted_at", "id")
    )


def comments_to_proposer(case: Case) -> list[str]:
    """What reviewers wrote to the proposer, without their names, in a fixed order."""
    return [
        text
        for text in reviews_submitted(case).values_list("comments_proposer", flat=True)
        if text.strip()
    ]


@dataclass
class ReviewerSuggestion:
    seat: Seat
    overlap: int
    areas: list[str] = field(default_factory=list)


def reviewer_suggestions(case: Case, *, limit: int = 10) -> list[ReviewerSuggestion]:
    """Seats that may review the case, ranked by how many of its expertise areas their
    representative's profile lists. Recused and already assigned seats are left out."""
    area_ids = [area.pk for area in case.expertise.all()]
    assigned = case.reviews.values("seat_id")
    matching = Q(representative__profile__expertise__in=area_ids)
    seats = (
        eligible_seats(case)
        .exclude(pk__in=assigned)
        .select_related("institution", "representative__profile")
        .annotate(
            overlap=Count("representative__profile__expertise", filter=matching, distinct=True)
        )
        .order_by("-overlap", "institution__name")[:limit]
    )
    seats = list(seats)
    names = {area.pk: area.name for area in case.expertise.all()}
    shared: dict[int, list[str]] = {}
    if area_ids and seats:
        through = Profile.expertise.through
        rows = through.objects.filter(
            profile__user_id__in=[seat.representative_id for seat in seats],
            expertisearea_id__in=area_ids,
        ).values_list("profile__user_id", "expertisearea_id")
        for user_id, area_id in rows:
            shared.setdefault(user_id, []).append(names[area_id])
    return [
        ReviewerSuggestion(seat, seat.overlap, sorted(shared.get(seat.representative_id, [])))
        for seat in seats
    ]


# --- Votes and decisions -----------------------------------------------------------------------


def ballot_current(case: Case) -> Ballot | None:
    """The open ballot, or else the latest one not yet turned into a decision."""
    return _memo(
        case,
        "ballot",
        lambda: (
            case.ballots.filter(Q(closed_at__isnull=True) | Q(decision__isnull=True))
            .order_by("-opened_at", "-id")
            .first()
        ),
    )


def vote_of(seat: Seat | None, ballot: Ballot | None) -> Vote | None:
    if seat is None or ballot is None:
        return None
    return _memo(ballot, f"vote:{seat.pk}", lambda: ballot.votes.filter(seat=seat).first())


def ballot_tally(ballot: Ballot) -> Tally:
    """The count as it stands, with the seats entitled to vote today."""
    eligible = list(eligible_seats(ballot.case).values_list("pk", flat=True))
    votes = ballot.votes.values_list("seat_id", "choice")
    return tally_count(eligible_seat_ids=eligible, votes=votes)


def ballot_votes(ballot: Ballot) -> QuerySet[Vote]:
    return ballot.votes.select_related("seat__institution", "cast_by").order_by(
        "seat__institution__name"
    )


def decision_latest(case: Case) -> Decision | None:
    return _memo(case, "decision", lambda: case.decisions.order_by("-decided_at", "-id").first())


def decisions_approved() -> QuerySet[Decision]:
    """Decisions that approved a case, for the API."""
    return (
        Decision.objects.filter(outcome=Decision.Outcome.APPROVED)
        .select_related("case")
        .order_by("-decided_at", "-id")
    )


# --- Discussion and audit -------------------------------------------------------------------


def comments_of(case: Case) -> QuerySet[Comment]:
    return case.comments.select_related("author__profile").order_by("posted_at", "id")


def audit_of(case: Case) -> QuerySet[AuditEntry]:
    return case.audit_entries.select_related("actor", "seat__institution").order_by("at", "id")


def audit_of_seats() -> QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(case__isnull=True)
        .select_related("actor", "seat__institution")
        .order_by("-at", "-id")
    )


# --- Dashboard ------------------------------------------------------------------------------


@dataclass
class Dashboard:
    seat: Seat | None
    pending_reviews: list[Review]
    pending_votes: list[Ballot]
    chair_cases: list[Case]
    status_counts: dict[str, int]
    open_cases: list[Case]


def dashboard_for(viewer) -> Dashboard:
    """What waits for the viewer: reviews and votes with their deadlines, the cases the
    viewer chairs, and the committee's cases by status."""
    seat = seat_of(viewer)
    pending_reviews: list[Review] = []
    pending_votes: list[Ballot] = []
    chair_cases: list[Case] = []
    if seat is not None:
        pending_reviews = list(
            Review.objects.filter(
                seat=seat, submitted_at__isnull=True, case__status=Case.Status.IN_REVIEW
            )
            .exclude(_recused_for(seat, "case_id"))
            .select_related("case")
            .order_by("due", "case_id")
        )
        pending_votes = list(
            Ballot.objects.filter(
                closed_at__isnull=True,
                closes_at__gt=timezone.now(),
                case__status=Case.Status.IN_REVIEW,
            )
            .exclude(votes__seat=seat)
            .exclude(_recused_for(seat, "case_id"))
            .select_related("case")
            .order_by("closes_at")
        )
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


def cases_chaired_by(seat: Seat) -> QuerySet[Case]:
    """Open cases on which this seat acts as chair: the chair's, unless it is recused; the
    vice-chair's where the chair is recused (or there is none)."""
    open_cases = Case.objects.filter(
        status__in=[Case.Status.SUBMITTED, Case.Status.IN_REVIEW]
    ).order_by("submitted_at", "id")
    if seat.role == Seat.Role.CHAIR:
        return open_cases.exclude(_recused_for(seat))
    if seat.role == Seat.Role.VICE_CHAIR:
        chair = Seat.objects.active().filter(role=Seat.Role.CHAIR).first()
        cases = open_cases.exclude(_recused_for(seat))
        return cases.filter(_recused_for(chair)) if chair is not None else cases
    return Case.objects.none()


def cases_for_api(viewer) -> QuerySet[Case]:
    """cases_for_committee() with what the API shows of each: institutions, areas and the
    reviews that count (the serializer leaves them out where the viewer may not read them)."""
    reviews = reviews_counted().select_related("seat__institution").order_by("submitted_at", "id")
    return cases_for_committee(viewer).prefetch_related(
        "institutions",
        "expertise",
        Prefetch("reviews", queryset=reviews, to_attr="counted_reviews"),
    )
