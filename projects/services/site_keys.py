"""Partner sites' API keys: made, revoked, and their last use recorded.

A key is shown in clear once, as `site_key_create` returns it; the portal keeps only its
hash and its first characters (the prefix, shown afterwards to tell keys apart). Nothing
here logs or stores the clear text: the audit trail names a key by its name and prefix.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from projects.audit import SITE_KEY_CREATED, SITE_KEY_REVOKED
from projects.models import Site, SiteKey
from tpc_portal.audit import audit_record
from tpc_portal.errors import ApplicationError

# A key's last use is written at most this often: not one write per API call.
LAST_USED_EVERY = timedelta(minutes=1)


def _described(key: SiteKey) -> dict[str, str]:
    return {"name": key.name, "prefix": key.prefix, "site": key.site.name}


def site_key_create(
    *, actor: User | None, site: Site, name: str, expiry: datetime | None = None
) -> tuple[SiteKey, str]:
    """A new key for the site, and its clear text — returned here once, never stored and
    never shown again. `expiry`, when given, must be in the future. `actor` is the staff
    member, or None for the command line (`manage.py create_site_key`)."""
    name = name.strip()
    if expiry is not None and expiry <= timezone.now():
        raise ApplicationError(
            _("A key's expiry must be in the future."),
            errors={"expiry": [_("Choose a moment in the future.")]},
        )
    key = SiteKey(site=site, name=name, expiry_date=expiry)
    plaintext = SiteKey.objects.assign_key(key)
    with transaction.atomic():
        key.full_clean()
        key.save()
        audit_record(actor=actor, subject=site, verb=SITE_KEY_CREATED, context=_described(key))
    return key, plaintext


def site_key_revoke(*, actor: User | None, key: SiteKey) -> SiteKey:
    """Revoke a key: from the next call on it is refused (401). Revoking cannot be undone;
    revoking a revoked key changes nothing."""
    with transaction.atomic():
        locked = SiteKey.objects.select_for_update().select_related("site").get(pk=key.pk)
        if locked.revoked:
            return locked
        locked.revoked = True
        locked.save(update_fields=["revoked"])
        audit_record(
            actor=actor, subject=locked.site, verb=SITE_KEY_REVOKED, context=_described(locked)
        )
    return locked


def site_key_used(*, key: SiteKey, now: datetime | None = None) -> None:
    """Record that the key was used, at most once per LAST_USED_EVERY: a key calling many
    times a second costs one write a minute. Several processes at once write it once (the
    condition is checked by the UPDATE itself)."""
    now = now or timezone.now()
    if key.last_used is not None and now - key.last_used < LAST_USED_EVERY:
        return
    stale = now - LAST_USED_EVERY
    SiteKey.objects.filter(pk=key.pk).exclude(last_used__gt=stale).update(last_used=now)
    key.last_used = now
