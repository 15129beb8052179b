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
        cached = Profile.objects.filter(
            user=user, institution__status=Institution.Status.MEMBER
        ).exists()
        user._is_confirmed_member = cached
    return cached


def forget_membership(user: AnyUser) -> None:
    """After an affiliation changes, the next check asks the database again."""
    if hasattr(user, "_is_confirmed_member"):
        del user._is_confirmed_member
