"""Celery tasks of the notifications centre: thin wrappers over services, safe to run twice.

All but write_notices are acknowledged late and requeued if their worker dies, so a killed
worker loses nothing; the notice rows, not the tasks, record what was sent. write_notices is
acknowledged on receipt: run twice it would write its notices twice (see notify_later).
"""

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from notifications import services

# Beyond these, the e-mails stay pending and the periodic sweep queues them again later.
MAX_RETRIES = 8
DELIVERY = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    # A batch of 50 over one connection takes well under a second; the limits catch a
    # server that stalls (the SMTP timeout is per operation).
    "soft_time_limit": 120,
    "time_limit": 150,
    "max_retries": MAX_RETRIES,
    "ignore_result": True,
}


@shared_task(
    acks_late=False,
    ignore_result=True,
    time_limit=60,
    # The notices are written in one transaction: a database that refused it (locked,
    # restarting) wrote none of them, so trying again later cannot write any twice.
    autoretry_for=(OperationalError,),
    retry_backoff=5,
    max_retries=MAX_RETRIES,
)
def write_notices(
    recipient_ids: list[int], kind: str, context: dict, link: str, actor_id: int | None
) -> None:
    """Write the notices notify_later() handed over (and queue their e-mails)."""
    services.notices_write(recipient_ids, kind, context, link, actor_id)


@shared_task(bind=True, **DELIVERY)
def send_notification_emails(self, notification_ids: list[int]) -> None:
    """E-mail these notices, each at most once (the rows record what was sent)."""
    retry = services.notification_emails_send(notification_ids, attempt=self.request.retries)
    if retry:
        raise self.retry(args=(retry.ids,), countdown=retry.countdown)


@shared_task(bind=True, **DELIVERY)
def send_notification_digests(self, user_ids: list[int], day: str) -> None:
    """Send these people their digest for `day` (ISO date), at most one each per day."""
    retry = services.notification_digests_send(
        user_ids, day=date.fromisoformat(day), attempt=self.request.retries
    )
    if retry:
        raise self.retry(args=(retry.ids, day), countdown=retry.countdown)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def queue_notification_digests() -> None:
    """Beat, once a day: queue today's digest for everyone with notices waiting for one."""
    services.notification_digests_enqueue(day=timezone.now().date())


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sweep_notification_emails() -> None:
    """Beat, every few minutes: queue again pending e-mails whose task was lost."""
    services.notification_emails_sweep()
