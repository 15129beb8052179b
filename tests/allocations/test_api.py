"""The read API: sites and resources for everyone, allocations for the project's team and
staff, and for a partner site's key its own site's only."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from projects.allocation_api import AllocationSerializer
from projects.models import Allocation, SiteKey
from tests.allocations.helpers import two_periods
from tests.factories import (
    AllocationFactory,
    ProfileFactory,
    ResourceFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _as(user=None, key=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    if key is not None:
        api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return api


def _ids(response):
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def two_sites():
    """Site A and site B, each with an allocation of a project of its own."""
    two_periods()
    a = AllocationFactory(resource=ResourceFactory(site=SiteFactory(slug="site-a")))
    b = AllocationFactory(resource=ResourceFactory(site=SiteFactory(slug="site-b")))
    return a, b


def _key(site, **fields):
    _site_key, plaintext = SiteKey.objects.create_key(name="accounting", site=site, **fields)
    return plaintext


# --- Sites and resources ----------------------------------------------------------------------


def test_a_visitor_reads_sites_with_their_resources(two_sites):
    a, _b = two_sites

    body = _as().get("/api/v1/sites/").json()

    site = next(row for row in body["results"] if row["slug"] == "site-a")
    assert site["host"]["name"] == a.resource.site.host_institution.name
    assert site["resources"][0]["unit"] == "gpu_hours"
    assert _as().get("/api/v1/sites/site-a/").status_code == 200


def test_a_visitor_reads_resources_by_site(two_sites):
    a, _b = two_sites

    response = _as().get("/api/v1/resources/")

    assert _ids(response) == {a.resource_id, two_sites[1].resource_id}
    row = _as().get(f"/api/v1/resources/{a.resource_id}/").json()
    assert (row["site"], row["capacity"]) == ("site-a", "100000.000")


def test_a_site_key_reads_its_own_site_and_resources(two_sites):
    a, b = two_sites
    key = _key(a.resource.site)

    sites = _as(key=key).get("/api/v1/sites/").json()["results"]
    resources = _as(key=key).get("/api/v1/resources/")

    assert [site["slug"] for site in sites] == ["site-a"]
    assert _ids(resources) == {a.resource_id}
    assert _as(key=key).get(f"/api/v1/resources/{b.resource_id}/").status_code == 404


# --- Allocations ------------------------------------------------------------------------------


def test_a_visitor_may_not_read_allocations(two_sites):
    assert _as().get("/api/v1/allocations/").status_code == 401


def test_a_person_reads_the_allocations_of_the_projects_they_are_on(two_sites):
    a, b = two_sites
    pi = a.project.created_by

    assert _ids(_as(pi).get("/api/v1/allocations/")) == {a.pk}
    assert _as(pi).get(f"/api/v1/allocations/{b.pk}/").status_code == 404
    row = _as(pi).get(f"/api/v1/allocations/{a.pk}/").json()
    assert row["project"] == {"slug": a.project.slug, "title": a.project.title}
    assert (row["site"], row["granted"], row["remaining"]) == ("site-a", "1000.000", "1000.000")


def test_someone_on_no_team_reads_no_allocation(two_sites):
    assert _ids(_as(ProfileFactory().user).get("/api/v1/allocations/")) == set()


def test_staff_read_every_allocation(two_sites):
    a, b = two_sites

    assert _ids(_as(UserFactory(is_staff=True)).get("/api/v1/allocations/")) == {a.pk, b.pk}


def test_a_site_key_reads_only_its_own_sites_allocations(two_sites):
    a, b = two_sites
    key = _key(a.resource.site)

    assert _ids(_as(key=key).get("/api/v1/allocations/")) == {a.pk}
    assert _as(key=key).get(f"/api/v1/allocations/{a.pk}/").status_code == 200
    assert _as(key=key).get(f"/api/v1/allocations/{b.pk}/").status_code == 404


def test_a_site_reads_the_status_to_stop_jobs(two_sites):
    a, _b = two_sites
    Allocation.objects.filter(pk=a.pk).update(status=Allocation.Status.SUSPENDED)

    row = _as(key=_key(a.resource.site)).get(f"/api/v1/allocations/{a.pk}/").json()

    assert row["status"] == "suspended"


@pytest.mark.parametrize("url", ["/api/v1/allocations/", "/api/v1/sites/", "/api/v1/resources/"])
def test_a_revoked_key_is_refused_at_once_even_where_visitors_read(two_sites, url):
    a, _b = two_sites
    site_key, plaintext = SiteKey.objects.create_key(name="old", site=a.resource.site)
    site_key.revoked = True
    site_key.save()

    response = _as(key=plaintext).get(url)

    assert response.status_code == 401
    assert response.json() == {"message": "This key was revoked.", "errors": {}}


def test_an_expired_key_is_refused(two_sites):
    a, _b = two_sites
    key = _key(a.resource.site, expiry_date=timezone.now() - timedelta(minutes=1))

    assert _as(key=key).get("/api/v1/allocations/").status_code == 401


def test_a_site_key_is_no_person(two_sites):
    a, _b = two_sites

    response = _as(key=_key(a.resource.site)).get("/api/v1/me/")

    assert response.status_code == 401


# --- Filters ----------------------------------------------------------------------------------


def test_allocations_filter_by_site_project_status_and_day(two_sites):
    a, b = two_sites
    staff = _as(UserFactory(is_staff=True))
    Allocation.objects.filter(pk=b.pk).update(status=Allocation.Status.EXHAUSTED)

    assert _ids(staff.get("/api/v1/allocations/", {"site": "site-b"})) == {b.pk}
    assert _ids(staff.get("/api/v1/allocations/", {"project": a.project.slug})) == {a.pk}
    assert _ids(staff.get("/api/v1/allocations/", {"status": "exhausted"})) == {b.pk}
    assert _ids(staff.get("/api/v1/allocations/", {"active_on": "2027-03-01"})) == {a.pk, b.pk}
    assert _ids(staff.get("/api/v1/allocations/", {"active_on": "2027-07-01"})) == set()


def test_a_bad_filter_is_a_400_naming_it(two_sites):
    response = _as(UserFactory(is_staff=True)).get(
        "/api/v1/allocations/", {"active_on": "next tuesday", "site": "nowhere"}
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"active_on", "site"}


def test_the_schema_describes_the_site_key_scheme():
    schema = _as().get("/api/v1/schema/", {"format": "json"}).json()

    assert schema["components"]["securitySchemes"]["siteKey"]["type"] == "apiKey"
    operation = schema["paths"]["/api/v1/allocations/"]["get"]
    assert {"siteKey": []} in operation["security"]


def test_the_list_writes_each_allocation_as_its_serializer_does(two_sites):
    """The list reads plain rows for speed; every field must still be what the
    serializer (and so the schema and the detail page) says."""
    a, _b = two_sites
    a.used = a.granted / 3  # a remainder with decimals
    a.save()
    staff = UserFactory(is_staff=True)

    listed = _as(user=staff).get("/api/v1/allocations/").json()["results"]

    request = APIRequestFactory().get("/api/v1/allocations/")
    request.user = staff

    expected = AllocationSerializer(
        Allocation.objects.order_by("-start", "id"),
        many=True,
        context={"request": Request(request)},
    ).data
    assert listed == [dict(row) for row in expected]


def test_a_site_reads_its_allocations_as_the_serializer_writes_them(two_sites):
    """A key's list takes the site's slug from the key, not from a join: the same rows."""
    a, _b = two_sites
    a.used = a.granted / 7
    a.save()

    listed = _as(key=_key(a.resource.site)).get("/api/v1/allocations/").json()["results"]

    request = APIRequestFactory().get("/api/v1/allocations/")
    expected = AllocationSerializer(
        Allocation.objects.filter(pk=a.pk), many=True, context={"request": Request(request)}
    ).data
    assert listed == [dict(row) for row in expected]
    assert listed[0]["site"] == "site-a"
