"""Partner sites on the API: their keys as an authentication, what only a key may do, and
how often a key may call.

A site sends `Authorization: Api-Key <key>`. A key speaks for its site and is never a user:
`request.user` stays the anonymous user, `request.auth` is the SiteKey. So nothing that
checks a person (IsAuthenticated, team predicates, staff) ever lets a key through, and a
person's token can never pass `IsSiteKey`. A revoked or expired key is refused at once
(401; nothing is cached). Only the endpoints that name `SiteKeyAuthentication` accept keys.

A key's clear text is never logged: the refusals below do not repeat it, and nothing here
writes it anywhere. Its last use is recorded at most once a minute (services/site_keys.py).
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from projects.models import SiteKey
from projects.services.site_keys import site_key_used
from projects.usage_selectors import site_key_for
from tpc_portal.authentication import TokenAuthentication
from tpc_portal.throttling import AnonRateThrottle, UserRateThrottle

KEYWORD = "Api-Key"


class SiteKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key <key>`: the site's key, or 401. Other headers are left to the
    next authentication (a person's token, a session)."""

    def authenticate(self, request):
        try:
            header = authentication.get_authorization_header(request).split()
        except UnicodeEncodeError:  # not a header a client could send over HTTP: no key
            raise exceptions.AuthenticationFailed(_("Invalid site key.")) from None
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the key as one word: Authorization: Api-Key <key>.")
            )
        try:
            plaintext = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid key.")) from error
        key = site_key_for(plaintext)
        if key is None:
            raise exceptions.AuthenticationFailed(_("Invalid key."))
        if key.revoked:
            raise exceptions.AuthenticationFailed(_("This key was revoked."))
        if key.has_expired:
            raise exceptions.AuthenticationFailed(_("This key has expired."))
        site_key_used(key=key)
        return AnonymousUser(), key

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="api"'


def site_key_of(request) -> SiteKey | None:
    """The site key the request came with, or None (a person, or nobody)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, SiteKey) else None


# The authentications of an endpoint partner sites use: a key first (so that a call
# without credentials is told, in WWW-Authenticate, that a key is expected), then a
# person's token and session as everywhere else.
SITE_KEY_OR_PERSON = [
    SiteKeyAuthentication,
    TokenAuthentication,
    authentication.SessionAuthentication,
]


class IsSiteKey(permissions.BasePermission):
    """Partner sites only: a person's token or session never passes."""

    message = _("Only a partner site's key may do this.")

    def has_permission(self, request, view) -> bool:
        return site_key_of(request) is not None


class IsSiteKeyOrPerson(permissions.BasePermission):
    """A partner site's key, or a signed-in person (what they see is the selector's say)."""

    def has_permission(self, request, view) -> bool:
        return site_key_of(request) is not None or bool(
            request.user and request.user.is_authenticated
        )


class SiteKeyRateThrottle(throttling.SimpleRateThrottle):
    """Calls per key (rate: the "site_key" throttle rate, API_THROTTLE_SITE_KEY)."""

    scope = "site_key"

    def get_cache_key(self, request, view) -> str | None:
        key = site_key_of(request)
        if key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.prefix}


class VisitorRateThrottle(AnonRateThrottle):
    """The visitors' limit, which a site key (anonymous as a user) is not held to."""

    def get_cache_key(self, request, view) -> str | None:
        if site_key_of(request) is not None:
            return None
        return super().get_cache_key(request, view)


SITE_KEY_OR_PERSON_THROTTLES = [SiteKeyRateThrottle, VisitorRateThrottle, UserRateThrottle]


class SiteKeyScheme(OpenApiAuthenticationExtension):
    """The key in the OpenAPI schema, as a security scheme of its own."""

    target_class = "projects.authentication.SiteKeyAuthentication"
    name = "siteKey"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "A partner site's key, sent as `Authorization: Api-Key <key>`. Staff make "
                "keys on the site's keys page or with `manage.py create_site_key SITE_SLUG`; "
                "a key is shown once. A key reads only its own site's data and reports usage "
                "only for its site's allocations; a revoked or expired key gets 401."
            ),
        }
