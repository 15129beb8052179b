"""Personal API tokens (django-rest-knox: stored hashed, shown once)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from knox.models import AuthToken

from members.models import User
from tpc_portal.errors import ApplicationError

MAX_TOKENS_PER_USER = 10


@transaction.atomic
def api_token_create(*, actor: User) -> tuple[AuthToken, str]:
    """A new token for the actor. Guarantees: only its hash is stored; the clear text is
    returned once, here, and cannot be recovered later."""
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if AuthToken.objects.filter(user=actor).count() >= MAX_TOKENS_PER_USER:
        raise ApplicationError(
            ngettext(
                "You have %(count)d token already. Revoke a token you no longer use first.",
                "You have %(count)d tokens already. Revoke one you no longer use first.",
                MAX_TOKENS_PER_USER,
            )
            % {"count": MAX_TOKENS_PER_USER}
        )
    return AuthToken.objects.create(user=actor)


def api_token_revoke(*, actor: User, token_key: str) -> None:
    """Revoke one of the actor's own tokens; it stops working at once."""
    deleted, _rows = AuthToken.objects.filter(user=actor, token_key=token_key).delete()
    if not deleted:
        raise ApplicationError(_("That token does not exist or was already revoked."))
