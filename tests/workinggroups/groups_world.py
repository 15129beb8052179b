"""Helpers of the tests of groups, the charter case, membership and leads: people and the
committee's decision, built through the real services and factories."""

from datetime import timedelta

from django.utils import timezone

from steering import services as steering
from tests.factories import InstitutionFactory, ProfileFactory, UserFactory
from tests.steering.conftest import Committee
from tests.steering.factories import give_totp


def confirmed(name: str = "", *, institution=None, **profile):
    """A confirmed member of the consortium (listed, at a member institution)."""
    fields = {"user__full_name": name} if name else {}
    return ProfileFactory(institution=institution or InstitutionFactory(), **fields, **profile).user


def outsider(name: str = "Otto Outsider"):
    """Signed up, but at no member institution."""
    return ProfileFactory(institution=None, user__full_name=name).user


def secure_staff():
    return give_totp(UserFactory(is_staff=True, is_superuser=True, full_name="Sec Retariat"))


def decide(committee: Committee, case, outcome: str, *, votes=None):
    """The committee's whole way from a submitted case to its decision, as the chair walks
    it: review, vote, decision."""
    chair = committee.chair.representative
    steering.case_review_start(
        case=case, actor=chair, review_deadline=timezone.now() + timedelta(days=14)
    )
    ballot = steering.ballot_open(
        case=case, actor=chair, closes_at=timezone.now() + timedelta(days=7)
    )
    choice = "approve" if outcome == "approved" else "reject"
    for seat in committee.seats:
        steering.vote_cast(ballot=ballot, actor=seat.representative, choice=choice)
    return steering.decision_record(
        case=case, actor=chair, outcome=outcome, rationale="The committee's reasons."
    )
