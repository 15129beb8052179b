"""Sign-in backends that read the signed-in person whole: the account, its profile and the
profile's institution in one query.

Every page reads all three for the person asking: the time-zone middleware the profile,
the header the name, and the membership check (members.membership) the institution's
status. Read one by one they were three queries before a view had begun.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from members.models import User


class _ReadsThePersonWhole:
    def get_user(self, user_id):
        user = User.objects.select_related("profile__institution").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_ReadsThePersonWhole, DjangoModelBackend):
    """Django's: an address (or username) and a password."""


class AuthenticationBackend(_ReadsThePersonWhole, AllauthBackend):
    """allauth's: what its log-in form signs in with."""
