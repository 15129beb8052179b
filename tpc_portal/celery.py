"""The Celery app. Configuration lives in settings (CELERY_*), periodic work included."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tpc_portal.settings")

app = Celery("tpc_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
