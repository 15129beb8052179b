"""A person's private calendar feed: one secret address that calendar programs subscribe to,
holding what every app puts in it for that person.

- **Sources.** An app registers what it contributes once, from its `AppConfig.ready()`:
  `register_feed_source(key, events_for_user, version_for_user)`. `events_for_user(user)`
  gives the person's events (tpc_portal/calendars.py); `version_for_user(user)` gives a
  value (text or a time) that changes whenever those events would, found without building
  them (counts and the newest change, say). The feed's ETag is made of the versions, so a
  program asking again with If-None-Match is answered 304 for the price of those reads,
  and one that does not ask so gets the copy made for that version from the cache (its
  DTSTAMP is when that copy was made, which is what RFC 5545 asks of it).
- **The address.** `/calendar/<token>.ics`, where the token is 32 random bytes of which
  only the SHA-256 is stored (`CalendarFeedToken`): the address is shown once, when it is
  made. Made anew, the old one stops at once; turned off, the feed answers 404. The
  token is the only authority: no session is needed, and none is used.
- **Language.** The feed is written in the person's language (`user.language`, the one
  their e-mails use), whoever's program fetches it.

This module is part of the base: it imports no app, and knows the person only through the
user model.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from tpc_portal.audit import audit_record, audit_verb
from tpc_portal.calendars import CalendarEvent, calendar_bytes, ics_response
from tpc_portal.errors import ApplicationError
from tpc_portal.models import CalendarFeedToken

__all__ = [
    "FeedSource",
    "calendar_feed",
    "feed_bytes",
    "feed_etag",
    "feed_sources",
    "feed_token_create",
    "feed_token_holder",
    "feed_token_of",
    "feed_token_regenerate",
    "feed_token_revoke",
    "feed_url",
    "register_feed_source",
]

# How often a calendar program is asked to read the feed again.
REFRESH = timedelta(hours=1)
# How stale `last_used` may get: a program reads a feed every few minutes, and a write on
# each read would cost more than the read.
LAST_USED_PRECISION = timedelta(hours=1)

# --- Sources ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedSource:
    key: str
    events_for_user: Callable[[Any], Iterable[CalendarEvent]]
    version_for_user: Callable[[Any], str | datetime]


_SOURCES: dict[str, FeedSource] = {}


def register_feed_source(
    key: str,
    events_for_user: Callable[[Any], Iterable[CalendarEvent]],
    version_for_user: Callable[[Any], str | datetime],
) -> FeedSource:
    """Put an app's events into every person's feed; once per key (from `ready()`)."""
    if key in _SOURCES:
        raise ValueError(f"Calendar feed source {key!r} is registered twice.")
    source = FeedSource(key, events_for_user, version_for_user)
    _SOURCES[key] = source
    return source


def feed_sources() -> list[FeedSource]:
    return [_SOURCES[key] for key in sorted(_SOURCES)]


def _language(user: Any) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def feed_etag(user: Any) -> str:
    """The feed's (weak) ETag, from its sources' versions and its language, without
    building it. Weak: two copies of one version differ in their DTSTAMP."""
    versions = [translation.get_language() or ""]
    for source in feed_sources():
        version = source.version_for_user(user)
        text = version.isoformat() if isinstance(version, datetime) else str(version)
        versions.append(f"{source.key}\x1f{text}")
    digest = hashlib.sha256("\x1e".join(versions).encode()).hexdigest()
    return f'W/"{digest[:40]}"'


def feed_bytes(user: Any, *, stamp: datetime | None = None) -> bytes:
    """The person's feed: every source's events, as one calendar."""
    events: list[CalendarEvent] = []
    for source in feed_sources():
        events.extend(source.events_for_user(user))
    return calendar_bytes(events, name=_("TPC Portal"), stamp=stamp, refresh=REFRESH)


# --- The address: made, made anew, turned off ---------------------------------------------------

FEED_MADE = audit_verb(
    "calendar_feed.made",
    label=gettext_lazy("Calendar feed made"),
    template="audit/calendar_feed_made.html",
)
FEED_REGENERATED = audit_verb(
    "calendar_feed.regenerated",
    label=gettext_lazy("Calendar feed address replaced"),
    template="audit/calendar_feed_regenerated.html",
)
FEED_REVOKED = audit_verb(
    "calendar_feed.revoked",
    label=gettext_lazy("Calendar feed turned off"),
    template="audit/calendar_feed_revoked.html",
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lock(actor: Any) -> None:
    # One change at a time per person: two clicks make one address, not an error.
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()


def feed_url(token: str) -> str:
    """The feed's full address, to subscribe to."""
    return settings.SITE_URL + reverse("calendar_feed", args=[token])


def feed_token_of(user: Any) -> CalendarFeedToken | None:
    """The person's feed address (its hash and dates), or None when they have none."""
    return CalendarFeedToken.objects.filter(user=user).first()


@transaction.atomic
def feed_token_create(*, actor: Any) -> str:
    """A feed address for the actor, who has none yet; returns the token.

    Guarantees: only its hash is stored; the token is returned here once and cannot be
    read back later; an audit entry records it.
    """
    _lock(actor)
    if CalendarFeedToken.objects.filter(user=actor).exists():
        raise ApplicationError(
            _("You have a calendar feed already. Make a new address for it, or turn it off.")
        )
    token = secrets.token_urlsafe(32)
    row = CalendarFeedToken(user=actor, token_hash=_hash(token))
    row.full_clean()
    row.save()
    audit_record(actor=actor, subject=actor, verb=FEED_MADE)
    return token


@transaction.atomic
def feed_token_regenerate(*, actor: Any) -> str:
    """A new address for the actor's feed; returns the token.

    Guarantees: the old address stops working when this commits (it is replaced in the
    same row); only the new hash is stored; an audit entry records it.
    """
    _lock(actor)
    row = CalendarFeedToken.objects.filter(user=actor).first()
    if row is None:
        raise ApplicationError(_("You have no calendar feed yet."))
    token = secrets.token_urlsafe(32)
    row.token_hash = _hash(token)
    row.created = timezone.now()
    row.last_used = None
    row.full_clean()
    row.save()
    audit_record(actor=actor, subject=actor, verb=FEED_REGENERATED)
    return token


@transaction.atomic
def feed_token_revoke(*, actor: Any) -> None:
    """Turn the actor's feed off: its address answers 404 from the commit on."""
    _lock(actor)
    deleted, _rows = CalendarFeedToken.objects.filter(user=actor).delete()
    if not deleted:
        raise ApplicationError(_("You have no calendar feed to turn off."))
    audit_record(actor=actor, subject=actor, verb=FEED_REVOKED)


@lru_cache(maxsize=1)
def _holder_sql() -> str:
    quote = connection.ops.quote_name
    users = quote(get_user_model()._meta.db_table)
    tokens = quote(CalendarFeedToken._meta.db_table)
    return (
        f"SELECT u.*, t.id AS feed_token_id, t.last_used AS feed_token_last_used "  # noqa: S608 - table names
        f"FROM {users} u JOIN {tokens} t ON t.user_id = u.id "
        f"WHERE t.token_hash = %s AND u.is_active"
    )


def feed_token_holder(token: str) -> Any | None:
    """The active person whose feed `token` opens, or None (unknown, replaced, turned off).

    One query by the token's hash (an index lookup, so no comparison of secrets that could
    be timed). Notes the use in `last_used`, at most once per LAST_USED_PRECISION.
    Written in SQL: compiling it through the ORM cost five times as much CPU as running it,
    a fifth of what answering an unchanged feed costs.
    """
    found = list(get_user_model().objects.raw(_holder_sql(), [_hash(token)]))
    if not found:
        return None
    user: Any = found[0]  # with the token's columns from the query
    now, last_used = timezone.now(), user.feed_token_last_used
    if last_used is not None and timezone.is_naive(last_used):
        # SQLite gives a column that no model field reads as a naive time (in UTC).
        last_used = last_used.replace(tzinfo=UTC)
    if last_used is None or now - last_used >= LAST_USED_PRECISION:
        CalendarFeedToken.objects.filter(pk=user.feed_token_id).update(last_used=now)
    return user


# --- The feed ---------------------------------------------------------------------------------


def _private(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    # Only its owner's program may keep it, and must ask again before using it (cheap: 304).
    patch_cache_control(response, private=True, no_cache=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed of the person whose token is in the address: 404 for any other token,
    304 when the program's copy (If-None-Match) is current, else the whole calendar."""
    user = feed_token_holder(token)
    if user is None:
        raise Http404
    with translation.override(_language(user)):
        etag = feed_etag(user)
        unchanged = get_conditional_response(request, etag=etag)
        if unchanged is not None:
            return _private(unchanged, etag)
        # A program that does not ask with If-None-Match (some never do) reads the copy
        # made for this version; the version is in the key, so a change makes a new one.
        key = f"calendar-feed:{user.pk}:{etag}"
        data = cache.get(key)
        if data is None:
            data = feed_bytes(user)
            cache.set(key, data, timeout=int(REFRESH.total_seconds()))
    return _private(ics_response(data, "tpc-portal.ics", as_attachment=False), etag)
