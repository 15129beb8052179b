"""Probes behind /healthz: each returns None when healthy, or what went wrong."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection


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
    from tpc_portal.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def checks() -> dict:
    probes = {"database": database, "cache": cache_roundtrip}
    if settings.CELERY_BROKER_URL:
        probes["broker"] = broker
    return probes


def run() -> dict[str, str]:
    """'ok' or the error, per dependency."""
    results = {}
    for name, probe in checks().items():
        try:
            probe()
        except Exception as error:  # noqa: BLE001 - any failure is what we report
            results[name] = f"error: {type(error).__name__}: {error}"
        else:
            results[name] = "ok"
    return results
