"""API authentication. A module of its own: DRF imports it while reading its settings, so it
must not import anything that reads them back (routers, views)."""

from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's per-user tokens, refusing with 401 a token that is not UTF-8 text (knox decodes
    it unguarded, so stray bytes in the header would end in a 500)."""

    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from error
        return super().authenticate_credentials(token)
