"""The secretariat edits sites, resources and periods in the admin; allocations only move
through the services (suspend and resume as admin actions)."""

import pytest
from django.urls import reverse

from projects.models import Allocation
from tests.factories import AllocationFactory, UserFactory
from tests.steering.factories import give_totp
from tpc_portal.audit import audit_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client):
    client.force_login(give_totp(UserFactory(is_staff=True, is_superuser=True)))
    return client


@pytest.mark.parametrize(
    "name", ["projects_site_add", "projects_allocationperiod_add", "projects_site_changelist"]
)
def test_staff_edit_sites_and_periods(secretariat, name):
    assert secretariat.get(reverse(f"admin:{name}")).status_code == 200


def test_allocations_are_read_only_in_the_admin(secretariat):
    allocation = AllocationFactory()

    assert secretariat.get(reverse("admin:projects_allocation_changelist")).status_code == 200
    assert secretariat.get(reverse("admin:projects_allocation_add")).status_code == 403
    change = reverse("admin:projects_allocation_change", args=[allocation.pk])
    assert b'name="granted"' not in secretariat.get(change).content


def test_the_suspend_action_goes_through_the_service(secretariat):
    allocation = AllocationFactory()

    secretariat.post(
        reverse("admin:projects_allocation_changelist"),
        {"action": "suspend", "_selected_action": [allocation.pk]},
    )

    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.SUSPENDED
    assert audit_of(allocation).get().verb == "allocation.suspended"
