"""The Celery app. Configuration lives in settings (CELERY_*), periodic work included."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tpc_portal.settings")

app = Celery("tpc_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
if not app.conf.broker_url:
    # No broker: tasks run in-process (CELERY_TASK_ALWAYS_EAGER), yet Celery still takes a
    # producer from its pool for each one, and a broker URL naming no host makes kombu warn
    # "No hostname was supplied" every time. The in-memory transport, named with a host,
    # is never used for delivery and keeps the log quiet.
    app.conf.broker_url = "memory://localhost/"
app.autodiscover_tasks()
