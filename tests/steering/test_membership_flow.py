"""The thinnest complete slice: an institution applies, the committee decides, it joins."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from members.models import Institution, Profile
from notifications.models import Notification
from steering import audit, services
from steering.models import Case, Seat
from tests.factories import UserFactory
from tpc_portal.audit import audit_of
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
    assert audit_of(case).filter(verb=audit.CASE_SUBMITTED.key).exists()
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


def test_a_nameless_applicant_is_asked_the_name(committee):
    nameless = UserFactory(email="nn@newlab.example.org", full_name="")

    with pytest.raises(ApplicationError) as refused:
        _apply(nameless)

    assert "applicant_name" in refused.value.errors
    assert not Case.objects.exists()


def test_the_committee_sees_who_applies(committee, login, django_capture_on_commit_callbacks):
    nameless = UserFactory(email="nn@newlab.example.org", full_name="")
    with django_capture_on_commit_callbacks(execute=True):
        case = _apply(nameless, applicant_name="  Nora   Newcomer ").cases.get()

    nameless.refresh_from_db()
    assert nameless.full_name == "Nora Newcomer"
    notice = Notification.objects.get(recipient=committee.chair.representative)
    assert "Nora Newcomer submitted" in notice.body
    assert notice.actor == nameless
    client = login(committee.chair.representative)
    for url in [
        reverse("steering:case", args=[case.pk]),
        reverse("steering:audit", args=[case.pk]),
    ]:
        page = client.get(url).content.decode()
        assert "Nora Newcomer" in page, url
        assert "nn@newlab.example.org" not in page, url


def test_apply_page_shows_who_applies_and_asks_a_name_only_when_missing(login):
    named = login(UserFactory(full_name="Rosa Founder")).get(reverse("steering:apply"))
    assert "You apply as <strong>Rosa Founder</strong>" in named.content.decode()
    assert "applicant_name" not in named.context["form"].fields

    nameless = login(UserFactory(full_name="")).get(reverse("steering:apply"))
    assert nameless.context["form"].fields["applicant_name"].required
    assert "You apply as" not in nameless.content.decode()


def test_a_nameless_applicant_names_themself_through_the_form(login):
    user = UserFactory(email="nn@newlab.example.org", full_name="")
    data = {
        "name": "New Lab for Scientific AI",
        "kind": Institution.Kind.RESEARCH_INSTITUTE,
        "country": "DE",
        "domains": "newlab.example.org",
        "applicant_role": "Director",
        "motivation": "Models for chemistry.",
    }

    refused = login(user).post(reverse("steering:apply"), data)
    accepted = login(user).post(reverse("steering:apply"), {**data, "applicant_name": "Nora N"})

    assert refused.status_code == 400
    assert "applicant_name" in refused.context["form"].errors
    assert accepted.status_code == 302
    assert str(Case.objects.get().submitter) == "Nora N"
