"""Celery tasks of the steering committee: thin wrappers over services, safe to run twice."""

from celery import shared_task

from steering import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_deadline_reminders() -> None:
    """Beat, once a day: remind seats of reviews due and votes closing in three days."""
    services.reminders_send()
