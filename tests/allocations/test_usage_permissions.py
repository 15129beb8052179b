"""Who may do what on the usage endpoint: role by method (the site keys pages' table is in
test_site_keys.py)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.allocations.usage_world import key_of, record, secure_staff, site_client
from tests.factories import AllocationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/usage/"


@pytest.fixture(autouse=True)
def _march(time_machine):
    time_machine.move_to(datetime(2027, 3, 20, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def callers():
    allocation = AllocationFactory()
    _key, plaintext = key_of(allocation.resource.site)
    people = {
        "visitor": None,
        "member": UserFactory(),
        "team": allocation.project.created_by,
        "staff": secure_staff(),
    }
    clients = {"site key": site_client(plaintext)}
    for role, person in people.items():
        clients[role] = APIClient()
        if person is not None:
            clients[role].force_authenticate(person)
    return allocation, clients


# Statuses: a POST from a site key carries a valid batch (200); from anyone else it is
# refused before its body is read.
TABLE = {
    "visitor": {"get": 401, "post": 401, "put": 401, "patch": 401, "delete": 401},
    "member": {"get": 200, "post": 403, "put": 405, "patch": 405, "delete": 405},
    "team": {"get": 200, "post": 403, "put": 405, "patch": 405, "delete": 405},
    "staff": {"get": 200, "post": 403, "put": 405, "patch": 405, "delete": 405},
    "site key": {"get": 200, "post": 200, "put": 405, "patch": 405, "delete": 405},
}


@pytest.mark.parametrize(
    ("role", "method"),
    [(role, method) for role, methods in TABLE.items() for method in methods],
)
def test_usage_endpoint_permissions(callers, role, method):
    allocation, clients = callers

    response = getattr(clients[role], method)(URL, {"records": [record(allocation)]}, format="json")

    assert response.status_code == TABLE[role][method]


def test_there_is_no_page_of_a_single_record():
    with pytest.raises(Exception, match="Reverse"):
        reverse("api:usage-detail", args=[1])
