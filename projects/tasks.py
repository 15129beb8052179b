"""Celery tasks of projects: thin wrappers over services, safe to run twice."""

from celery import shared_task

from projects.services import allocation_reminders

# --- Usage: the daily work on allocations (tpc_portal/settings.py, CELERY_BEAT_SCHEDULE).


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_allocation_end_reminders() -> None:
    """Beat, daily: allocations ending in 30 and 7 days, one notice per person."""
    allocation_reminders.allocation_end_reminders_send()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def expire_allocations() -> None:
    """Beat, daily: allocations past their end day expire."""
    allocation_reminders.allocations_expire()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_allocation_forecasts() -> None:
    """Beat, daily: the forecast notice, once per allocation heading wrong."""
    allocation_reminders.allocation_forecasts_send()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def flag_silent_sites() -> None:
    """Beat, daily: tell staff about sites silent for 7 days on an active allocation."""
    allocation_reminders.allocation_silence_flag()
