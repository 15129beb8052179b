"""Factories of the steering app (kept beside its tests; the shared ones are in tests/factories)."""

import datetime

import factory
from allauth.mfa.models import Authenticator
from django.utils import timezone

from members.models import Institution
from steering.models import Ballot, Case, MembershipApplication, Review, Seat
from tests.factories import InstitutionFactory, ProfileFactory, UserFactory


def give_totp(user):
    """An authenticator app, as if the person had set one up (committee pages need it)."""
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
    )
    return user


def member_of(institution, **kwargs):
    """A confirmed member of the institution (a user with a profile there)."""
    return ProfileFactory(institution=institution, **kwargs).user


class SeatFactory(factory.django.DjangoModelFactory):
    """An active seat of a member institution; its representative has a second factor."""

    class Meta:
        model = Seat
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    representative = factory.LazyAttribute(lambda seat: give_totp(member_of(seat.institution)))
    role = Seat.Role.MEMBER
    term_start = datetime.date(2025, 1, 1)
    term_end = None

    @factory.post_generation
    def sync_representative(self, create, extracted, **kwargs):
        if create:
            Institution.objects.filter(pk=self.institution_id).update(
                representative=self.representative
            )


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication

    institution = factory.SubFactory(
        InstitutionFactory, status=Institution.Status.APPLICANT, joined=None
    )
    applicant = factory.SubFactory(UserFactory)
    applicant_role = "Director of AI research"
    motivation = "We train models for materials science and want to share our data."


class CaseFactory(factory.django.DjangoModelFactory):
    """A submitted membership case. `institutions=[...]` adds involved institutions (the
    applicant institution is always involved); `expertise=[slugs]` sets its areas."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    subject = factory.SubFactory(MembershipApplicationFactory)
    kind = Case.Kind.MEMBERSHIP
    name = factory.LazyAttribute(lambda case: str(case.subject.case_name()))
    submitter = factory.LazyAttribute(lambda case: case.subject.applicant)
    status = Case.Status.SUBMITTED

    @factory.post_generation
    def institutions(self, create, extracted, **kwargs):
        if create:
            self.institutions.set([self.subject.institution, *(extracted or [])])

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create and extracted:
            from members.models import ExpertiseArea

            self.expertise.set(ExpertiseArea.objects.filter(slug__in=extracted))


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    case = factory.SubFactory(CaseFactory, status=Case.Status.IN_REVIEW)
    seat = factory.SubFactory(SeatFactory)
    assigned_by = factory.LazyAttribute(lambda review: review.seat.representative)
    due = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    case = factory.SubFactory(CaseFactory, status=Case.Status.IN_REVIEW)
    opened_by = factory.SubFactory(UserFactory)
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
