"""Every write of the notifications centre.

notices.py creates notices (notify, or notify_later by a worker) and marks them read;
preferences.py holds each person's choice of delivery per kind and the one-click
unsubscribe; delivery.py e-mails notices at most once each, retries, sweeps up lost tasks
(its docstring walks through the crash windows); digests.py sends the daily digest;
sending.py is the SMTP plumbing those two share (one connection per batch, one transaction
per message, refusals sorted, the retry schedule)."""

from notifications.services.delivery import (
    EMAIL_BATCH_SIZE,
    EMAIL_MAX_ATTEMPTS,
    EMAIL_SWEEP_AFTER,
    notification_emails_enqueue,
    notification_emails_retry_failed,
    notification_emails_send,
    notification_emails_sweep,
)
from notifications.services.digests import (
    DIGEST_BATCH_SIZE,
    notification_digests_enqueue,
    notification_digests_send,
)
from notifications.services.notices import (
    notices_write,
    notification_mark_all_read,
    notification_mark_read,
    notify,
    notify_later,
)
from notifications.services.preferences import (
    InvalidUnsubscribeLink,
    notification_preferences_set,
    notification_unsubscribe,
    notification_unsubscribe_label,
    notification_unsubscribe_target,
)
from notifications.services.sending import (
    EMAIL_RETRY_BASE,
    EMAIL_RETRY_CAP,
    EmailRetry,
    email_retry_delay,
)

__all__ = [
    "DIGEST_BATCH_SIZE",
    "EMAIL_BATCH_SIZE",
    "EMAIL_MAX_ATTEMPTS",
    "EMAIL_RETRY_BASE",
    "EMAIL_RETRY_CAP",
    "EMAIL_SWEEP_AFTER",
    "EmailRetry",
    "InvalidUnsubscribeLink",
    "email_retry_delay",
    "notices_write",
    "notification_digests_enqueue",
    "notification_digests_send",
    "notification_emails_enqueue",
    "notification_emails_retry_failed",
    "notification_emails_send",
    "notification_emails_sweep",
    "notification_mark_all_read",
    "notification_mark_read",
    "notification_preferences_set",
    "notification_unsubscribe",
    "notification_unsubscribe_label",
    "notification_unsubscribe_target",
    "notify",
    "notify_later",
]
