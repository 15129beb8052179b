"""Sign-in backends that read the signed-in person whole: the account, its profile and the
profile's institution in one query.

Every page reads all three for the person asking: the time-zone middleware the profile,
the header the name, and the membership check (members.membership) the institution's
status. Read one by one they were three queries before a view had begun. The query is
written in SQL: it starts every signed-in page, and through the ORM (select_related of
three tables) it took longer to build than to run.
"""

from functools import lru_cache

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import connection

from members.models import Institution, Profile, User
from tpc_portal.sql import Columns


@lru_cache(maxsize=1)
def _person() -> tuple[str, Columns, Columns, Columns]:
    users, profiles = Columns(User), Columns(Profile, exclude=["search_vector"])
    institutions = Columns(Institution)
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {users.select('u')}, {profiles.select('p')}, {institutions.select('i')} "  # noqa: S608 - names from the models only
        f"FROM {quote(User._meta.db_table)} u "
        f"LEFT JOIN {quote(Profile._meta.db_table)} p ON p.user_id = u.id "
        f"LEFT JOIN {quote(Institution._meta.db_table)} i ON i.id = p.institution_id "
        "WHERE u.id = %s"
    )
    return sql, users, profiles, institutions


def person_read_whole(user_id: object) -> User | None:
    """The account with its profile (None if it has none) and the profile's institution
    cached on it, as select_related("profile__institution") leaves them."""
    sql, users, profiles, institutions = _person()
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    user = users.instance(row[: len(users)])
    rest = row[len(users) :]
    profile = None
    if rest[profiles.pk_index] is not None:
        profile = profiles.instance(rest[: len(profiles)])
        Profile.user.field.set_cached_value(profile, user)
        institution = None
        if profile.institution_id is not None:
            institution = institutions.instance(rest[len(profiles) :])
        Profile.institution.field.set_cached_value(profile, institution)
    User.profile.related.set_cached_value(user, profile)
    return user


class _ReadsThePersonWhole:
    def get_user(self, user_id):
        user = person_read_whole(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_ReadsThePersonWhole, DjangoModelBackend):
    """Django's: an address (or username) and a password."""


class AuthenticationBackend(_ReadsThePersonWhole, AllauthBackend):
    """allauth's: what its log-in form signs in with."""
