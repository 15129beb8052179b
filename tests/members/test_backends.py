"""The signed-in person is read whole: account, profile and institution in one query, and
what is decided from them (membership) follows a change once it is forgotten."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.backends import AuthenticationBackend, ModelBackend
from members.membership import forget_membership, is_confirmed_member
from members.models import Institution, Profile, User
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


def test_the_person_read_in_sql_is_what_the_orm_reads(member):
    """Every field of the three, converted as the ORM converts it (SQLite gives times as
    text and booleans as integers); the profile's search vector is left unread."""
    member.user.last_login = timezone.now()
    member.user.save(update_fields=["last_login"])
    read = ModelBackend().get_user(member.user.pk)
    orm = User.objects.select_related("profile__institution").get(pk=member.user.pk)

    for mine, theirs in (
        (read, orm),
        (read.profile, orm.profile),
        (read.profile.institution, orm.profile.institution),
    ):
        fields = [f.attname for f in type(mine)._meta.concrete_fields if f.name != "search_vector"]
        assert {name: getattr(mine, name) for name in fields} == {
            name: getattr(theirs, name) for name in fields
        }
    assert isinstance(read.last_login, datetime)
    assert read.last_login.tzinfo is not None
    assert "search_vector" in read.profile.get_deferred_fields()


def test_a_person_without_a_profile_or_institution_is_no_member_and_costs_no_query(
    django_assert_num_queries,
):
    bare = UserFactory()
    Profile.objects.filter(user=bare).delete()
    unaffiliated = ProfileFactory(institution=None).user

    with django_assert_num_queries(2):
        read = [ModelBackend().get_user(account.pk) for account in (bare, unaffiliated)]
        assert [is_confirmed_member(account) for account in read] == [False, False]
        with pytest.raises(Profile.DoesNotExist):
            read[0].profile  # noqa: B018 - known to be missing, without a query
        assert read[1].profile.institution is None


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
    person = [sql for sql in reads if 'FROM "members_user" u' in sql]
    assert len(person) == 1, reads
    assert '"members_institution"' in person[0]
    assert not any(sql.startswith("SELECT 1 AS") for sql in reads), reads  # no membership query
