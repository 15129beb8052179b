"""Probes behind /healthz: each returns None when healthy and raises when not.

/healthz is public: it says which component failed, never how to reach it (an error from a
driver names hosts, ports, users). What went wrong goes to the log.
"""

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection

logger = logging.getLogger(__name__)


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def cache_roundtrip() -> None:
    key, value = f"healthz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("value written was not read back")
    cache.delete(key)


def broker() -> None:
    with broker_connection():
        pass


@contextmanager
def broker_connection() -> Iterator[Connection]:
    """A connection to the Celery broker, established or refused within a couple of seconds
    (for a probe, or a page that reports on the queue)."""
    from tpc_portal.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        yield conn


def checks() -> dict:
    probes = {"database": database, "cache": cache_roundtrip}
    if settings.CELERY_BROKER_URL:
        probes["broker"] = broker
    return probes


def run() -> dict[str, str]:
    """'ok' or 'error' per dependency; the error itself is logged, not returned."""
    results = {}
    for name, probe in checks().items():
        try:
            probe()
        except Exception:  # any failure is what we report
            logger.exception("Health check: %s is failing", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    return results
