"""Every write of the notifications centre."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from members.models import User
from notifications.kinds import Delivery, Kind
from notifications.models import EmailState, Notification, NotificationPreference

EMAIL_BATCH_SIZE = 50

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
) -> list[Notification]:
    """Tell each recipient something, in their own language.

    Guarantees: one notice per distinct active recipient, created in bulk inside the
    caller's transaction (so it rolls back with it); title and text rendered once per
    language; e-mail follows each recipient's preference for the kind and is handed to
    Celery only after the transaction commits.
    """
    if not isinstance(kind, Kind):
        raise TypeError(f"notify() takes a registered Kind, not {kind!r}.")
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

    notices = []
    for language, users in by_language.items():
        with translation.override(language):
            title = str(kind.title).format(**context)
            body = render_to_string(kind.body_template, dict(context)).strip()
        for user in users:
            delivery = chosen.get(user.pk, kind.default_delivery)
            notices.append(
                Notification(
                    recipient=user,
                    kind=kind.key,
                    title=title[:300],
                    body=body,
                    link=link,
                    actor=actor,
                    email_state=_EMAIL_STATE_FOR[Delivery(delivery)],
                )
            )
    Notification.objects.bulk_create(notices, batch_size=500)

    pending = [n.pk for n in notices if n.email_state == EmailState.PENDING]
    if pending:
        transaction.on_commit(lambda: notification_emails_enqueue(pending))
    return notices


def notification_emails_enqueue(notification_ids: list[int]) -> None:
    """Hand pending e-mails to the workers in batches, each sent over one SMTP connection."""
    from notifications.tasks import send_notification_emails

    for start in range(0, len(notification_ids), EMAIL_BATCH_SIZE):
        send_notification_emails.delay(notification_ids[start : start + EMAIL_BATCH_SIZE])


def notification_emails_send(notification_ids: list[int]) -> None:
    """Skeleton: the notifications issue builds idempotent delivery here."""
    raise NotImplementedError
