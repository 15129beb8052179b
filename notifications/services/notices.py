"""Creating notices and reading them."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from email.utils import parseaddr
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications import kinds
from notifications.kinds import Delivery, Kind
from notifications.models import EmailState, Notification, NotificationPreference
from notifications.rendering import context_for_storage, render_notice
from notifications.services.delivery import notification_emails_enqueue
from tpc_portal.errors import ApplicationError
from tpc_portal.users import User

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
