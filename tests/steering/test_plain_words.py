"""The committee's pages speak plainly: a vote says until when, with the time zone; the
chair's dashboard says what to do next; the audit trail reads as sentences in the reader's
language, drawn from the stored data when the page is drawn (issue 9, defect 25)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from steering import audit, services
from steering.models import Case
from tests.steering.factories import BallotFactory, CaseFactory, ReviewFactory
from tpc_portal.audit import audit_sentence
from tpc_portal.models import AuditEntry

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 15, 12, 0, tzinfo=UTC)
RAW = [
    re.compile(r"\b(status|closes_at|review_deadline|choice)\s*:"),
    re.compile(r"\bin_review\b|\brevision_requested\b"),
    re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d"),  # an ISO timestamp
    re.compile(r"\b(case|review|ballot|vote|seat|conflict)\.[a-z_]+\b"),  # an action code
]


def _raw(text: str) -> list[str]:
    return [match.group(0) for pattern in RAW for match in pattern.finditer(text)]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _walk_a_case_through_everything(committee) -> Case:
    chair = committee.chair.representative
    case = CaseFactory()
    services.case_review_start(case=case, actor=chair, review_deadline=DEADLINE)
    first, second = committee.members[:2]
    for seat in (first, second):
        services.review_assign(case=case, seat=seat, actor=chair)
    review = case.reviews.get(seat=first)
    services.review_submit(
        review=review, actor=first.representative, score=4, recommendation="approve"
    )
    services.review_submit(
        review=review, actor=first.representative, score=5, recommendation="approve"
    )
    ballot = services.ballot_open(case=case, actor=chair, closes_at=DEADLINE)
    services.ballot_extend(ballot=ballot, actor=chair, closes_at=DEADLINE + timedelta(days=2))
    services.vote_cast(ballot=ballot, actor=second.representative, choice="reject")
    services.conflict_declare(case=case, actor=second.representative, reason="My co-author.")
    for seat in committee.seats:
        if seat != second:
            services.vote_cast(ballot=ballot, actor=seat.representative, choice="abstain")
    services.vote_cast(ballot=ballot, actor=first.representative, choice="reject")
    services.decision_record(case=case, actor=chair, outcome="rejected", rationale="Not yet.")
    return case


def test_the_audit_trail_reads_as_sentences(frozen, committee, login):
    case = _walk_a_case_through_everything(committee)
    chair = committee.chair.representative

    page = login(chair).get(reverse("steering:audit", args=[case.pk])).content.decode()

    assert f"{chair} moved the case from Submitted to In review." in page
    assert "Review deadline set to 15 Dec 2026, 12:00 UTC." in page
    assert "extended the vote from 15 Dec 2026, 12:00 UTC to 17 Dec 2026, 12:00 UTC." in page
    assert f"changed the vote of {committee.members[0].institution} from Abstain to Reject" in page
    assert "the case moved from In review to Rejected." in page
    assert not _raw(page), _raw(page)


def test_the_audit_trail_is_in_the_readers_language(frozen, committee, login):
    case = _walk_a_case_through_everything(committee)
    client = login(committee.chair.representative)

    page = client.get(
        reverse("steering:audit", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()

    with translation.override("ru"):
        old, new = str(Case.Status.SUBMITTED.label), str(Case.Status.IN_REVIEW.label)
    assert old == "Подано"
    assert f"из статуса «{old}» в статус «{new}»" in page
    assert "15 декабря 2026, 12:00 UTC" in page
    assert not _raw(page), _raw(page)


@pytest.mark.parametrize("verb", audit.VERBS, ids=str)
def test_every_kind_of_audit_entry_has_its_sentence(committee, verb):
    """A new verb declared in steering/audit.py needs its sentence template."""
    seat = committee.members[0]
    entry = AuditEntry(
        verb=verb.key,
        actor=committee.chair.representative,
        context={"seat": seat.institution.name, "seat_id": seat.pk},
        before={
            "status": "submitted",
            "closes_at": NOW.isoformat(),
            "choice": "approve",
            "representative": "Ada Lovelace",
            "role": "member",
            "term_start": "2025-01-01",
        },
        after={
            "status": "in_review",
            "review_deadline": DEADLINE.isoformat(),
            "closes_at": DEADLINE.isoformat(),
            "choice": "reject",
            "due": DEADLINE.isoformat(),
            "electorate": 9,
            "reason": "Co-author",
            "institution": seat.institution.name,
            "representative": "Grace Hopper",
            "role": "chair",
            "term_start": "2025-01-01",
            "term_end": "2027-12-31",
        },
    )
    with translation.override("en"):
        text = audit_sentence(entry)

    sentence = " ".join(text.split())
    assert sentence != str(verb.label)
    assert sentence.endswith((".", "”", "</ul>")), sentence
    assert not _raw(sentence), _raw(sentence)


def test_a_case_with_an_open_vote_says_until_when_with_the_zone(frozen, committee, login):
    ballot = BallotFactory(closes_at=DEADLINE)
    client = login(committee.members[0].representative)

    for url in (reverse("steering:cases"), reverse("steering:case", args=[ballot.case_id])):
        assert "Voting until 15 Dec 2026, 12:00 UTC" in client.get(url).content.decode()


def test_a_vote_whose_time_is_up_says_the_decision_is_due(committee, login):
    BallotFactory(closes_at=NOW)
    client = login(committee.members[0].representative)

    with time_machine.travel(NOW + timedelta(hours=1)):
        page = client.get(reverse("steering:cases")).content.decode()

    assert "Vote over: the decision is due" in page


def test_cases_i_chair_say_the_next_step(frozen, committee, login):
    submitted = CaseFactory(name="Submitted case")
    unassigned = CaseFactory(name="Nobody reviews yet", status=Case.Status.IN_REVIEW)
    waiting = CaseFactory(name="Reviews coming", status=Case.Status.IN_REVIEW)
    ReviewFactory(case=waiting, seat=committee.members[0])
    ready = CaseFactory(name="Reviews in", status=Case.Status.IN_REVIEW)
    ReviewFactory(
        case=ready, seat=committee.members[0], score=4, recommendation="approve", submitted_at=NOW
    )
    voting = BallotFactory(closes_at=DEADLINE).case
    over = BallotFactory(closes_at=NOW - timedelta(hours=1)).case

    response = login(committee.chair.representative).get(reverse("steering:dashboard"))

    steps = {item.case.pk: item.step for item in response.context["board"].chair_cases}
    assert steps == {
        submitted.pk: "start_review",
        unassigned.pk: "assign_reviewers",
        waiting.pk: "await_reviews",
        ready.pk: "open_vote",
        voting.pk: "await_votes",
        over.pk: "decide",
    }
    page = " ".join(response.content.decode().split())
    for sentence in [
        "Start the review: set the reviews' deadline.",
        "Assign reviewers.",
        "Wait for the reviews (0 of 1 in), then open the vote.",
        "Open the vote: every review is in.",
        "Voting until 15 Dec 2026, 12:00 UTC. Record the decision after the close",
        "Record the decision: the vote is over.",
    ]:
        assert sentence in page
