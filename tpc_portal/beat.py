"""Celery beat's schedule: every app's periodic work, declared in one place (settings.py
reads it as CELERY_BEAT_SCHEDULE). Task names are strings: the base imports no app."""

from celery.schedules import crontab


def beat_schedule(*, digest_hour: int) -> dict[str, dict]:
    """The schedule; `digest_hour` (UTC) is when the daily notification digest goes out."""
    return {
        # Declared here, in one place; later apps add their periodic work.
        "portal-heartbeat": {
            "task": "tpc_portal.tasks.heartbeat",
            "schedule": crontab(minute="*/15"),
        },
        # API tokens past their expiry (refused already; tpc_portal.authentication).
        "api-tokens-expired": {
            "task": "tpc_portal.tasks.delete_expired_api_tokens",
            "schedule": crontab(hour=2, minute=45),
        },
        # Pending notification e-mails whose task was lost (broker outage, killed worker) are
        # queued again; queueing twice is harmless.
        "notifications-email-sweep": {
            "task": "notifications.tasks.sweep_notification_emails",
            "schedule": crontab(minute="*/5"),
        },
        "notifications-daily-digest": {
            "task": "notifications.tasks.queue_notification_digests",
            "schedule": crontab(hour=digest_hour, minute=0),
        },
        # Reviews due and votes closing within three days; each reminder is sent once.
        "steering-deadline-reminders": {
            "task": "steering.tasks.send_deadline_reminders",
            "schedule": crontab(hour=6, minute=30),
        },
        # Working groups: a reminder a day before each meeting, each sent once (a run that was
        # missed is caught up by the next one), and each series' meetings stored six months ahead.
        "workinggroups-meeting-reminders": {
            "task": "workinggroups.tasks.send_meeting_reminders",
            "schedule": crontab(minute="*/5"),
        },
        "workinggroups-series-horizon": {
            "task": "workinggroups.tasks.extend_series_horizon",
            "schedule": crontab(hour=3, minute=15),
        },
        # Action items due tomorrow or overdue, in each owner's own day: hourly, so that every
        # time zone's day is met within its first hour; each reminder is sent once.
        "workinggroups-action-item-reminders": {
            "task": "workinggroups.tasks.send_action_item_reminders",
            "schedule": crontab(minute=7),
        },
        # --- Usage: allocations, daily (UTC). Expiry first, just after midnight, so that the
        # reminders and forecasts of the day read today's statuses; each is sent once, and a
        # missed run is made up by the next.
        "projects-expire-allocations": {
            "task": "projects.tasks.expire_allocations",
            "schedule": crontab(hour=0, minute=15),
        },
        "projects-allocation-end-reminders": {
            "task": "projects.tasks.send_allocation_end_reminders",
            "schedule": crontab(hour=6, minute=45),
        },
        "projects-allocation-forecasts": {
            "task": "projects.tasks.send_allocation_forecasts",
            "schedule": crontab(hour=7, minute=15),
        },
        "projects-silent-sites": {
            "task": "projects.tasks.flag_silent_sites",
            "schedule": crontab(hour=8, minute=0),
        },
        # --- Events: the reminder a day before each event, each sent once (a missed run is
        # caught up by the next), and the per-institution caps lifted on their release date
        # (the waitlist moves up in order), each once.
        "events-reminders": {
            "task": "events.tasks.send_event_reminders",
            "schedule": crontab(minute="*/5"),
        },
        "events-release-institution-caps": {
            "task": "events.tasks.release_institution_caps",
            "schedule": crontab(minute="*/5"),
        },
    }
