"""Cases, reviews, votes, decisions, discussion and audit."""

from dataclasses import dataclass, field

from django.db.models import Case as Switch
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Profile, User
from members.permissions import AnyUser
from steering.models import (
    Ballot,
    Case,
    Comment,
    Decision,
    Review,
    Seat,
    Vote,
)
from steering.selectors.committee import (
    eligible_seats,
    recusal,
    recused_condition,
    recused_seat_ids,
    remembered,
    seat_of,
)
from steering.tally import Tally, tally_count

# --- Cases ----------------------------------------------------------------------------------


def reviews_counted() -> QuerySet[Review]:
    """Submitted reviews of seats not recused from their case: the ones that count."""
    return Review.objects.filter(submitted_at__isnull=False).exclude(
        recusal(
            case=OuterRef("case_id"),
            seat=OuterRef("seat_id"),
            institution=OuterRef("seat__institution_id"),
        )
    )


def with_vote_state(cases: QuerySet[Case]) -> QuerySet[Case]:
    """`voting_until`: when the open vote closes, while it takes votes; `vote_over`: the
    vote's time is up and the decision is not recorded yet."""
    now = timezone.now()
    open_ballots = Ballot.objects.filter(case_id=OuterRef("pk"), closed_at__isnull=True)
    return cases.annotate(
        voting_until=Subquery(
            open_ballots.filter(closes_at__gt=now).order_by("closes_at").values("closes_at")[:1]
        ),
        vote_over=Exists(open_ballots.filter(closes_at__lte=now)),
    )


def cases_for_committee(viewer: AnyUser) -> QuerySet[Case]:
    """Cases as committee members and staff list them.

    `viewer_recused` says whether the viewer's seat is recused; `review_count` (submitted
    reviews) is computed only where it is not, so a recused seat never learns it;
    `viewer_review_pending` whether the viewer's seat owes a review (and so may not read
    the others yet); the vote's state as with_vote_state() gives it. `viewer_seat_id`
    names the seat these facts are about, so that seat_is_recused() and review_pending()
    (and the permission predicates over them) read them instead of asking again for each
    case of a list.
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
    queryset = with_vote_state(Case.objects.select_related("submitter__profile")).annotate(
        viewer_seat_id=Value(seat.pk if seat is not None else None, output_field=IntegerField()),
        viewer_recused=recused_condition(seat),
        viewer_review_pending=pending,
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
        Case.objects.select_related("submitter__profile", "subject_type")
        .prefetch_related("institutions", "expertise")
        .filter(pk=pk)
        .first()
    )


def case_status_counts() -> dict[str, int]:
    rows = Case.objects.order_by().values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(Case.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def proposals_of(user: User) -> QuerySet[Case]:
    """The cases a person submitted, newest first."""
    return Case.objects.filter(submitter=user).order_by("-submitted_at", "-id")


# --- Reviews ----------------------------------------------------------------------------------


def review_of(seat: Seat | None, case: Case) -> Review | None:
    if seat is None:
        return None
    return remembered(case, f"review:{seat.pk}", lambda: case.reviews.filter(seat=seat).first())


def review_pending(seat: Seat | None, case: Case) -> bool:
    """The seat is asked to review the case and has not submitted its review yet."""
    if seat is None:
        return False
    if getattr(case, "viewer_seat_id", None) == seat.pk:
        return bool(getattr(case, "viewer_review_pending", False))
    review = review_of(seat, case)
    return review is not None and not review.is_submitted


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
        .select_related("seat__institution", "submitted_by__profile")
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
    seats = list(
        eligible_seats(case)
        .exclude(pk__in=assigned)
        .select_related("institution", "representative__profile")
        .annotate(
            overlap=Count("representative__profile__expertise", filter=matching, distinct=True)
        )
        .order_by("-overlap", "institution__name")[:limit]
    )
    names = {area.pk: area.label for area in case.expertise.all()}
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
    return remembered(
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
    return remembered(ballot, f"vote:{seat.pk}", lambda: ballot.votes.filter(seat=seat).first())


def ballot_electorate(ballot: Ballot) -> QuerySet[Seat]:
    """The seats entitled to vote in the ballot: those stored when it opened (a seat created
    later never joins), less those recused since and those no longer active."""
    return ballot.electorate.active().exclude(pk__in=recused_seat_ids(ballot.case))


def seat_in_electorate(seat: Seat | None, ballot: Ballot | None) -> bool:
    if seat is None or ballot is None:
        return False
    return remembered(
        ballot,
        f"electorate:{seat.pk}",
        lambda: ballot_electorate(ballot).filter(pk=seat.pk).exists(),
    )


def ballot_tally(ballot: Ballot) -> Tally:
    """The count as it stands, over the ballot's electorate (see ballot_electorate())."""
    eligible = list(ballot_electorate(ballot).values_list("pk", flat=True))
    votes = ballot.votes.values_list("seat_id", "choice")
    return tally_count(eligible_seat_ids=eligible, votes=votes)


def decision_latest(case: Case) -> Decision | None:
    return remembered(
        case, "decision", lambda: case.decisions.order_by("-decided_at", "-id").first()
    )


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
