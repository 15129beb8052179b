"""Immediate e-mail delivery: each notice e-mailed at most once, nothing lost.

Crash windows
-------------
A notice's row is the record of its e-mail. Each e-mail is sent inside its own short
transaction (sending.send_claimed, which the digest uses too) that (1) claims the row,
while it is still pending, with SELECT ... FOR UPDATE SKIP LOCKED and marks it sent in the
same statement, (2) hands the message to the SMTP server and (3) commits as soon as the
server has accepted it. So:

- killed before the server accepted: the transaction dies with the worker's database
  connection and the row is pending again. A pool process that died has its task requeued
  at once (acks_late, reject_on_worker_lost); a whole worker that died has its tasks handed
  out again by Redis after the visibility timeout, and the sweep queues the notice again
  sooner (EMAIL_SWEEP_AFTER). Nothing is lost;
- a second task for the same notice, at the same time or later: the row is locked or no
  longer pending, so it skips it; nothing is sent twice;
- killed in the instant after the server accepted and before the commit reached the
  database (one round trip, well under a millisecond): the row is pending again and the
  notice is e-mailed a second time. No protocol closes this window without help from the
  receiving side; the resend carries the same Message-ID (see emails.py), which
  de-duplicating mail stores collapse. We keep the window to that one commit rather than
  spanning a whole batch;
- the SMTP connection drops after the message was sent and before the reply was read: the
  same ambiguity, resolved the same way (resend, same Message-ID).

Transient refusals (4xx) and lost connections are retried by the task with exponential
backoff and jitter, capped below the Redis visibility timeout; permanent refusals (5xx,
an invalid address) and notices that failed EMAIL_MAX_ATTEMPTS times are marked failed, with
the server's answer, for staff to see.
"""

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta
from functools import partial

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import emails
from notifications.models import EmailState, Notification
from notifications.services.sending import (
    EmailRetry,
    Outcome,
    Refusal,
    describe_error,
    email_retry_delay,
    send_batch,
    send_claimed,
)
from tpc_portal.errors import ApplicationError
from tpc_portal.users import User

logger = logging.getLogger(__name__)

# Notices per task, sent over one SMTP connection.
EMAIL_BATCH_SIZE = 50
# A notice refused this many times in a row (transiently) is given up as failed.
EMAIL_MAX_ATTEMPTS = 5
# A pending e-mail whose hand-over to the queue is older than this is queued again.
EMAIL_SWEEP_AFTER = timedelta(minutes=10)
EMAIL_SWEEP_LIMIT = 10_000


def notification_emails_enqueue(notification_ids: list[int]) -> None:
    """Hand pending e-mails to the workers in batches, each sent over one SMTP connection."""
    from notifications.tasks import send_notification_emails

    for start in range(0, len(notification_ids), EMAIL_BATCH_SIZE):
        send_notification_emails.delay(notification_ids[start : start + EMAIL_BATCH_SIZE])


def notification_emails_send(notification_ids: list[int], *, attempt: int = 0) -> EmailRetry | None:
    """E-mail these notices over one SMTP connection, each at most once.

    Guarantees: only notices still pending are sent; each is recorded as sent in the
    transaction that sent it (see the module docstring for the crash windows); a permanent
    refusal is recorded as failed with the server's answer; returns the notices to try again
    (transient refusal, or the server unreachable) with the delay to wait, or None.
    """
    notices = list(
        Notification.objects.filter(pk__in=notification_ids, email_state=EmailState.PENDING)
        # The recipient's profile is read for their time zone (tpc_portal.timezones.zone_of
        # reads `user.profile`): with the batch, not once per e-mail.
        .select_related("recipient__profile")
        .order_by("pk")
    )
    batch = send_batch(notices, _notice_email_deliver)
    retry = [notice.pk for notice in batch.retry]
    if batch.error is not None:  # the server is unreachable or the connection broke
        unsent = [notice.pk for notice in batch.unsent]
        logger.warning(
            "SMTP unavailable, %d e-mails wait for a retry: %s", len(unsent), batch.error
        )
        Notification.objects.filter(pk__in=unsent, email_state=EmailState.PENDING).update(
            email_error=describe_error(batch.error)
        )
        retry.extend(unsent)
    if not retry:
        return None
    countdown = email_retry_delay(attempt)
    # Keeps the sweep from queueing these again before the retry is due.
    Notification.objects.filter(pk__in=retry, email_state=EmailState.PENDING).update(
        email_queued_at=timezone.now() + timedelta(seconds=countdown)
    )
    return EmailRetry(retry, countdown)


def _locked_if_pending(pk: int) -> QuerySet[Notification, Mapping[str, object]]:
    return (
        Notification.objects.filter(pk=pk, email_state=EmailState.PENDING)
        .select_for_update(skip_locked=True)
        .order_by()
        .values("pk")
    )


def _notice_email_deliver(mailer: BaseEmailBackend, notice: Notification) -> Outcome:
    message = emails.notice_email(notice)

    def claim() -> EmailMessage | None:
        claimed = Notification.objects.filter(pk__in=_locked_if_pending(notice.pk)).update(
            email_state=EmailState.SENT,
            emailed_at=timezone.now(),
            email_attempts=F("email_attempts") + 1,
            email_error="",
        )
        return message if claimed else None

    sent = send_claimed(mailer, claim)
    if isinstance(sent, Refusal):
        return _notice_email_refused(notice, sent)
    return sent


def _notice_email_refused(notice: Notification, refusal: Refusal) -> Outcome:
    failed = refusal.permanent or notice.email_attempts + 1 >= EMAIL_MAX_ATTEMPTS
    Notification.objects.filter(pk=notice.pk, email_state=EmailState.PENDING).update(
        email_state=EmailState.FAILED if failed else EmailState.PENDING,
        email_attempts=F("email_attempts") + 1,
        email_error=refusal.reason,
    )
    logger.warning("E-mail of notice %s refused (%s): %s", notice.pk, notice.kind, refusal.reason)
    return Outcome.FAILED if failed else Outcome.RETRY


def notification_emails_sweep(
    *, older_than: timedelta = EMAIL_SWEEP_AFTER, limit: int = EMAIL_SWEEP_LIMIT
) -> int:
    """Queue again the pending e-mails whose hand-over to the queue is long past.

    Guarantees nothing is lost when a task was (a broker outage after commit, a killed
    worker whose task Redis only restores after its visibility timeout). Queueing a notice
    twice is harmless: delivery skips what is sent or being sent. Returns how many.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(email_state=EmailState.PENDING)
            .filter(Q(email_queued_at__lte=now - older_than) | Q(email_queued_at__isnull=True))
            .order_by("created", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Notification.objects.filter(pk__in=ids).update(email_queued_at=now)
            transaction.on_commit(partial(notification_emails_enqueue, ids))
    if ids:
        logger.info("Queued %d pending e-mails again", len(ids))
    return len(ids)


def notification_emails_retry_failed(*, actor: User, ids: Iterable[int] | None = None) -> int:
    """Staff: give failed e-mails (these, or all) a fresh set of attempts, queued after commit.

    Returns how many were failed and are queued again.
    """
    if not actor.is_staff:
        raise ApplicationError(_("Only staff may retry e-mail delivery."))
    now = timezone.now()
    failed = Notification.objects.filter(email_state=EmailState.FAILED)
    if ids is not None:
        failed = failed.filter(pk__in=list(ids))
    with transaction.atomic():
        ids = list(failed.select_for_update(skip_locked=True).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(
            email_state=EmailState.PENDING, email_attempts=0, email_queued_at=now
        )
        if ids:
            transaction.on_commit(partial(notification_emails_enqueue, ids), robust=True)
    logger.info("%s queued %d failed e-mails again", actor, len(ids))
    return len(ids)
