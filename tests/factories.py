import datetime

import factory
from allauth.account.models import EmailAddress

from members.models import (
    ExpertiseArea,
    Institution,
    InstitutionDomain,
    Keyword,
    Profile,
    User,
)
from members.services import profile_create, profile_search_columns_update

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
