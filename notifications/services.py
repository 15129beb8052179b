"""Every write of the notifications centre.

E-mail delivery and its crash windows
-------------------------------------
A notice's row is the record of its e-mail. Each e-mail is sent inside its own short
transaction that (1) claims the row with SELECT ... FOR UPDATE SKIP LOCKED while it is still
pending, (2) marks it sent, (3) hands the message to the SMTP server and (4) commits as soon
as the server has accepted it. So:

- killed before the server accepted: the transaction dies with the worker's connection, the
  row is pending again, the task is redelivered (acks_late, reject_on_worker_lost) or the
  sweep re-queues it; nothing is lost;
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
backoff and full jitter, capped below the Redis visibility timeout; permanent refusals (5xx,
an invalid address) and notices that failed EMAIL_MAX_ATTEMPTS times are marked failed, with
the server's answer, for staff to see.
"""

import logging
import random
import smtplib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import parseaddr
from enum import Enum
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import mailers
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import User
from notifications import emails, kinds, selectors, tokens
from notifications.kinds import Delivery, Kind
from notifications.models import Digest, EmailState, Notification, NotificationPreference
from tpc_portal.errors import ApplicationError

logger = logging.getLogger(__name__)

# Notices per task, sent over one SMTP connection.
EMAIL_BATCH_SIZE = 50
# Users per digest task, sent over one SMTP connection.
DIGEST_BATCH_SIZE = 50
# A notice refused this many times in a row (transiently) is given up as failed.
EMAIL_MAX_ATTEMPTS = 5
# Retry delays grow as base * 2**attempt seconds up to the cap, each jittered so that many
# refused e-mails do not return at the same instant. The cap stays below the Redis visibility
# timeout (a system check in apps.py holds it there): a task waiting longer than that would
# be handed to a second worker.
EMAIL_RETRY_BASE = 30
EMAIL_RETRY_CAP = 15 * 60
# A pending e-mail whose hand-over to the queue is older than this is queued again.
EMAIL_SWEEP_AFTER = timedelta(minutes=10)
EMAIL_SWEEP_LIMIT = 10_000

_EMAIL_STATE_FOR = {
    Delivery.IMMEDIATELY: EmailState.PENDING,
    Delivery.DIGEST: EmailState.DIGEST,
    Delivery.OFF: EmailState.SKIPPED,
}


class InvalidUnsubscribeLink(ApplicationError):
    pass


@dataclass(frozen=True)
class EmailRetry:
    """What a delivery task should try again, and after how many seconds."""

    ids: list[int]
    countdown: float


class _Outcome(Enum):
    SENT = "sent"
    TAKEN = "taken"  # another worker has it, or it is no longer waiting
    RETRY = "retry"
    FAILED = "failed"


# --- Creating notices ---------------------------------------------------------------------


def notify(
    recipients: Iterable[User],
    kind: Kind,
    *,
    context: Mapping[str, Any],
    link: str = "",
    actor: User | None = None,
    reply_to: str | None = None,
) -> list[Notification]:
    """Tell each recipient something, in their own language.

    Guarantees: one notice per distinct active recipient, created in bulk inside the
    caller's transaction (so it rolls back with it); title and text rendered once per
    language; e-mail follows each recipient's preference for the kind and is handed to
    Celery only after the transaction commits (a broker that is down then is logged, and
    the sweep queues the e-mail later). `reply_to` becomes the e-mail's Reply-To, so the
    recipient can answer, for example, the sender of a relayed message directly.
    """
    if not kinds.is_registered(kind):
        raise TypeError(f"notify() takes a registered Kind, not {kind!r}.")
    reply_to = _valid_reply_to(reply_to)
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
            title = str(kind.title).format(**context)
            body = _render_text(kind.body_template, context)
        for user in users:
            state = _EMAIL_STATE_FOR[Delivery(chosen.get(user.pk, kind.default_delivery))]
            notices.append(
                Notification(
                    recipient=user,
                    kind=kind.key,
                    title=title[:300],
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


def _render_text(template_name: str, context: Mapping[str, Any]) -> str:
    """A plain-text template: nothing HTML-escaped (the inbox and e-mails escape on output)."""
    template = get_template(template_name).template
    return template.render(Context(dict(context), autoescape=False)).strip()


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


# --- Reading ------------------------------------------------------------------------------


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


# --- Preferences --------------------------------------------------------------------------


def notification_preferences_set(*, user: User, deliveries: Mapping[str, str]) -> None:
    """Save a person's delivery per kind, effective at once.

    Guarantees: a row only where the choice differs from the kind's default (so a changed
    default reaches everyone who never chose); e-mails of a kind that are still waiting
    follow the new choice: turned off, they are not sent; moved to the digest, they wait for
    it; moved to immediate, they are queued now.
    """
    with transaction.atomic():
        for key, value in deliveries.items():
            kind = kinds.get_or_none(key)
            if kind is None:
                raise ApplicationError(
                    _("Unknown kind of notification."), errors={key: [_("Unknown kind.")]}
                )
            delivery = Delivery(value)
            if delivery == kind.default_delivery:
                NotificationPreference.objects.filter(user=user, kind=key).delete()
            else:
                NotificationPreference.objects.update_or_create(
                    user=user, kind=key, defaults={"delivery": delivery}
                )
            _waiting_emails_follow(user=user, kind_key=key, delivery=delivery)


def _waiting_emails_follow(*, user: User, kind_key: str, delivery: Delivery) -> None:
    waiting = Notification.objects.filter(recipient=user, kind=kind_key)
    if delivery == Delivery.OFF:
        waiting.filter(email_state__in=[EmailState.PENDING, EmailState.DIGEST]).update(
            email_state=EmailState.SKIPPED
        )
    elif delivery == Delivery.DIGEST:
        waiting.filter(email_state=EmailState.PENDING).update(email_state=EmailState.DIGEST)
    else:
        now = timezone.now()
        ids = list(waiting.filter(email_state=EmailState.DIGEST).values_list("pk", flat=True))
        if ids:
            Notification.objects.filter(pk__in=ids, email_state=EmailState.DIGEST).update(
                email_state=EmailState.PENDING, email_queued_at=now
            )
            transaction.on_commit(partial(notification_emails_enqueue, ids), robust=True)


def notification_unsubscribe(*, token: str) -> tuple[User, str]:
    """Turn off e-mail of the kind a signed unsubscribe link names, at once, without log-in.

    Returns the person and the label of what they left. The digest's link turns off every
    kind the person receives by digest. Idempotent.
    """
    user, kind_key = notification_unsubscribe_target(token=token)
    if kind_key == tokens.DIGEST:
        digested = [
            kind.key
            for kind, delivery in selectors.notification_deliveries_for(user)
            if delivery == Delivery.DIGEST
        ]
        notification_preferences_set(user=user, deliveries=dict.fromkeys(digested, Delivery.OFF))
    else:
        notification_preferences_set(user=user, deliveries={kind_key: Delivery.OFF})
    return user, notification_unsubscribe_label(kind_key)


def notification_unsubscribe_label(kind_key: str) -> str:
    if kind_key == tokens.DIGEST:
        return _("the daily digest")
    return str(kinds.get(kind_key).label)


def notification_unsubscribe_target(*, token: str) -> tuple[User, str]:
    """The person and kind key a link names; InvalidUnsubscribeLink if it is not genuine."""
    try:
        user_id, kind_key = tokens.unsubscribe_target(token)
    except tokens.InvalidToken as error:
        raise InvalidUnsubscribeLink(_("This unsubscribe link is not valid.")) from error
    user = User.objects.filter(pk=user_id).first()
    if user is None or (kind_key != tokens.DIGEST and kinds.get_or_none(kind_key) is None):
        raise InvalidUnsubscribeLink(_("This unsubscribe link is no longer valid."))
    return user, kind_key


# --- Immediate e-mail ---------------------------------------------------------------------


def notification_emails_enqueue(notification_ids: list[int]) -> None:
    """Hand pending e-mails to the workers in batches, each sent over one SMTP connection."""
    from notifications.tasks import send_notification_emails

    for start in range(0, len(notification_ids), EMAIL_BATCH_SIZE):
        send_notification_emails.delay(notification_ids[start : start + EMAIL_BATCH_SIZE])


def email_retry_delay(attempt: int) -> float:
    """Seconds before retry number `attempt` (0-based): between half and all of
    min(cap, base * 2**attempt), at random ("equal jitter": spread out, never immediate)."""
    ceiling = min(EMAIL_RETRY_CAP, EMAIL_RETRY_BASE * 2**attempt)
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not secrecy


def notification_emails_send(notification_ids: list[int], *, attempt: int = 0) -> EmailRetry | None:
    """E-mail these notices over one SMTP connection, each at most once.

    Guarantees: only notices still pending are sent; each is recorded as sent in the
    transaction that sent it (see the module docstring for the crash windows); a permanent
    refusal is recorded as failed with the server's answer; returns the notices to try again
    (transient refusal, or the server unreachable) with the delay to wait, or None.
    """
    notices = list(
        Notification.objects.filter(pk__in=notification_ids, email_state=EmailState.PENDING)
        .select_related("recipient")
        .order_by("pk")
    )
    retry: list[int] = []
    done = 0
    try:
        if notices:
            with mailers.default as mailer:
                for notice in notices:
                    if _notice_email_deliver(mailer, notice) is _Outcome.RETRY:
                        retry.append(notice.pk)
                    done += 1
    except OSError as error:  # the server is unreachable or the connection broke
        unsent = [notice.pk for notice in notices[done:]]
        logger.warning("SMTP unavailable, %d e-mails wait for a retry: %s", len(unsent), error)
        Notification.objects.filter(pk__in=unsent, email_state=EmailState.PENDING).update(
            email_error=_describe(error)
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


def _locked_if_pending(pk: int):
    return (
        Notification.objects.filter(pk=pk, email_state=EmailState.PENDING)
        .select_for_update(skip_locked=True)
        .order_by()
        .values("pk")
    )


def _notice_email_deliver(mailer, notice: Notification) -> _Outcome:
    message = emails.notice_email(notice)
    try:
        with transaction.atomic():
            claimed = Notification.objects.filter(pk__in=_locked_if_pending(notice.pk)).update(
                email_state=EmailState.SENT,
                emailed_at=timezone.now(),
                email_attempts=F("email_attempts") + 1,
                email_error="",
            )
            if not claimed:
                return _Outcome.TAKEN
            mailer.send_messages([message])
            # Leaving the block commits straight after the server's acceptance: that one
            # round trip is the whole window in which a crash would cause a resend.
    except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused, ValueError) as error:
        if _is_connection_lost(error):
            raise
        return _notice_email_refused(notice, error)
    return _Outcome.SENT


def _notice_email_refused(notice: Notification, error: Exception) -> _Outcome:
    permanent = _is_permanent(error)
    failed = permanent or notice.email_attempts + 1 >= EMAIL_MAX_ATTEMPTS
    Notification.objects.filter(pk=notice.pk, email_state=EmailState.PENDING).update(
        email_state=EmailState.FAILED if failed else EmailState.PENDING,
        email_attempts=F("email_attempts") + 1,
        email_error=_describe(error),
    )
    logger.warning("E-mail of notice %s refused (%s): %s", notice.pk, notice.kind, error)
    return _Outcome.FAILED if failed else _Outcome.RETRY


def _is_connection_lost(error: Exception) -> bool:
    # 421: the server is closing the connection; what follows fails with a lost connection.
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code == 421


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return True  # an address the server can never take (ValueError)


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
        return f"{error.smtp_code} {text}"[:1000]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {message.decode(errors='replace')}"
            for address, (code, message) in error.recipients.items()
        )[:1000]
    return f"{type(error).__name__}: {error}"[:1000]


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


# --- Daily digest -------------------------------------------------------------------------


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
        User.objects.filter(pk__in=user_ids, is_active=True)
        .exclude(notification_digests__day=day)
        .order_by("pk")
    )
    retry: list[int] = []
    done = 0
    try:
        if users:
            with mailers.default as mailer:
                for user in users:
                    if _digest_deliver(mailer, user, day) is _Outcome.RETRY:
                        retry.append(user.pk)
                    done += 1
    except OSError as error:
        logger.warning("SMTP unavailable, digests wait for a retry: %s", error)
        retry.extend(user.pk for user in users[done:])
    if not retry:
        return None
    return EmailRetry(retry, email_retry_delay(attempt))


def _digest_deliver(mailer, user: User, day: date) -> _Outcome:
    notices: list[Notification] = []
    try:
        with transaction.atomic():
            notices = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(recipient=user, email_state=EmailState.DIGEST)
                .order_by("created", "pk")
            )
            if not notices:
                return _Outcome.TAKEN
            try:
                with transaction.atomic():
                    Digest.objects.create(recipient=user, day=day, notice_count=len(notices))
            except IntegrityError:
                return _Outcome.TAKEN  # today's digest already went out
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
                email_state=EmailState.SENT,
                emailed_at=timezone.now(),
                email_attempts=F("email_attempts") + 1,
                email_error="",
            )
            mailer.send_messages([emails.digest_email(user, notices, day)])
    except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused, ValueError) as error:
        if _is_connection_lost(error):
            raise
        if not _is_permanent(error):
            logger.warning("Digest for user %s refused for now: %s", user.pk, error)
            return _Outcome.RETRY
        Notification.objects.filter(
            pk__in=[n.pk for n in notices], email_state=EmailState.DIGEST
        ).update(
            email_state=EmailState.FAILED,
            email_attempts=F("email_attempts") + 1,
            email_error=_describe(error),
        )
        logger.warning("Digest for user %s refused: %s", user.pk, error)
        return _Outcome.FAILED
    return _Outcome.SENT
