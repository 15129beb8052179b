"""The lists of machine time cost the same number of queries for 5 allocations as for 500:
the project's page, the site's page and the API."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from projects.models import Allocation, UsageRecord
from tests.allocations.helpers import frozen, two_periods
from tests.factories import AllocationFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _more(template: Allocation, count: int) -> None:
    """`count` more allocations like `template` (other resources of its site every fifth),
    each with a week of daily usage."""
    resources = [template.resource] + [
        ResourceFactory(site=template.resource.site) for _ in range(4)
    ]
    made = Allocation.objects.bulk_create(
        [
            Allocation(
                project=template.project,
                resource=resources[n % 5],
                period=template.period,
                granted=1000,
                used=70,
                start=template.start,
                end=template.end,
            )
            for n in range(count)
        ]
    )
    start = datetime(2027, 2, 1, tzinfo=UTC)
    UsageRecord.objects.bulk_create(
        [
            UsageRecord(
                site=template.resource.site,
                allocation=allocation,
                record_id=f"{allocation.pk}-{day}",
                period_start=start + timedelta(days=day),
                period_end=start + timedelta(days=day, hours=23),
                amount=Decimal(10),
            )
            for allocation in made
            for day in range(7)
        ]
    )


def _queries(fetch) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def template():
    first, _second = two_periods()
    return AllocationFactory(period=first)


def test_the_project_page_costs_the_same_for_5_and_500(client, template):
    with frozen(2027, 2, 10):
        client.force_login(template.project.created_by)
        url = f"/projects/{template.project.slug}/allocations/"
        _more(template, 4)
        few = _queries(lambda: client.get(url))
        _more(template, 495)
        many = _queries(lambda: client.get(url))

    assert many == few


def test_the_site_page_costs_the_same_for_5_and_500(client, template):
    url = f"/projects/sites/{template.resource.site.slug}/"
    with frozen(2027, 2, 10):
        _more(template, 4)
        few = _queries(lambda: client.get(url))
        _more(template, 495)
        many = _queries(lambda: client.get(url))

    assert many == few


@pytest.mark.parametrize("who", ["staff", "pi"])
def test_the_allocations_api_costs_the_same_for_5_and_500(template, who):
    api = APIClient()
    api.force_authenticate(
        UserFactory(is_staff=True) if who == "staff" else template.project.created_by
    )
    _more(template, 4)
    few = _queries(lambda: api.get("/api/v1/allocations/"))
    _more(template, 495)
    many = _queries(lambda: api.get("/api/v1/allocations/"))

    assert many == few


def test_the_sites_api_costs_the_same_for_5_and_500_resources(template):
    api = APIClient()
    for _ in range(4):
        ResourceFactory(site=template.resource.site)
    few = _queries(lambda: api.get("/api/v1/sites/"))
    for _ in range(20):
        ResourceFactory()
    many = _queries(lambda: api.get("/api/v1/sites/"))

    assert many == few
