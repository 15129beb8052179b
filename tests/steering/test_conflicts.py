"""The conflict matrix: an involved institution's seat, and a seat that declared a conflict,
read no review, review nothing, vote on nothing, see no discussion, and learn nothing from
lists or counts. A recused chair hands the case to the vice-chair."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from steering import audit, selectors, services
from steering.models import Case, Comment, Review, Vote
from tests.steering.factories import BallotFactory, CaseFactory, ReviewFactory
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db

SECRET = "The data pipeline is weak"


@pytest.fixture
def case(committee):
    """In review, involving the first member seat's institution, with a submitted review,
    a discussion and an open vote."""
    involved = committee.members[0]
    case = CaseFactory(status=Case.Status.IN_REVIEW, institutions=[involved.institution])
    ReviewFactory(
        case=case,
        seat=committee.vice,
        score=2,
        recommendation="reject",
        comments_committee=SECRET,
        submitted_at=timezone.now(),
        submitted_by=committee.vice.representative,
    )
    Comment.objects.create(case=case, author=committee.chair.representative, body=SECRET)
    BallotFactory(case=case, opened_by=committee.chair.representative)
    return case


@pytest.fixture
def declared(committee, case):
    seat = committee.members[1]
    services.conflict_declare(case=case, actor=seat.representative, reason="My co-author applies")
    return seat


@pytest.fixture(params=["involved", "declared"])
def recused(request, committee, case, declared):
    return committee.members[0] if request.param == "involved" else declared


@pytest.mark.parametrize("page", ["reviews", "discussion", "audit", "review", "decision"])
def test_recused_seat_gets_404_on_what_would_tell_it_about_the_case(login, case, recused, page):
    response = login(recused.representative).get(reverse(f"steering:{page}", args=[case.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("page", "data"),
    [("vote", {"choice": "approve"}), ("review", {"score": 5}), ("discussion", {"body": "hi"})],
)
def test_recused_seat_cannot_post_a_vote_a_review_or_a_message(login, case, recused, page, data):
    response = login(recused.representative).post(reverse(f"steering:{page}", args=[case.pk]), data)

    assert response.status_code == 404
    assert not Vote.objects.filter(seat=recused).exists()


def test_recused_seat_case_page_says_so_and_shows_nothing_of_the_handling(login, case, recused):
    response = login(recused.representative).get(reverse("steering:case", args=[case.pk]))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Your seat is recused from this case" in text
    assert SECRET not in text
    assert "Reviewers" not in text
    assert reverse("steering:reviews", args=[case.pk]) not in text
    assert "seats entitled to vote" not in text


def test_lists_and_counts_do_not_leak_to_a_recused_seat(login, committee, case, recused):
    client = login(recused.representative)

    listed = client.get(reverse("steering:cases")).content.decode()
    api = client.get(reverse("api:case-detail", args=[case.pk])).json()
    board = selectors.dashboard_for(recused.representative)

    assert "Recused" in listed
    assert api["recused"] is True
    assert api["reviews"] is None
    assert api["review_count"] is None
    assert case.pk not in [ballot.case_id for ballot in board.pending_votes]
    assert SECRET not in str(client.get(reverse("api:case-list")).json())


def test_a_seat_not_recused_sees_the_reviews_and_their_count(login, committee, case):
    client = login(committee.members[2].representative)

    api = client.get(reverse("api:case-detail", args=[case.pk])).json()

    assert api["recused"] is False
    assert api["review_count"] == 1
    assert api["reviews"][0]["comments_committee"] == SECRET
    assert SECRET in client.get(reverse("steering:reviews", args=[case.pk])).content.decode()


def test_services_refuse_a_recused_seat(committee, case, recused):
    ballot = case.ballots.get()
    with pytest.raises(PermissionDenied):
        services.vote_cast(ballot=ballot, actor=recused.representative, choice="approve")
    with pytest.raises(PermissionDenied):
        services.comment_post(case=case, actor=recused.representative, body="hello")
    with pytest.raises(ApplicationError, match="recused"):
        services.review_assign(case=case, seat=recused, actor=committee.chair.representative)


def test_declaring_a_conflict_cancels_the_seats_pending_review_and_vote(committee, case):
    seat = committee.members[2]
    Review.objects.create(case=case, seat=seat, assigned_by=committee.chair.representative)
    services.vote_cast(ballot=case.ballots.get(), actor=seat.representative, choice="approve")

    conflict = services.conflict_declare(case=case, actor=seat.representative, reason="Advisor")

    assert conflict.reason == "Advisor"
    assert not Review.objects.filter(case=case, seat=seat).exists()
    assert not Vote.objects.filter(seat=seat).exists()
    actions = set(audit_of(case).filter(context__seat_id=seat.pk).values_list("verb", flat=True))
    assert {
        audit.CONFLICT_DECLARED.key,
        audit.REVIEW_CANCELLED.key,
        audit.VOTE_CANCELLED.key,
    } <= actions


def test_a_submitted_review_of_a_seat_that_then_declares_a_conflict_stops_counting(committee, case):
    vice = committee.vice
    services.conflict_declare(case=case, actor=vice.representative, reason="Late discovery")

    assert list(selectors.reviews_submitted(case)) == []
    assert selectors.comments_to_proposer(case) == []


def test_a_conflict_is_declared_once(committee, case, declared):
    with pytest.raises(PermissionDenied):
        services.vote_cast(
            ballot=case.ballots.get(), actor=declared.representative, choice="approve"
        )
    with pytest.raises(ApplicationError, match="already recused"):
        services.conflict_declare(case=case, actor=declared.representative, reason="Again")


def test_recused_seats_do_not_count_towards_quorum(committee, case, declared):
    tally = selectors.ballot_tally(case.ballots.get())

    assert tally.eligible == len(committee.seats) - 2


# --- A recused chair hands the case to the vice-chair ---------------------------------------


@pytest.fixture
def chairs_case(committee):
    return CaseFactory(institutions=[committee.chair.institution])


def test_recused_chair_cannot_chair_and_the_vice_chair_acts(committee, chairs_case):
    chair, vice = committee.chair.representative, committee.vice.representative
    deadline = timezone.now() + timedelta(days=10)

    assert selectors.acting_chair_seat(chairs_case) == committee.vice
    with pytest.raises(PermissionDenied):
        services.case_review_start(case=chairs_case, actor=chair, review_deadline=deadline)
    services.case_review_start(case=chairs_case, actor=vice, review_deadline=deadline)
    assert Case.objects.get(pk=chairs_case.pk).status == Case.Status.IN_REVIEW
    assert chairs_case in selectors.cases_chaired_by(committee.vice)
    assert chairs_case not in selectors.cases_chaired_by(committee.chair)


def test_recused_chair_cannot_decide(committee, chairs_case, login):
    chairs_case.status = Case.Status.IN_REVIEW
    chairs_case.save()
    ballot = BallotFactory(case=chairs_case, closes_at=timezone.now() + timedelta(days=1))
    for seat in [*committee.members, committee.vice]:
        services.vote_cast(ballot=ballot, actor=seat.representative, choice="reject")

    with pytest.raises(PermissionDenied):
        services.decision_record(
            case=chairs_case,
            actor=committee.chair.representative,
            outcome="approved",
            rationale="x",
        )
    assert (
        login(committee.chair.representative)
        .get(reverse("steering:decision", args=[chairs_case.pk]))
        .status_code
        == 404
    )
    decision = services.decision_record(
        case=chairs_case, actor=committee.vice.representative, outcome="rejected", rationale="x"
    )
    assert decision.acting_as == "vice_chair"


def test_a_chair_declaring_a_conflict_hands_over_too(committee):
    case = CaseFactory()
    services.conflict_declare(
        case=case, actor=committee.chair.representative, reason="Former employer"
    )

    assert selectors.acting_chair_seat(Case.objects.get(pk=case.pk)) == committee.vice


def test_nobody_chairs_when_chair_and_vice_chair_are_both_recused(committee, login):
    case = CaseFactory(institutions=[committee.chair.institution, committee.vice.institution])

    assert selectors.acting_chair_seat(case) is None
    page = login(committee.members[0].representative).get(reverse("steering:case", args=[case.pk]))
    assert "the chair and vice-chair are both recused" in page.content.decode()


def test_someone_without_a_seat_cannot_declare_a_conflict(case):
    from tests.factories import UserFactory

    with pytest.raises(PermissionDenied):
        services.conflict_declare(case=case, actor=UserFactory(), reason="Not a member")

    assert not case.conflicts.exists()
