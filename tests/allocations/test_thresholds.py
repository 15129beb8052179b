"""80 and 100 percent: the project's PI and co-PIs are told once per threshold, at 100
percent the allocation is exhausted, and a credit below makes it active again."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from notifications.models import Notification
from projects.models import Allocation, TeamMember
from tests.allocations.usage_world import (
    _ledgers_agree_afterwards,  # noqa: F401 - a fixture
    key_of,
    record,
    site_client,
)
from tests.factories import AllocationFactory, ProfileFactory
from tpc_portal.audit import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_ledgers_agree_afterwards")]

NOW = datetime(2027, 3, 20, 12, tzinfo=UTC)
KIND = "projects.allocation_threshold"


@pytest.fixture(autouse=True)
def _march(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def team():
    """An allocation of 1,000 GPU-hours; its project's PI, a co-PI and a member."""
    co_pi, member = ProfileFactory().user, ProfileFactory().user
    allocation = AllocationFactory(granted=Decimal(1000), project__team=[co_pi, member])
    TeamMember.objects.filter(user=co_pi).update(role=TeamMember.Role.CO_PI)
    _key, plaintext = key_of(allocation.resource.site)
    return allocation, site_client(plaintext), allocation.project.created_by, co_pi, member


def _use(site, allocation, amount, **fields):
    response = site.post(
        "/api/v1/usage/", {"records": [record(allocation, amount=amount, **fields)]}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()["records"][0]["record_id"]


def _told(person, percent=None):
    notices = Notification.objects.filter(recipient=person, kind=KIND)
    if percent is not None:
        notices = notices.filter(context__percent=percent)
    return notices.count()


def test_eighty_percent_tells_the_pi_and_co_pis_once(team):
    allocation, site, pi, co_pi, member = team

    _use(site, allocation, "790")
    assert _told(pi) == 0

    _use(site, allocation, "20")
    _use(site, allocation, "100")

    assert _told(pi, 80) == _told(co_pi, 80) == 1
    assert _told(member) == 0
    allocation.refresh_from_db()
    assert allocation.warned_80 == NOW
    assert allocation.warned_100 is None
    assert allocation.status == Allocation.Status.ACTIVE
    notice = Notification.objects.get(recipient=pi, kind=KIND)
    resource = allocation.resource
    assert notice.title == (
        f"{allocation.project.title}: 80% of the time on {resource.site.name} {resource.name} used"
    )
    assert "has used 810 of the 1,000 GPU-hours granted" in notice.body


def test_a_hundred_percent_exhausts_the_allocation_once_even_after_a_credit(team):
    allocation, site, pi, co_pi, _member = team
    _use(site, allocation, "850")

    big = _use(site, allocation, "160")  # 1,010

    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.EXHAUSTED
    assert _told(pi, 100) == _told(co_pi, 100) == 1
    assert (
        "The allocation is used up."
        in Notification.objects.get(recipient=pi, context__percent=100).body
    )

    _use(site, allocation, "20", kind="credit", adjusts=big)  # 990: below again
    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.ACTIVE

    _use(site, allocation, "30")  # 1,020: used up again, not told again
    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.EXHAUSTED
    assert _told(pi, 100) == 1
    assert list(
        AuditEntry.objects.filter(subject_id=allocation.pk, verb__startswith="allocation.")
        .order_by("id")
        .values_list("verb", flat=True)
    ) == ["allocation.exhausted", "allocation.active_again", "allocation.exhausted"]


def test_passing_both_thresholds_at_once_tells_only_the_higher(team):
    allocation, site, pi, _co_pi, _member = team

    _use(site, allocation, "1500")

    assert _told(pi) == 1
    assert _told(pi, 100) == 1
    allocation.refresh_from_db()
    assert allocation.warned_80 == allocation.warned_100 == NOW


def test_a_duplicate_or_a_refused_batch_tells_nobody(team):
    allocation, site, pi, _co_pi, _member = team
    big = record(allocation, amount="900")
    site.post("/api/v1/usage/", {"records": [big]}, format="json")
    Notification.objects.all().delete()
    Allocation.objects.filter(pk=allocation.pk).update(warned_80=None)

    site.post("/api/v1/usage/", {"records": [big]}, format="json")  # a duplicate
    bad = record(allocation, amount="900", unit="node_hours")
    site.post("/api/v1/usage/", {"records": [bad]}, format="json")  # refused

    assert _told(pi) == 0
