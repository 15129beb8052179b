"""Creating notices and reading them."""

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from email.utils import parseaddr
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from notifications import kinds
from notifications.kinds import Delivery, Kind
from notifications.models import EmailState, Notification, NotificationPreference
from notifications.rendering import context_for_storage, render_notice
from notifications.services.delivery import notification_emails_enqueue
from tpc_portal.errors import ApplicationError
from tpc_portal.users import User

logger = logging.getLogger(__name__)

_EMAIL_STATE_FOR = {
    Delivery.IMMEDIATELY: EmailState.PENDING,
    Delivery.DIGEST: EmailState.DIGEST,
    Delivery.OFF: EmailState.SKIPPED,
}


def notify(
    recipients: Iterable[User],
    kind: Kind,
    *,
    context: Mapping[str, Any],
    link: str = "",
    actor: User | None = None,
    reply_to: str | None = None,
) -> list[Notification]:
    """Tell each recipient something, in the language they read it in.

    Guarantees: one notice per distinct active recipient, created in bulk inside the
    caller's transaction (so it rolls back with it); the context is stored as data and the
    notice is put into words when shown, in the reader's language (a TypeError here for a
    context that cannot be stored, see notifications/rendering.py); its title and text in
    each recipient's language of the moment are kept as the fallback, rendered once per
    language; e-mail follows each recipient's preference for the kind and is handed to
    Celery only after the transaction commits (a broker that is down then is logged, and
    the sweep queues the e-mail later). `reply_to` becomes the e-mail's Reply-To, so the
    recipient can answer, for example, the sender of a relayed message directly.
    """
    if not kinds.is_registered(kind):
        raise TypeError(f"notify() takes a registered Kind, not {kind!r}.")
    reply_to = _valid_reply_to(reply_to)
    stored = context_for_storage(context)
    people = {user.pk: user for user in recipients if user.is_active}
    if not people:
        return []
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=people, kind=kind.key).values_list(
            "user_id", "delivery"
        )
    )
    by_language: dict[str, list[User]] = defaultdict(list)
    for user in people.values():
        by_language[user.language].append(user)

    now = timezone.now()
    notices = []
    for language, users in by_language.items():
        with translation.override(language):
            title, body = render_notice(kind, stored)
        for user in users:
            state = _EMAIL_STATE_FOR[Delivery(chosen.get(user.pk, kind.default_delivery))]
            notices.append(
                Notification(
                    recipient=user,
                    kind=kind.key,
                    context=stored,
                    title=title,
                    body=body,
                    link=link,
                    actor=actor,
                    reply_to=reply_to,
                    created=now,
                    email_state=state,
                    email_queued_at=now if state == EmailState.PENDING else None,
                )
            )
    Notification.objects.bulk_create(notices, batch_size=1000)

    pending = [n.pk for n in notices if n.email_state == EmailState.PENDING]
    if pending:
        transaction.on_commit(partial(notification_emails_enqueue, pending), robust=True)
    return notices


def notify_later(
    recipients: Iterable[User],
    kind: Kind,
    *,
    context: Mapping[str, Any],
    link: str = "",
    actor: User | None = None,
) -> None:
    """notify(), by a worker, once the caller's transaction commits (nothing if it rolls back).

    For a notice whose news the person already has, such as the registrant's own "you are
    registered", which the page or the API response has just said: the request hands over
    one message instead of reading the preferences, rendering and writing the notice and
    handing over its e-mail (most of a registration's time after its commit). The notice
    reaches the inbox when a worker takes the message; with no broker (`make run`, tests)
    the task runs at once. Should the broker refuse the message, the notice is written in
    the request, as notify() would. The message is acknowledged when a worker takes it,
    so a worker killed while writing the notices loses them rather than writing them twice.
    The context is checked now, in the caller (a TypeError for one that cannot be stored).
    """
    if not kinds.is_registered(kind):
        raise TypeError(f"notify_later() takes a registered Kind, not {kind!r}.")
    stored = context_for_storage(context)
    people = [user for user in recipients if user.is_active]
    if people:
        hand_over = partial(_hand_over, people, kind, stored, link, actor)
        transaction.on_commit(hand_over, robust=True)


def _hand_over(
    people: list[User], kind: Kind, stored: dict[str, Any], link: str, actor: User | None
) -> None:
    from notifications.tasks import write_notices

    try:
        write_notices.delay(
            [user.pk for user in people], kind.key, stored, link, actor and actor.pk
        )
    except OperationalError:
        logger.warning("The broker refused %s notices: written in the request.", kind.key)
        notify(people, kind, context=stored, link=link, actor=actor)


def notices_write(
    recipient_ids: list[int],
    kind_key: str,
    context: dict[str, Any],
    link: str,
    actor_id: int | None,
) -> None:
    """The worker's half of notify_later(): notify() the recipients still active. A kind
    removed since the hand-over (a release between the two) writes nothing."""
    kind = kinds.get_or_none(kind_key)
    if kind is None:
        logger.warning("Notices of the unknown kind %r were not written.", kind_key)
        return
    users = get_user_model().objects
    actor = users.filter(pk=actor_id).first() if actor_id else None
    with transaction.atomic():
        notify(
            users.filter(pk__in=recipient_ids, is_active=True),
            kind,
            context=context,
            link=link,
            actor=actor,
        )


def _valid_reply_to(reply_to: str | None) -> str:
    if not reply_to:
        return ""
    _name, address = parseaddr(reply_to)
    try:
        validate_email(address)
    except ValidationError as error:
        raise ValueError(f"reply_to {reply_to!r} is not an e-mail address.") from error
    if "\n" in reply_to or "\r" in reply_to or len(reply_to) > 320:
        raise ValueError(f"reply_to {reply_to!r} is not an e-mail address.")
    return reply_to


def notification_mark_read(*, notification: Notification, actor: User) -> Notification:
    """Mark one of the actor's own notices read. Idempotent: the first reading time stays."""
    if notification.recipient_id != actor.pk:
        raise ApplicationError(_("This notice is not yours."))
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notification_mark_all_read(*, actor: User) -> int:
    """Mark every unread notice of the actor read; returns how many were unread."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
