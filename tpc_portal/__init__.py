"""The base every app builds on (errors, the API base, settings helpers, the Celery app,
health, people, time zones, Markdown, calendars, …). It imports no app: what it needs from
one is handed to it. The composition root, which does import apps, is the `portal` package.
"""

from tpc_portal.celery import app as celery_app

__all__ = ["celery_app"]
