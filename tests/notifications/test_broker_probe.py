"""The delivery page asks the broker through the base's probe (tpc_portal/health.py)."""

import pytest

from notifications.selectors import notification_delivery_overview
from tests.notifications.smtp_sink import free_port
from tpc_portal import health

pytestmark = pytest.mark.django_db


def test_a_broker_nobody_answers_at_is_reported_unreachable_by_the_page_and_healthz(settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"

    overview = notification_delivery_overview()

    assert (overview.queued_tasks, overview.broker) == (None, "unreachable")
    assert health.run()["broker"] == "error"
