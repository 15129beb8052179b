import datetime
import decimal

import factory
from allauth.account.models import EmailAddress

from events.models import Event
from events.permissions import forget_organised
from members.models import (
    ExpertiseArea,
    Institution,
    InstitutionDomain,
    Keyword,
    Profile,
    User,
)
from members.services import profile_create, profile_search_columns_update
from projects.models import (
    Opening,
    Project,
    TeamMember,
)
from projects.permissions import forget_places
from projects.search import project_search_columns_update
from workinggroups.models import Meeting, Membership, WorkingGroup
from workinggroups.permissions import forget_roles

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A person who signed up and verified their address, with the (unlisted) profile that
    sign-up makes."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create:
            profile_create(user=self, actor=self)


class InstitutionFactory(factory.django.DjangoModelFactory):
    """A member institution; `domains=["lab.example"]` gives it e-mail domains."""

    class Meta:
        model = Institution
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Institute of Large Models {n}")
    slug = factory.Sequence(lambda n: f"institute-{n}")
    kind = Institution.Kind.UNIVERSITY
    country = "US"
    status = Institution.Status.MEMBER
    joined = datetime.date(2024, 1, 1)

    @factory.post_generation
    def domains(self, create, extracted, **kwargs):
        if create and extracted:
            InstitutionDomain.objects.bulk_create(
                [InstitutionDomain(institution=self, domain=domain) for domain in extracted]
            )


class ProfileFactory(factory.django.DjangoModelFactory):
    """A listed researcher (members only unless told); `expertise=["evaluation"]` takes
    taxonomy slugs, `keywords=["tokenizers"]` free keywords."""

    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(lambda profile: profile.user.full_name)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """The account's own profile (every account has one from sign-up), filled in."""
        profile = model_class.objects.filter(user=kwargs["user"]).first() or model_class()
        for name, value in kwargs.items():
            setattr(profile, name, value)
        profile.save()
        return profile

    institution = factory.SubFactory(InstitutionFactory)
    visibility = Profile.Visibility.MEMBERS

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create and extracted:
            self.expertise.set(ExpertiseArea.objects.filter(slug__in=extracted))

    @factory.post_generation
    def keywords(self, create, extracted, **kwargs):
        if create and extracted:
            Keyword.objects.bulk_create([Keyword(name=k) for k in extracted], ignore_conflicts=True)
            self.keywords.set(Keyword.objects.filter(name__in=extracted))

    @factory.post_generation
    def search_vector(self, create, extracted, **kwargs):
        if create:
            profile_search_columns_update(profile_ids=[self.pk])


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    """An active group; its proposer is its first lead. `members=[user, ...]` adds members,
    `expertise=["evaluation"]` takes taxonomy slugs."""

    class Meta:
        model = WorkingGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    mission = "Better evaluation of scientific foundation models."
    status = WorkingGroup.Status.ACTIVE
    proposer = factory.SubFactory(UserFactory)

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if create and self.status == WorkingGroup.Status.ACTIVE and extracted is not False:
            Membership.objects.create(group=self, user=self.proposer, role=Membership.Role.LEAD)
            forget_roles(self.proposer)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            Membership.objects.bulk_create(
                [Membership(group=self, user=user) for user in extracted]
            )

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create and extracted:
            self.expertise.set(ExpertiseArea.objects.filter(slug__in=extracted))


class MeetingFactory(factory.django.DjangoModelFactory):
    """A one-off meeting of a group, a week from now unless told, at 15:00 UTC."""

    class Meta:
        model = Meeting

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    start = factory.LazyFunction(
        lambda: (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=7)).replace(
            hour=15, minute=0, second=0, microsecond=0
        )
    )
    time_zone = "UTC"
    video_link = "https://meet.example.org/tpc-secret-room"
    created_by = factory.LazyAttribute(lambda meeting: meeting.group.proposer)


class ProjectFactory(factory.django.DjangoModelFactory):
    """An active project led by its creator (its PI, with the PI's institution as the lead
    institution). `team=[user, ...]` adds active members; `expertise=[slugs]`;
    `keywords=[...]` free keywords; the search vector is kept current (PostgreSQL)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Foundation model for science {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    summary = "A foundation model trained on scientific literature and data."
    kind = Project.Kind.MODEL_BUILDING
    status = Project.Status.ACTIVE
    created_by = factory.LazyFunction(lambda: ProfileFactory().user)
    lead_institution = factory.LazyAttribute(lambda project: project.created_by.profile.institution)

    @factory.post_generation
    def pi(self, create, extracted, **kwargs):
        if create and extracted is not False:
            TeamMember.objects.create(
                project=self,
                user=self.created_by,
                role=TeamMember.Role.PI,
                institution=self.lead_institution,
            )
            # The person's places, if already read for this user object, are stale now.
            forget_places(self.created_by)

    @factory.post_generation
    def team(self, create, extracted, **kwargs):
        if create and extracted:
            TeamMember.objects.bulk_create(
                [
                    TeamMember(project=self, user=user, institution=user.profile.institution)
                    for user in extracted
                ]
            )

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create and extracted:
            self.expertise.set(ExpertiseArea.objects.filter(slug__in=extracted))

    @factory.post_generation
    def keywords(self, create, extracted, **kwargs):
        if create and extracted:
            Keyword.objects.bulk_create([Keyword(name=k) for k in extracted], ignore_conflicts=True)
            self.keywords.set(Keyword.objects.filter(name__in=extracted))

    @factory.post_generation
    def search_vector(self, create, extracted, **kwargs):
        if create:
            project_search_columns_update(project_ids=[self.pk])


# --- Allocations

# --- Usage (issue 13): sites, resources, periods and allocations


class SiteFactory(factory.django.DjangoModelFactory):
    """A partner computing site hosted by a member institution."""

    class Meta:
        model = "projects.Site"

    name = factory.Sequence(lambda n: f"Leadership Computing Facility {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    host_institution = factory.SubFactory(InstitutionFactory)
    description = "A leadership computing facility."


class ResourceFactory(factory.django.DjangoModelFactory):
    """A GPU machine of a site, granted in GPU-hours, 100,000 per period."""

    class Meta:
        model = "projects.Resource"

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Machine {n}")
    slug = factory.Sequence(lambda n: f"machine-{n}")
    kind = "gpu"
    unit = "gpu_hours"
    capacity = 100_000


class AllocationPeriodFactory(factory.django.DjangoModelFactory):
    """A half-year period, by default the first half of 2027, its requests open from
    October to the end of November before it."""

    class Meta:
        model = "projects.AllocationPeriod"

    name = factory.Sequence(lambda n: f"Period {n}")
    start = datetime.date(2027, 1, 1)
    end = datetime.date(2027, 6, 30)
    requests_open = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)
    requests_close = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


class AllocationFactory(factory.django.DjangoModelFactory):
    """An active allocation of 1,000 units for the whole of its period."""

    class Meta:
        model = "projects.Allocation"

    project = factory.SubFactory(ProjectFactory)
    resource = factory.SubFactory(ResourceFactory)
    period = factory.SubFactory(AllocationPeriodFactory)
    granted = decimal.Decimal(1000)
    start = factory.LazyAttribute(lambda allocation: allocation.period.start)
    end = factory.LazyAttribute(lambda allocation: allocation.period.end)


class OpeningFactory(factory.django.DjangoModelFactory):
    """An open postdoc opening on an active project (a new one unless told), posted by its
    PI, without a deadline unless told."""

    class Meta:
        model = Opening

    project = factory.SubFactory(ProjectFactory)
    position = Opening.Position.POSTDOC
    title = factory.Sequence(lambda n: f"Postdoc in scientific foundation models {n}")
    description = "Train and evaluate a foundation model for science. Write to the PI."
    created_by = factory.LazyAttribute(lambda opening: opening.project.created_by)


class EventFactory(factory.django.DjangoModelFactory):
    """A published first-come workshop for members, a month ahead, registration open now;
    its organiser is `organiser` (made if not given)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop on scaling laws {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    start = factory.LazyFunction(
        lambda: (
            datetime.datetime.now(datetime.UTC).replace(microsecond=0) + datetime.timedelta(days=30)
        )
    )
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=8))
    time_zone = "Europe/Berlin"
    venue = "Jülich Supercomputing Centre"
    registration_opens = factory.LazyAttribute(
        lambda event: event.start - datetime.timedelta(days=60)
    )
    capacity = 50
    audience = Event.Audience.MEMBERS
    status = Event.Status.PUBLISHED

    @factory.post_generation
    def organiser(self, create, extracted, **kwargs):
        if create:
            person = extracted or ProfileFactory().user
            self.organisers.add(person)
            forget_organised(person)
