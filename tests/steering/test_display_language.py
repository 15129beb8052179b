"""Case titles and the committee's notices are put into words when read (issue 9, defect 8)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Institution
from notifications import kinds
from notifications.models import Notification
from steering import services
from steering.models import Case, Decision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_kind_sent_by_the_services_reads_in_both_languages(committee_flow_notices):
    """Sweep: each notice the real services create for an English reader renders again in
    English exactly as stored, and in Russian differently (its words are not frozen)."""
    assert {notice.kind for notice in committee_flow_notices} >= {
        "steering.case_submitted",
        "steering.review_assigned",
        "steering.ballot_opened",
        "steering.decision_made",
    }
    for notice in committee_flow_notices:
        assert kinds.get_or_none(notice.kind) is not None
        with translation.override("en"):
            assert (notice.display_title, notice.display_body) == (notice.title, notice.body)
        with translation.override("ru"):
            assert notice.display_title != notice.title, notice.kind
            assert notice.display_body != notice.body, notice.kind


@pytest.fixture
def committee_flow_notices(committee):
    """Every notice of a membership case from submission to decision, for English readers."""
    for seat in committee.seats:
        for person in seat.holders():
            person.language = "en"
            person.save(update_fields=["language"])
    applicant = UserFactory(language="en", email="rosa@newlab.example.org")
    application = services.membership_application_submit(
        actor=applicant,
        name="New Lab for Scientific AI",
        short_name="NLSA",
        kind=Institution.Kind.RESEARCH_INSTITUTE,
        country="DE",
        domains=["newlab.example.org"],
        applicant_role="Director",
        motivation="We build foundation models for chemistry.",
    )
    case = application.cases.get()
    chair = committee.chair.representative
    services.case_review_start(
        case=case, actor=chair, review_deadline=timezone.now() + timedelta(days=7)
    )
    services.review_assign(case=case, seat=committee.members[0], actor=chair)
    ballot = services.ballot_open(
        case=case, actor=chair, closes_at=timezone.now() + timedelta(days=3)
    )
    for seat in committee.seats:
        services.vote_cast(ballot=ballot, actor=seat.representative, choice="approve")
    services.decision_record(
        case=case, actor=chair, outcome=Decision.Outcome.APPROVED, rationale="Welcome."
    )
    return list(Notification.objects.all())


def test_a_case_title_is_composed_in_the_readers_language(committee, login):
    applicant = UserFactory(language="en", email="rosa@newlab.example.org")
    with translation.override("en"):
        application = services.membership_application_submit(
            actor=applicant,
            name="New Lab for Scientific AI",
            short_name="NLSA",
            kind=Institution.Kind.RESEARCH_INSTITUTE,
            country="DE",
            domains=["newlab.example.org"],
            applicant_role="Director",
            motivation="We build foundation models for chemistry.",
        )
    case = application.cases.get()
    assert case.name == "New Lab for Scientific AI"
    login(committee.chair.representative)
    url = reverse("steering:case", args=[case.pk])

    russian = login(committee.chair.representative).get(url, HTTP_ACCEPT_LANGUAGE="ru")
    english = login(committee.chair.representative).get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert "<h1>Членство: New Lab for Scientific AI</h1>" in russian.content.decode()
    assert "<h1>Membership of New Lab for Scientific AI</h1>" in english.content.decode()


@pytest.mark.parametrize("kind", Case.Kind.values)
def test_every_case_kind_has_a_title_in_both_languages(kind):
    with translation.override("en"):
        english = Case(kind=kind, name="Kestrel").title
    with translation.override("ru"):
        russian = Case(kind=kind, name="Kestrel").title

    assert "Kestrel" in english
    assert "Kestrel" in russian
    assert russian != english
