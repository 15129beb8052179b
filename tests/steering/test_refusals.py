"""Sweep: every steering action refused for a domain reason says why, on the page it came
from (status 400, the reason in the page's message area), even where the form is not on
the page any more (issue 9, defect 4). See tpc_portal/refusals.py."""

import html
from datetime import timedelta

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from steering import urls as steering_urls
from steering.models import Case
from tests.factories import InstitutionFactory, UserFactory
from tests.steering.factories import (
    BallotFactory,
    CaseFactory,
    ReviewFactory,
    SeatFactory,
    give_totp,
)

pytestmark = pytest.mark.django_db

S = Case.Status
TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()
NEXT_WEEK = (timezone.localdate() + timedelta(days=7)).isoformat()
YESTERDAY = (timezone.localdate() - timedelta(days=1)).isoformat()


def _case_url(name, case):
    return reverse(f"steering:{name}", args=[case.pk])


def start_review_with_a_past_deadline(committee):
    case = CaseFactory(status=S.SUBMITTED)
    return (
        committee.chair.representative,
        _case_url("case_review_start", case),
        {"review_deadline": YESTERDAY},
        "The reviews' deadline must be in the future.",
    )


def start_review_of_a_withdrawn_case(committee):
    case = CaseFactory(status=S.WITHDRAWN)
    return (
        committee.chair.representative,
        _case_url("case_review_start", case),
        {"review_deadline": NEXT_WEEK},
        "A case that is withdrawn cannot become in review.",
    )


def start_review_of_a_withdrawn_case_without_a_date(committee):
    case = CaseFactory(status=S.WITHDRAWN)
    return (
        committee.chair.representative,
        _case_url("case_review_start", case),
        {},
        "Reviews due by: This field is required.",
    )


def assign_a_reviewer_to_a_withdrawn_case(committee):
    case = CaseFactory(status=S.WITHDRAWN)
    return (
        committee.chair.representative,
        _case_url("reviewer_assign", case),
        {"seat": committee.members[0].pk},
        "Reviewers are assigned once the review has started.",
    )


def open_a_vote_before_the_review(committee):
    case = CaseFactory(status=S.SUBMITTED)
    return (
        committee.chair.representative,
        _case_url("ballot_open", case),
        {"closes_on": NEXT_WEEK},
        "The committee votes on a case in review.",
    )


def open_a_vote_closing_in_the_past(committee):
    case = CaseFactory(status=S.IN_REVIEW)
    return (
        committee.chair.representative,
        _case_url("ballot_open", case),
        {"closes_on": YESTERDAY},
        "The vote must close in the future.",
    )


def extend_a_vote_that_is_not_open(committee):
    case = CaseFactory(status=S.IN_REVIEW)
    return (
        committee.chair.representative,
        _case_url("ballot_extend", case),
        {"closes_on": NEXT_WEEK},
        "No vote is open on this case: open one first.",
    )


def extend_a_vote_to_an_earlier_close(committee):
    ballot = BallotFactory(closes_at=timezone.now() + timedelta(days=10))
    return (
        committee.chair.representative,
        _case_url("ballot_extend", ballot.case),
        {"closes_on": TOMORROW},
        "An extension closes the vote later than",
    )


def vote_after_the_close(committee):
    ballot = BallotFactory(closes_at=timezone.now() - timedelta(hours=1))
    return (
        committee.members[0].representative,
        _case_url("vote", ballot.case),
        {"choice": "approve"},
        "This vote is closed.",
    )


def vote_from_a_seat_created_after_the_opening(committee):
    ballot = BallotFactory()
    newcomer = SeatFactory()
    return (
        newcomer.representative,
        _case_url("vote", ballot.case),
        {"choice": "approve"},
        "the vote opened before the seat joined the committee",
    )


def declare_a_conflict_on_a_closed_case(committee):
    case = CaseFactory(status=S.WITHDRAWN)
    return (
        committee.members[0].representative,
        _case_url("conflict_declare", case),
        {"reason": "My co-author applies."},
        "This case is closed.",
    )


def discuss_a_closed_case(committee):
    case = CaseFactory(status=S.WITHDRAWN)
    return (
        committee.members[0].representative,
        _case_url("discussion", case),
        {"body": "One more thought."},
        "The discussion of a closed case is over.",
    )


def review_a_decided_case(committee):
    review = ReviewFactory(case=CaseFactory(status=S.APPROVED), seat=committee.members[0])
    return (
        committee.members[0].representative,
        _case_url("review", review.case),
        {"score": 4, "recommendation": "approve"},
        "The review of this case is over.",
    )


def decide_without_quorum(committee):
    ballot = BallotFactory(closes_at=timezone.now() - timedelta(hours=1))
    return (
        committee.chair.representative,
        _case_url("decision", ballot.case),
        {"outcome": "rejected", "rationale": "Reasons."},
        "No quorum: 0 of the 5 seats entitled to vote voted",
    )


def decide_a_withdrawn_case(committee):
    case = CaseFactory(status=S.WITHDRAWN)
    return (
        committee.chair.representative,
        _case_url("decision", case),
        {"outcome": "rejected", "rationale": "Reasons."},
        "A case that is withdrawn cannot become rejected.",
    )


def withdraw_a_withdrawn_proposal(committee):
    case = CaseFactory(status=S.WITHDRAWN)
    return (
        case.submitter,
        _case_url("proposal_withdraw", case),
        {},
        "A case that is withdrawn cannot become withdrawn.",
    )


def resubmit_a_proposal_under_review(committee):
    case = CaseFactory(status=S.IN_REVIEW)
    return (
        case.submitter,
        _case_url("proposal_resubmit", case),
        {"note": "Added a data plan."},
        "A case that is in review cannot become submitted.",
    )


def apply_without_a_verified_address(committee):
    return (
        UserFactory(verified=False),
        reverse("steering:apply"),
        {
            "name": "Lab of Tomorrow",
            "kind": "university",
            "country": "US",
            "domains": "tomorrow.example",
            "applicant_role": "Director",
            "motivation": "Models for science.",
        },
        "Verify your e-mail address before you apply.",
    )


def give_a_seat_to_someone_outside_the_institution(committee):
    institution = InstitutionFactory()
    outsider = UserFactory()
    return (
        give_totp(UserFactory(is_staff=True)),
        reverse("steering:seat_create"),
        {
            "institution": institution.pk,
            "representative": outsider.email,
            "role": "member",
            "term_start": "2026-01-01",
        },
        f"{outsider} is not a confirmed member of {institution}.",
    )


def make_an_outsider_the_alternate(committee):
    seat = committee.members[0]
    outsider = UserFactory()
    return (
        give_totp(UserFactory(is_staff=True)),
        reverse("steering:seat_edit", args=[seat.pk]),
        {
            "representative": seat.representative.email,
            "alternate": outsider.email,
            "role": "member",
            "term_start": "2025-01-01",
        },
        f"{outsider} is not a confirmed member of {seat.institution}.",
    )


REFUSALS = {
    "case_review_start": [
        start_review_with_a_past_deadline,
        start_review_of_a_withdrawn_case,
        start_review_of_a_withdrawn_case_without_a_date,
    ],
    "reviewer_assign": [assign_a_reviewer_to_a_withdrawn_case],
    "ballot_open": [open_a_vote_before_the_review, open_a_vote_closing_in_the_past],
    "ballot_extend": [extend_a_vote_that_is_not_open, extend_a_vote_to_an_earlier_close],
    "vote": [vote_after_the_close, vote_from_a_seat_created_after_the_opening],
    "conflict_declare": [declare_a_conflict_on_a_closed_case],
    "discussion": [discuss_a_closed_case],
    "review": [review_a_decided_case],
    "decision": [decide_without_quorum, decide_a_withdrawn_case],
    "proposal_withdraw": [withdraw_a_withdrawn_proposal],
    "proposal_resubmit": [resubmit_a_proposal_under_review],
    "apply": [apply_without_a_verified_address],
    "seat_create": [give_a_seat_to_someone_outside_the_institution],
    "seat_edit": [make_an_outsider_the_alternate],
}
CASES = [refusal for refusals in REFUSALS.values() for refusal in refusals]


@pytest.mark.parametrize("refusal", CASES, ids=[refusal.__name__ for refusal in CASES])
def test_a_refused_action_says_why_on_the_page(client, committee, refusal):
    user, url, data, reason = refusal(committee)
    client.force_login(user)

    response = client.post(url, data)

    assert response.status_code == 400
    body = response.content.decode()
    assert html.escape(reason) in body, f"{url} refused without saying: {reason}"
    messages = [str(message) for message in response.context["messages"]]
    assert any(reason in message for message in messages)


def test_every_steering_action_is_in_the_sweep(client, committee):
    """A POST route added later must come with its refusals above."""
    client.force_login(give_totp(UserFactory(is_staff=True)))
    case = CaseFactory()
    posting = set()
    for pattern in steering_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if "<int:pk>" not in route:
            url = reverse(f"steering:{pattern.name}")
        elif pattern.name.startswith("seat"):
            url = reverse(f"steering:{pattern.name}", args=[committee.members[0].pk])
        else:
            url = reverse(f"steering:{pattern.name}", args=[case.pk])
        if client.post(url).status_code != 405:
            posting.add(pattern.name)

    assert posting == set(REFUSALS)
