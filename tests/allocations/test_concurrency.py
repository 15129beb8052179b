"""Two like requests sent at the same moment: the project's row is locked while a request
is checked, so one goes to the committee and the other is refused (PostgreSQL: threads with
their own connections)."""

import threading

import pytest
from django.db import connection

from projects.models import AllocationRequest
from projects.services.allocations import allocation_request_submit
from tests.allocations.helpers import frozen, two_periods
from tests.factories import ProjectFactory, ResourceFactory
from tpc_portal.errors import ApplicationError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_like_requests_at_once_make_one_case():
    first, _second = two_periods()
    project, resource = ProjectFactory(), ResourceFactory()
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def ask():
        try:
            start.wait()
            allocation_request_submit(
                actor=project.created_by,
                project=project,
                kind="new",
                resource=resource,
                period=first,
                amount=100,
                justification="Training.",
            )
            outcomes.append("submitted")
        except ApplicationError:
            outcomes.append("refused")
        finally:
            connection.close()

    with frozen(2026, 11, 15):
        threads = [threading.Thread(target=ask) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(outcomes) == ["refused", "submitted"]
    assert AllocationRequest.objects.get().cases.count() == 1
