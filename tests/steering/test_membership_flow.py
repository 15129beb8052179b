"""The thinnest complete slice: an institution applies, the committee decides, it joins."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from members.models import Institution, Profile
from notifications.models import Notification
from steering import services
from steering.models import AuditEntry, Case, Seat
from tests.factories import UserFactory
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _applicant():
    user = UserFactory(email="rosa@newlab.example.org", full_name="Rosa Founder")
    return user


def _apply(user, **overrides):
    data = {
        "actor": user,
        "name": "New Lab for Scientific AI",
        "short_name": "NLSA",
        "kind": Institution.Kind.RESEARCH_INSTITUTE,
        "country": "DE",
        "domains": ["newlab.example.org"],
        "applicant_role": "Director",
        "motivation": "We build foundation models for chemistry.",
    }
    data.update(overrides)
    return services.membership_application_submit(**data)


def _decide(committee, case, *, votes, outcome):
    chair = committee.chair.representative
    services.case_review_start(
        case=case, actor=chair, review_deadline=timezone.now() + timedelta(days=14)
    )
    ballot = services.ballot_open(
        case=case, actor=chair, closes_at=timezone.now() + timedelta(days=7)
    )
    for seat, choice in zip(committee.seats, votes, strict=False):
        services.vote_cast(ballot=ballot, actor=seat.representative, choice=choice)
    return services.decision_record(case=case, actor=chair, outcome=outcome, rationale="Because.")


def test_application_creates_an_applicant_institution_and_a_case(committee):
    application = _apply(_applicant())

    case = application.cases.get()
    assert application.institution.status == Institution.Status.APPLICANT
    assert case.status == Case.Status.SUBMITTED
    assert case.kind == Case.Kind.MEMBERSHIP
    assert list(case.institutions.all()) == [application.institution]
    assert AuditEntry.objects.filter(case=case, action=AuditEntry.Action.CASE_SUBMITTED).exists()
    # The chair hears of it.
    assert Notification.objects.filter(
        recipient=committee.chair.representative, kind="steering.case_submitted"
    ).exists()


def test_approval_admits_the_institution_seats_it_and_makes_the_applicant_representative(
    committee,
):
    applicant = _applicant()
    application = _apply(applicant)
    case = application.cases.get()

    decision = _decide(committee, case, votes=["approve"] * 4 + ["reject"], outcome="approved")

    institution = Institution.objects.get(pk=application.institution.pk)
    assert institution.status == Institution.Status.MEMBER
    assert institution.joined == timezone.localdate()
    assert institution.representative == applicant
    assert Profile.objects.get(user=applicant).institution == institution
    seat = Seat.objects.get(institution=institution)
    assert seat.representative == applicant
    assert seat.role == Seat.Role.MEMBER
    assert Case.objects.get(pk=case.pk).status == Case.Status.APPROVED
    assert (decision.votes_approve, decision.votes_reject, decision.eligible_seats) == (4, 1, 5)
    notice = Notification.objects.get(recipient=applicant, kind="steering.decision_made")
    assert "Because." in notice.body


def test_rejection_keeps_the_record_and_closes_the_institution(committee):
    application = _apply(_applicant())
    case = application.cases.get()

    _decide(
        committee,
        case,
        votes=["reject", "reject", "reject", "approve", "abstain"],
        outcome="rejected",
    )

    institution = Institution.objects.get(pk=application.institution.pk)
    assert institution.status == Institution.Status.WITHDRAWN
    assert not Seat.objects.filter(institution=institution).exists()
    assert Case.objects.get(pk=case.pk).decisions.get().outcome == "rejected"


def test_applicant_needs_a_verified_address_on_the_institution_domain(committee):
    user = UserFactory(email="someone@gmail.example")

    with pytest.raises(ApplicationError) as refused:
        _apply(user)

    assert "domains" in refused.value.errors
    assert not Institution.objects.filter(name="New Lab for Scientific AI").exists()


def test_unverified_address_does_not_count(committee):
    user = _applicant()
    EmailAddress.objects.filter(user=user).update(verified=False)

    with pytest.raises(ApplicationError, match="Verify"):
        _apply(user)


def test_a_decision_the_subject_refuses_saves_nothing(committee):
    """The applicant lost their address on the institution's domain before the decision:
    they cannot be affiliated, so they cannot take the seat, so nothing happens at all."""
    applicant = _applicant()
    application = _apply(applicant)
    case = application.cases.get()
    EmailAddress.objects.filter(user=applicant).delete()

    with pytest.raises(ApplicationError, match="not a confirmed member"):
        _decide(committee, case, votes=["approve"] * 5, outcome="approved")

    case = Case.objects.get(pk=case.pk)
    assert case.status == Case.Status.IN_REVIEW
    assert not case.decisions.exists()
    assert case.ballots.get().closed_at is None
    assert Institution.objects.get(pk=application.institution.pk).status == "applicant"
    assert not Seat.objects.filter(institution=application.institution).exists()
    assert not Notification.objects.filter(kind="steering.decision_made").exists()


def test_one_open_application_per_applicant(committee):
    user = _applicant()
    _apply(user)

    with pytest.raises(ApplicationError, match="already have a membership application"):
        _apply(user, name="Another Lab", domains=["newlab.example.org"])
