"""Celery tasks of working groups: thin wrappers over services, safe to run twice."""

from celery import shared_task

from workinggroups.services.actions import action_item_reminders_send

# --- Minutes, action items and documents


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_action_item_reminders() -> None:
    """Beat, hourly: action items due tomorrow or overdue, in each owner's own day."""
    action_item_reminders_send()
