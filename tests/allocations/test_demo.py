"""The demo's machine time: five sites, the periods around today, allocations near 80 %,
exhausted and ending soon with daily usage, and requests at several stages."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum

from projects import demo_allocations
from projects.models import Allocation, AllocationPeriod, AllocationRequest, Resource, Site
from steering.models import Seat
from tests.allocations.helpers import frozen
from tests.factories import InstitutionFactory, ProjectFactory
from tests.steering.factories import SeatFactory

pytestmark = pytest.mark.django_db

HOSTS = [host for _name, _slug, host, _website, _resources in demo_allocations.SITES]


@pytest.fixture
def world():
    for host in HOSTS:
        InstitutionFactory(name=host)
    SeatFactory(role=Seat.Role.CHAIR)
    SeatFactory(role=Seat.Role.VICE_CHAIR)
    SeatFactory.create_batch(3)
    return [ProjectFactory() for _ in range(3)]


def test_the_demo_seeds_sites_periods_allocations_and_requests(world):
    with frozen(2027, 3, 10):
        lines = list(demo_allocations.seed())

        assert Site.objects.count() == 5
        assert Resource.objects.count() == 8
        assert list(AllocationPeriod.objects.values_list("name", flat=True)) == [
            "2026-H2",
            "2027-H1",
            "2027-H2",
        ]
        shares = {
            a.resource.slug: (a.used / a.granted, a.status)
            for a in Allocation.objects.filter(period__name="2027-H1").select_related("resource")
        }
        assert Decimal("0.78") < shares["polaris"][0] < Decimal("0.8")
        assert shares["frontier"] == (Decimal(1), Allocation.Status.EXHAUSTED)
        ending = Allocation.objects.get(resource__slug="perlmutter-gpu", period__name="2027-H1")
        assert ending.end == date(2027, 3, 22)  # in 12 days
        renewed = Allocation.objects.get(resource__slug="perlmutter-gpu", period__name="2027-H2")
        assert renewed.granted == Decimal(30_000)
        for allocation in Allocation.objects.all():
            ledger = allocation.usage_records.aggregate(total=Sum("amount"))["total"] or 0
            assert ledger == allocation.used
        stages = {r.kind: r.cases.get().status for r in AllocationRequest.objects.all()}
        assert stages == {"supplement": "submitted", "new": "in_review", "renewal": "approved"}
        renewal = AllocationRequest.objects.get(kind="renewal")
        assert (renewal.amount, renewal.granted) == (Decimal(40_000), Decimal(30_000))
        assert lines


def test_the_demo_runs_once(world):
    with frozen(2027, 3, 10):
        list(demo_allocations.seed())
        counts = (Site.objects.count(), Allocation.objects.count())

        assert list(demo_allocations.seed()) == []
        assert (Site.objects.count(), Allocation.objects.count()) == counts


def test_without_projects_the_demo_seeds_the_sites_only():
    for host in HOSTS:
        InstitutionFactory(name=host)

    with frozen(2027, 3, 10):
        list(demo_allocations.seed())

    assert Site.objects.count() == 5
    assert not Allocation.objects.exists()
