"""Reviews: the chair assigns, the seat writes; the others' reviews stay hidden until then."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from steering import audit, services
from steering.models import Case, Review
from tests.steering.factories import CaseFactory
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(committee):
    case = CaseFactory()
    return services.case_review_start(
        case=case,
        actor=committee.chair.representative,
        review_deadline=timezone.now() + timedelta(days=14),
    )


@pytest.fixture
def reviews(committee, case):
    """Two members asked to review."""
    chair = committee.chair.representative
    return [
        services.review_assign(case=case, seat=seat, actor=chair) for seat in committee.members[:2]
    ]


def _write(review, *, score=4, recommendation="approve", text="Solid"):
    return services.review_submit(
        review=review,
        actor=review.seat.representative,
        score=score,
        recommendation=recommendation,
        comments_committee=f"{text} (committee)",
        comments_proposer=f"{text} (proposer)",
    )


def test_assignment_tells_the_seat_and_is_audited(committee, case, reviews):
    first = reviews[0]

    assert first.due == case.review_deadline
    notice = Notification.objects.get(
        recipient=first.seat.representative, kind="steering.review_assigned"
    )
    assert notice.link == reverse("steering:review", args=[case.pk])
    assert audit_of(case).filter(verb=audit.REVIEW_ASSIGNED.key).count() == 2


def test_a_seat_is_assigned_once_and_only_while_in_review(committee, case, reviews):
    chair = committee.chair.representative
    with pytest.raises(ApplicationError, match="already a reviewer"):
        services.review_assign(case=case, seat=committee.members[0], actor=chair)
    submitted = CaseFactory()
    with pytest.raises(ApplicationError, match="once the review has started"):
        services.review_assign(case=submitted, seat=committee.members[0], actor=chair)


def test_only_the_acting_chair_assigns(committee, case):
    with pytest.raises(PermissionDenied):
        services.review_assign(
            case=case, seat=committee.members[0], actor=committee.vice.representative
        )


def test_a_review_needs_a_score_from_1_to_5(reviews):
    with pytest.raises(ApplicationError) as refused:
        _write(reviews[0], score=6)
    assert "score" in refused.value.errors
    assert Review.objects.get(pk=reviews[0].pk).submitted_at is None


def test_a_reviewer_sees_the_others_only_after_submitting_their_own(login, case, reviews):
    first, second = reviews
    _write(first, text="First view")
    client = login(second.seat.representative)

    hidden = client.get(reverse("steering:reviews", args=[case.pk]))
    api = client.get(reverse("api:case-detail", args=[case.pk])).json()
    assert hidden.status_code == 403
    assert "First view" not in hidden.content.decode()
    assert api["reviews"] is None

    response = client.post(
        reverse("steering:review", args=[case.pk]),
        {
            "score": "3",
            "recommendation": "revise",
            "comments_committee": "Second view",
            "comments_proposer": "",
        },
    )
    assert response.status_code == 302
    shown = client.get(reverse("steering:reviews", args=[case.pk])).content.decode()
    assert "First view (committee)" in shown
    assert "Second view" in shown


def test_the_audit_trail_does_not_reveal_what_a_review_says(case, reviews):
    _write(reviews[0], text="Confidential opinion")

    entries = list(audit_of(case).values_list("before", "after"))
    assert "Confidential" not in str(entries)


def test_a_review_can_be_revised_while_in_review_and_not_after(committee, case, reviews):
    review = _write(reviews[0], score=2)
    revised = _write(review, score=5)

    assert Review.objects.get(pk=review.pk).score == 5
    assert revised.submitted_at == review.submitted_at
    assert audit_of(case).filter(verb=audit.REVIEW_UPDATED.key).count() == 1
    Case.objects.filter(pk=case.pk).update(status=Case.Status.REJECTED)
    with pytest.raises(ApplicationError, match="over"):
        _write(Review.objects.get(pk=review.pk), score=1)


def test_another_seat_cannot_write_a_seats_review(committee, reviews):
    with pytest.raises(PermissionDenied):
        services.review_submit(
            review=reviews[0],
            actor=committee.members[2].representative,
            score=1,
            recommendation="reject",
        )


def test_the_chair_assigns_through_the_case_page(login, committee, case):
    client = login(committee.chair.representative)
    page = client.get(reverse("steering:case", args=[case.pk]))
    assert "Suggested reviewers" in page.content.decode()

    response = client.post(
        reverse("steering:reviewer_assign", args=[case.pk]), {"seat": committee.members[2].pk}
    )

    assert response.status_code == 302
    assert case.reviews.get().seat == committee.members[2]
