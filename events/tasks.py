"""Celery tasks of events: thin wrappers over services, safe to run twice."""

from celery import shared_task

from events.services.events import event_reminders_send
from events.services.registration import caps_release


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, time_limit=240)
def send_event_reminders() -> None:
    """Beat, every five minutes: remind the people holding a place of each event starting
    within 24 hours, once (event_reminders_send says how a crash is survived)."""
    event_reminders_send()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, time_limit=240)
def release_institution_caps() -> None:
    """Beat, every five minutes: lift the per-institution cap of each event whose release
    date has come and move its waitlist up in order (caps_release; once per event)."""
    caps_release()
