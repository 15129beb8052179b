"""Celery tasks of the working groups: thin wrappers over services, safe to run twice."""

from celery import shared_task

from workinggroups.services.actions import action_item_reminders_send
from workinggroups.services.meetings import meeting_reminders_send
from workinggroups.services.series import series_extend_horizon

# --- Meetings and series


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, time_limit=240)
def send_meeting_reminders() -> None:
    """Beat, every five minutes: remind members of meetings starting within 24 hours, each
    reminder once (meeting_reminders_send says how a crash is survived)."""
    meeting_reminders_send()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, time_limit=1800)
def extend_series_horizon() -> None:
    """Beat, daily: store every series' occurrences six months ahead (idempotent)."""
    series_extend_horizon()


# --- Minutes, action items and documents


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_action_item_reminders() -> None:
    """Beat, hourly: action items due tomorrow or overdue, in each owner's own day."""
    action_item_reminders_send()
