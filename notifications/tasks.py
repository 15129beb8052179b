from celery import shared_task

from notifications import services


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=120, time_limit=150)
def send_notification_emails(notification_ids: list[int]) -> None:
    """E-mail these notices, each at most once (the rows record what was sent)."""
    services.notification_emails_send(notification_ids)
