"""Whether a person belongs to the consortium: what the member directory and its selectors
decide visibility by. Its own module so that permissions and selectors, which both need
it, need not import each other."""

import rules
from django.contrib.auth.models import AnonymousUser

from members.models import Institution, Profile, User

# Whom a check is about, as request.user gives it: an account or the anonymous visitor.
type AnyUser = User | AnonymousUser


@rules.predicate
def is_confirmed_member(user: AnyUser) -> bool:
    """Affiliated with a member institution (or secretariat): may see the member directory.

    Remembered on the user object, so one request asks the database once.
    """
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_is_confirmed_member", None)
    if cached is None:
        cached = _member_as_read(user)
    if cached is None:
        cached = Profile.objects.filter(
            user=user, institution__status=Institution.Status.MEMBER
        ).exists()
    user._is_confirmed_member = cached
    return cached


def _member_as_read(user: User) -> bool | None:
    """Membership from the profile and institution read with the account (see
    members/backends.py), without a query; None when they were not read with it."""
    if not User.profile.related.is_cached(user):
        return None
    profile = User.profile.related.get_cached_value(user)
    if not isinstance(profile, Profile) or profile.institution_id is None:
        return False
    if not Profile.institution.field.is_cached(profile):
        return None
    institution = profile.institution
    return institution is not None and institution.status == Institution.Status.MEMBER


def forget_membership(user: AnyUser) -> None:
    """After an affiliation changes, the next check asks the database again."""
    if hasattr(user, "_is_confirmed_member"):
        del user._is_confirmed_member
    if isinstance(user, User) and User.profile.related.is_cached(user):
        User.profile.related.delete_cached_value(user)
