"""A partner site's key as API authentication (`Authorization: Api-Key <key>`).

A site key speaks for its site, never for a person: a request that carries one has
`request.auth` set to the SiteKey and `request.user` left anonymous, so nothing that asks
"who is signed in" ever sees a site as a user. A key that is unknown, revoked or expired is
refused at once with 401; its last use is recorded at most once a minute, so a busy site
does not write a row per request.

The views that take site keys list SiteKeyAuthentication among their authentication
classes and say who may pass with `IsSiteKey` (alone, or `IsAuthenticated | IsSiteKey`).
The key itself is never logged or stored: only its prefix identifies it.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework_api_key.permissions import KeyParser

from projects.models import SiteKey

KEYWORD = "Api-Key"
# The last use is recorded once per this interval at most.
LAST_USED_EVERY = timedelta(minutes=1)


class SiteKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <key>`: request.auth is the SiteKey, request.user anonymous."""

    key_parser = KeyParser()

    def authenticate(self, request):
        key = self.key_parser.get_from_authorization(request)
        if key is None:
            return None  # not a site key: another authentication may know the header
        site_key = _usable_key(key.strip())
        _record_use(site_key)
        return (AnonymousUser(), site_key)

    def authenticate_header(self, request) -> str:
        return KEYWORD


def _usable_key(key: str) -> SiteKey:
    prefix, dot, _secret = key.partition(".")
    refused = exceptions.AuthenticationFailed(_("Invalid site key."))
    if not dot or not prefix.isascii():
        raise refused
    site_key = SiteKey.objects.select_related("site").filter(prefix=prefix, revoked=False).first()
    if site_key is None or not site_key.is_valid(key):
        raise refused
    if site_key.has_expired:
        raise exceptions.AuthenticationFailed(_("This site key has expired."))
    return site_key


def _record_use(site_key: SiteKey) -> None:
    """The key's last use, written at most once a minute (one UPDATE that also holds when
    several requests with the same key arrive at once)."""
    now = timezone.now()
    if site_key.last_used is not None and now - site_key.last_used < LAST_USED_EVERY:
        return
    SiteKey.objects.filter(pk=site_key.pk).filter(
        Q(last_used__isnull=True) | Q(last_used__lt=now - LAST_USED_EVERY)
    ).update(last_used=now)
    site_key.last_used = now


def site_key_of(request) -> SiteKey | None:
    """The site key the request was authenticated with, or None."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, SiteKey) else None


class IsSiteKey(BasePermission):
    """A partner site, authenticated with its key (never a person's session or token)."""

    message = gettext_lazy("A partner site's key is needed.")

    def has_permission(self, request, view) -> bool:
        return site_key_of(request) is not None


class SiteKeyScheme(OpenApiAuthenticationExtension):
    """The site-key scheme in the OpenAPI schema."""

    target_class = "projects.authentication.SiteKeyAuthentication"
    name = "siteKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A partner site's key, sent as `Authorization: Api-Key <key>`. "
            "It reads and reports for its own site only.",
        }
