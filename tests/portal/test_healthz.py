import logging

import pytest
from django.db import connection
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_healthz_reports_ok_when_everything_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"


CONNECTION_ERROR = (
    'connection to server at "db.internal.example" (10.1.2.3), port 5432 failed: '
    'FATAL: password authentication failed for user "tpc"'
)


@pytest.mark.django_db
def test_healthz_names_the_database_when_it_is_unreachable(client, monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise OperationalError(CONNECTION_ERROR)

    monkeypatch.setattr(connection, "cursor", unreachable)

    with caplog.at_level(logging.ERROR, logger="tpc_portal.health"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    assert response.json()["checks"]["database"] == "error"
    # The public answer says what failed, never how to reach it; the log keeps the detail.
    for detail in ("db.internal.example", "10.1.2.3", "5432", '"tpc"', "OperationalError"):
        assert detail not in response.content.decode()
    assert CONNECTION_ERROR in caplog.text


@pytest.mark.django_db
def test_healthz_checks_the_broker_when_one_is_configured(client, settings, caplog):
    settings.CELERY_BROKER_URL = "redis://:s3cret@127.0.0.1:1/0"  # nothing listens on port 1

    with caplog.at_level(logging.ERROR, logger="tpc_portal.health"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert "broker" in response.json()["failing"]
    assert response.json()["checks"]["broker"] == "error"
    for detail in ("127.0.0.1", "s3cret", "refused", "Error"):
        assert detail not in response.content.decode()
    assert "broker is failing" in caplog.text
