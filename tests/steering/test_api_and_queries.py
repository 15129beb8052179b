"""The API, and how many queries lists and pages cost with enough rows for an N+1 to show."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from steering.models import Case, Decision
from tests.steering.factories import BallotFactory, CaseFactory, ReviewFactory, SeatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(committee):
    """30 cases, each with two submitted reviews, half of them with an open vote."""
    cases = []
    for n in range(30):
        case = CaseFactory(
            status=Case.Status.IN_REVIEW,
            expertise=["evaluation", "chemistry"],
            institutions=[SeatFactory().institution],
        )
        for seat in committee.members[:2]:
            ReviewFactory(
                case=case,
                seat=seat,
                score=3,
                recommendation="approve",
                submitted_at=timezone.now(),
                submitted_by=seat.representative,
            )
        if n % 2:
            BallotFactory(case=case, opened_by=committee.chair.representative)
        cases.append(case)
    return cases


def test_case_list_endpoint(login, committee, busy, django_assert_max_num_queries):
    client = login(committee.members[2].representative)

    with django_assert_max_num_queries(12):
        body = client.get(reverse("api:case-list")).json()

    assert body["count"] == 30
    first = body["results"][0]
    assert first["review_count"] == 2
    assert [review["seat"] for review in first["reviews"]] == [
        seat.institution.name for seat in committee.members[:2]
    ]


def test_case_list_filters_by_status(login, committee, busy):
    CaseFactory(status=Case.Status.APPROVED)
    client = login(committee.chair.representative)

    body = client.get(reverse("api:case-list"), {"status": "approved"}).json()

    assert body["count"] == 1


def test_decisions_endpoint_lists_approvals_only_without_names(
    login, committee, django_assert_max_num_queries
):
    for outcome in ["approved", "rejected", "approved"]:
        case = CaseFactory(status=outcome)
        ballot = BallotFactory(case=case, closed_at=timezone.now())
        Decision.objects.create(
            case=case,
            ballot=ballot,
            outcome=outcome,
            rationale="Sound plan",
            decided_by=committee.chair.representative,
            acting_as="chair",
            eligible_seats=5,
            votes_approve=4,
            votes_reject=1,
            votes_abstain=0,
        )
    client = login(committee.members[0].representative)

    with django_assert_max_num_queries(6):
        body = client.get(reverse("api:decision-list")).json()

    assert body["count"] == 2
    assert body["results"][0]["votes"] == {"eligible": 5, "approve": 4, "reject": 1, "abstain": 0}
    assert str(committee.chair.representative) not in str(body)


@pytest.mark.parametrize(("url_name", "most"), [("steering:cases", 12), ("steering:dashboard", 16)])
def test_committee_lists(login, committee, busy, url_name, most, django_assert_max_num_queries):
    client = login(committee.members[0].representative)

    with django_assert_max_num_queries(most):
        response = client.get(reverse(url_name))

    assert response.status_code == 200


def test_case_page_and_audit_trail(login, committee, busy, django_assert_max_num_queries):
    case = busy[1]
    client = login(committee.chair.representative)

    with django_assert_max_num_queries(30):
        assert client.get(reverse("steering:case", args=[case.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("steering:audit", args=[case.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("steering:reviews", args=[case.pk])).status_code == 200


def test_the_dashboard_lists_my_pending_reviews_and_votes_with_deadlines(login, committee):
    seat = committee.members[0]
    due = timezone.now() + timedelta(days=5)
    review_case = CaseFactory(status=Case.Status.IN_REVIEW)
    ReviewFactory(case=review_case, seat=seat, due=due)
    vote_case = CaseFactory(status=Case.Status.IN_REVIEW)
    BallotFactory(case=vote_case)

    response = login(seat.representative).get(reverse("steering:dashboard"))

    board = response.context["board"]
    assert [r.case for r in board.pending_reviews] == [review_case]
    assert [b.case for b in board.pending_votes] == [vote_case]
    assert review_case.title in response.content.decode()
