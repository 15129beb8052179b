"""API authentication. A module of its own: DRF imports it while reading its settings, so it
must not import anything that reads them back (routers, views)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.signals import token_expired
from rest_framework import exceptions


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's per-user tokens, refusing with 401 a token that is not UTF-8 text (knox decodes
    it unguarded, so stray bytes in the header would end in a 500), and checking on each
    call the expiry of the token presented only.

    knox also reads every other token of the person on every call, to delete those that
    expired: a query and a model per token on each request of a partner site's poll. The
    beat task tpc_portal.tasks.delete_expired_api_tokens deletes them once a day instead;
    an expired token is refused either way.
    """

    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from error
        return super().authenticate_credentials(token)

    def _cleanup_token(self, auth_token) -> bool:
        """Whether the token presented has expired; deleted then, as knox does."""
        if auth_token.expiry is None or auth_token.expiry >= timezone.now():
            return False
        username = auth_token.user.get_username()
        auth_token.delete()
        token_expired.send(sender=type(self), username=username, source="auth_token")
        return True
