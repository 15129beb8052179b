"""The daily digest: one e-mail per person listing the notices that wait for it."""

import logging
from datetime import date
from functools import partial

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from notifications import emails
from notifications.models import Digest, EmailState, Notification
from notifications.services.sending import (
    EmailRetry,
    Outcome,
    Refusal,
    email_retry_delay,
    send_batch,
    send_claimed,
)
from tpc_portal.users import User

logger = logging.getLogger(__name__)

# Users per digest task, sent over one SMTP connection.
DIGEST_BATCH_SIZE = 50


def notification_digests_enqueue(*, day: date) -> int:
    """Queue the day's digest for everybody with notices waiting for one; returns how many.

    Running it twice the same day queues again only those not yet sent, and sending
    checks the day's record, so nobody gets a second digest that day.
    """
    from notifications.tasks import send_notification_digests

    user_ids = list(
        Notification.objects.filter(email_state=EmailState.DIGEST)
        .exclude(recipient__notification_digests__day=day)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for start in range(0, len(user_ids), DIGEST_BATCH_SIZE):
        send_notification_digests.delay(
            user_ids[start : start + DIGEST_BATCH_SIZE], day.isoformat()
        )
    return len(user_ids)


def notification_digests_send(
    user_ids: list[int], *, day: date, attempt: int = 0
) -> EmailRetry | None:
    """Send each of these people one e-mail listing their notices waiting for the digest.

    Guarantees: at most one digest per person and day (a Digest row, unique per day, is
    written in the transaction that sends); each notice is in at most one digest; the
    crash windows are those of notification_emails_send.
    """
    users = list(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(notification_digests__day=day)
        .select_related("profile")  # their time zone (zone_of), with the batch
        .order_by("pk")
    )
    batch = send_batch(users, partial(_digest_deliver, day=day))
    if batch.error is not None:
        logger.warning("SMTP unavailable, digests wait for a retry: %s", batch.error)
    retry = [user.pk for user in [*batch.retry, *batch.unsent]]
    if not retry:
        return None
    return EmailRetry(retry, email_retry_delay(attempt))


def _digest_deliver(mailer: BaseEmailBackend, user: User, *, day: date) -> Outcome:
    notices: list[Notification] = []

    def claim() -> EmailMessage | None:
        notices.extend(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(recipient=user, email_state=EmailState.DIGEST)
            .order_by("created", "pk")
        )
        if not notices:
            return None
        try:
            with transaction.atomic():
                Digest.objects.create(recipient=user, day=day, notice_count=len(notices))
        except IntegrityError:
            return None  # today's digest already went out
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
            email_state=EmailState.SENT,
            emailed_at=timezone.now(),
            email_attempts=F("email_attempts") + 1,
            email_error="",
        )
        return emails.digest_email(user, notices, day)

    sent = send_claimed(mailer, claim)
    if not isinstance(sent, Refusal):
        return sent
    if not sent.permanent:
        logger.warning("Digest for user %s refused for now: %s", user.pk, sent.reason)
        return Outcome.RETRY
    Notification.objects.filter(
        pk__in=[n.pk for n in notices], email_state=EmailState.DIGEST
    ).update(
        email_state=EmailState.FAILED,
        email_attempts=F("email_attempts") + 1,
        email_error=sent.reason,
    )
    logger.warning("Digest for user %s refused: %s", user.pk, sent.reason)
    return Outcome.FAILED
