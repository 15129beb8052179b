"""The signed-in person is read whole: account, profile and institution in one query, and
what is decided from them (membership) follows a change once it is forgotten."""

import pytest
from django.urls import reverse

from members.backends import AuthenticationBackend, ModelBackend
from members.membership import forget_membership, is_confirmed_member
from members.models import Institution, Profile
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_a_member_is_read_with_profile_and_institution_in_one_query(
    backend, member, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = backend().get_user(member.user.pk)
        assert is_confirmed_member(user)
        assert user.profile.institution.name == "Argonne Demo Lab"


def test_a_person_without_a_profile_or_institution_is_no_member_and_costs_no_query(
    django_assert_num_queries,
):
    bare = UserFactory()
    Profile.objects.filter(user=bare).delete()
    unaffiliated = ProfileFactory(institution=None).user

    with django_assert_num_queries(2):
        for account in (bare, unaffiliated):
            assert not is_confirmed_member(ModelBackend().get_user(account.pk))


def test_an_applicant_institution_does_not_make_a_member(lab):
    Institution.objects.filter(pk=lab.pk).update(status=Institution.Status.APPLICANT)
    person = ProfileFactory(institution=lab).user

    assert not is_confirmed_member(ModelBackend().get_user(person.pk))


def test_a_forgotten_membership_is_asked_again(member, university):
    user = ModelBackend().get_user(member.user.pk)
    assert is_confirmed_member(user)

    Profile.objects.filter(pk=member.pk).update(institution=None)
    forget_membership(user)

    assert not is_confirmed_member(user)


def test_an_inactive_account_is_not_signed_in(member):
    member.user.is_active = False
    member.user.save()

    assert ModelBackend().get_user(member.user.pk) is None
    assert ModelBackend().get_user(10**9) is None


def test_a_page_reads_the_signed_in_person_once(client, member, django_assert_max_num_queries):
    """The directory's queries for a member: the person (one), the page, the inbox badge."""
    client.force_login(member.user)
    client.get(reverse("members:researchers"))  # the session and caches are warm

    with django_assert_max_num_queries(4) as captured:
        assert client.get(reverse("members:researchers")).status_code == 200

    reads = [query["sql"] for query in captured.captured_queries]
    person = [sql for sql in reads if sql.startswith('SELECT "members_user"."id"')]
    assert len(person) == 1, reads
    assert '"members_institution"' in person[0]
    assert not any(sql.startswith("SELECT 1 AS") for sql in reads), reads  # no membership query
