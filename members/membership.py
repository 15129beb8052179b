"""Whether a person belongs to the consortium: what the member directory and its selectors
decide visibility by. Its own module so that permissions and selectors, which both need
it, need not import each other."""

from functools import lru_cache
from typing import NamedTuple

import rules
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from members.models import Institution, Profile, User

# Whom a check is about, as request.user gives it: an account or the anonymous visitor.
type AnyUser = User | AnonymousUser


class Standing(NamedTuple):
    """What a person's profile says of their place in the consortium."""

    # Their institution, whatever its status (what a per-institution cap counts).
    institution_id: int | None
    # Their institution is a member: they are a confirmed member (staff are, regardless).
    affiliated: bool
    # Profile.CareerStage's value, "" when unsaid.
    career_stage: str


NO_STANDING = Standing(institution_id=None, affiliated=False, career_stage="")


@lru_cache(maxsize=1)
def _standing_sql() -> str:
    quote = connection.ops.quote_name
    profiles, institutions = quote(Profile._meta.db_table), quote(Institution._meta.db_table)
    return (
        f"SELECT p.institution_id, i.status, p.career_stage FROM {profiles} p "  # noqa: S608 - table names only
        f"LEFT JOIN {institutions} i ON i.id = p.institution_id WHERE p.user_id = %s"
    )


def standing_of(user: User) -> Standing:
    """The person's institution, whether it is a member, and their career stage, in one
    query, remembered on the user object (so one request asks the database once, whichever
    of them it needs first); NO_STANDING without a profile.

    Written in SQL: it is the first read of most requests by a signed-in person (through
    is_confirmed_member), and the ORM took six times as long to build it as to run it.
    """
    cached: Standing | None = getattr(user, "_standing", None)
    if cached is None:
        cached = _standing_as_read(user)
    if cached is None:
        with connection.cursor() as cursor:
            cursor.execute(_standing_sql(), [user.pk])
            row = cursor.fetchone()
        if row is None:
            cached = NO_STANDING
        else:
            institution_id, status, career_stage = row
            cached = Standing(institution_id, status == Institution.Status.MEMBER, career_stage)
    setattr(user, "_standing", cached)  # noqa: B010 - a cache the stubs do not know
    return cached


def _standing_as_read(user: User) -> Standing | None:
    """The standing from the profile and institution read with the account at sign-in
    (members/backends.py), without a query; None when they were not read with it (an API
    token's user, an account loaded elsewhere)."""
    if not User.profile.related.is_cached(user):
        return None
    profile = User.profile.related.get_cached_value(user)
    if not isinstance(profile, Profile):
        return NO_STANDING
    if profile.institution_id is None:
        return Standing(None, False, profile.career_stage)
    if not Profile.institution.field.is_cached(profile):
        return None
    institution = profile.institution
    member = institution is not None and institution.status == Institution.Status.MEMBER
    return Standing(profile.institution_id, member, profile.career_stage)


@rules.predicate
def is_confirmed_member(user: AnyUser) -> bool:
    """Affiliated with a member institution (or secretariat): may see the member directory.

    Remembered on the user object (standing_of), so one request asks the database once.
    """
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return standing_of(user).affiliated


def forget_membership(user: AnyUser) -> None:
    """After an affiliation or a profile changes, the next check asks the database again."""
    if hasattr(user, "_standing"):
        del user._standing
    if isinstance(user, User) and User.profile.related.is_cached(user):
        User.profile.related.delete_cached_value(user)
