"""The proposer sees the status, then the decision, its rationale and the comments to the
proposer; never who reviewed, never the committee's comments."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from steering import services
from steering.models import Case
from tests.steering.factories import BallotFactory, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(committee):
    case = CaseFactory()
    chair = committee.chair.representative
    case = services.case_review_start(
        case=case, actor=chair, review_deadline=timezone.now() + timedelta(days=10)
    )
    for seat, words in [(committee.members[0], "Add a data plan"), (committee.members[1], "")]:
        review = services.review_assign(case=case, seat=seat, actor=chair)
        services.review_submit(
            review=review,
            actor=seat.representative,
            score=2,
            recommendation="revise",
            comments_committee="Internal: weak governance",
            comments_proposer=words,
        )
    ballot = BallotFactory(case=case, opened_by=chair)
    for seat in committee.seats:
        services.vote_cast(ballot=ballot, actor=seat.representative, choice="reject")
    services.decision_record(
        case=case, actor=chair, outcome="revision_requested", rationale="Please revise the plan."
    )
    return Case.objects.get(pk=case.pk)


def _names_of_reviewers(committee):
    seats = committee.members[:2]
    return [str(s.representative) for s in seats] + [s.institution.name for s in seats]


def test_the_proposer_sees_decision_rationale_and_comments_but_no_reviewer(
    login, committee, decided
):
    page = login(decided.submitter).get(reverse("steering:proposal", args=[decided.pk]))
    text = page.content.decode()

    assert page.status_code == 200
    assert "Revision requested" in text
    assert "Please revise the plan." in text
    assert "Add a data plan" in text
    assert "weak governance" not in text
    for name in _names_of_reviewers(committee):
        assert name not in text


def test_the_decision_notice_carries_no_reviewer_name(committee, decided):
    notice = Notification.objects.get(recipient=decided.submitter, kind="steering.decision_made")

    assert "Please revise the plan." in notice.body
    assert "Add a data plan" in notice.body
    assert notice.actor is None
    for name in [*_names_of_reviewers(committee), "weak governance"]:
        assert name not in notice.body + notice.title


def test_nobody_else_opens_the_proposers_page(login, committee, decided):
    client = login(committee.chair.representative)

    assert client.get(reverse("steering:proposal", args=[decided.pk])).status_code == 404


def test_the_proposer_resubmits_after_a_request_for_revision(login, committee, decided):
    client = login(decided.submitter)

    response = client.post(
        reverse("steering:proposal_resubmit", args=[decided.pk]), {"note": "Added a data plan"}
    )

    assert response.status_code == 302
    assert Case.objects.get(pk=decided.pk).status == Case.Status.SUBMITTED
    assert Notification.objects.filter(
        recipient=committee.chair.representative, kind="steering.case_submitted"
    ).exists()


def test_a_proposal_under_review_says_so_and_can_be_withdrawn(login, committee):
    case = CaseFactory()
    client = login(case.submitter)

    page = client.get(reverse("steering:proposal", args=[case.pk])).content.decode()
    assert "The committee is reviewing your proposal." in page

    client.post(reverse("steering:proposal_withdraw", args=[case.pk]))
    assert Case.objects.get(pk=case.pk).status == Case.Status.WITHDRAWN
    response = client.post(reverse("steering:proposal_withdraw", args=[case.pk]), follow=True)
    assert "cannot become withdrawn" in response.content.decode()


def test_the_application_form_shows_refusals_beside_it(login, committee):
    from tests.factories import UserFactory

    client = login(UserFactory(email="kim@elsewhere.example"))

    response = client.post(
        reverse("steering:apply"),
        {
            "name": "Institute of Tests",
            "kind": "university",
            "country": "FR",
            "domains": "tests.example",
            "applicant_role": "Dean",
            "motivation": "We test.",
        },
    )

    assert response.status_code == 400
    assert "None of your verified addresses is on these domains." in response.content.decode()
