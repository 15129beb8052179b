"""Sweep: what a review says (score, recommendation, comments) reaches nobody who may not read
reviews, on any steering page or API endpoint: not a seat that owes its own review (chair
or not), not a recused seat. One predicate decides: permissions.can_read_reviews."""

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from steering import urls as steering_urls
from steering.models import Case, Seat
from tests.steering.factories import BallotFactory, CaseFactory, ReviewFactory, SeatFactory

pytestmark = pytest.mark.django_db

TO_COMMITTEE = "Weak data plan, says the first reviewer"
TO_PROPOSER = "Please describe the data plan, says the first reviewer"
SECRETS = [TO_COMMITTEE, TO_PROPOSER, "4 / 5", '"score":4', '"score": 4']


@pytest.fixture
def case_with_a_review(db):
    """A case in review with an open vote: one review submitted, the chair's and another
    seat's still owed; a third seat is recused (its institution is involved)."""
    chair = SeatFactory(role=Seat.Role.CHAIR)
    written, owing, recused = SeatFactory(), SeatFactory(), SeatFactory()
    case = CaseFactory(status=Case.Status.IN_REVIEW, institutions=[recused.institution])
    ReviewFactory(
        case=case,
        seat=written,
        score=4,
        recommendation="reject",
        comments_committee=TO_COMMITTEE,
        comments_proposer=TO_PROPOSER,
        submitted_at=timezone.now(),
        submitted_by=written.representative,
    )
    ReviewFactory(case=case, seat=chair)
    ReviewFactory(case=case, seat=owing)
    BallotFactory(case=case, opened_by=chair.representative)
    return {
        "case": case,
        "chair owing a review": chair.representative,
        "seat owing a review": owing.representative,
        "recused seat": recused.representative,
        "reader": written.representative,
    }


def _every_steering_get_url(case) -> list[str]:
    urls = []
    for pattern in steering_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        name = f"steering:{pattern.name}"
        if "<int:pk>" not in str(pattern.pattern):
            urls.append(reverse(name))
        elif not pattern.name.startswith("seat"):
            urls.append(reverse(name, args=[case.pk]))
    return [
        *urls,
        reverse("api:case-list"),
        reverse("api:case-detail", args=[case.pk]),
        reverse("api:decision-list"),
    ]


@pytest.mark.parametrize("who", ["chair owing a review", "seat owing a review", "recused seat"])
def test_no_page_or_endpoint_shows_review_content_to_who_may_not_read_it(
    client, case_with_a_review, who
):
    client.force_login(case_with_a_review[who])

    for url in _every_steering_get_url(case_with_a_review["case"]):
        body = client.get(url).content.decode()
        leaked = [secret for secret in SECRETS if secret in body]
        assert not leaked, f"{url} shows {leaked} to the {who}"


def test_the_sweep_would_see_the_review_where_it_may_be_read(client, case_with_a_review):
    client.force_login(case_with_a_review["reader"])
    case = case_with_a_review["case"]

    assert TO_COMMITTEE in client.get(reverse("steering:reviews", args=[case.pk])).content.decode()
    body = client.get(reverse("api:case-detail", args=[case.pk])).json()
    assert body["reviews"][0]["comments_committee"] == TO_COMMITTEE


def test_the_decision_page_tells_a_chair_owing_a_review_to_write_it_first(
    client, case_with_a_review
):
    client.force_login(case_with_a_review["chair owing a review"])
    case = case_with_a_review["case"]

    response = client.get(reverse("steering:decision", args=[case.pk]))

    assert response.status_code == 200
    assert "once you submit your own" in response.content.decode()
