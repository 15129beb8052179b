"""Every answer of POST /api/v1/usage/ (200, 207, 400, 401, 403) is what the published
schema says, and the schema names the site-key scheme."""

from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from tests.allocations.usage_world import key_of, record, site_client
from tests.factories import AllocationFactory, UserFactory
from tests.portal.test_schema_contract import _validate

pytestmark = pytest.mark.django_db

URL = "/api/v1/usage/"


@pytest.fixture
def published():
    return APIClient().get("/api/v1/schema/", {"format": "json"}).json()


def test_every_answer_of_a_usage_report_matches_the_schema(published, time_machine):
    time_machine.move_to(datetime(2027, 3, 20, 12, tzinfo=UTC), tick=False)
    allocation = AllocationFactory()
    _key, plaintext = key_of(allocation.resource.site)
    site = site_client(plaintext)
    first = record(allocation, day=1)
    person = APIClient()
    person.force_authenticate(UserFactory())
    operation = published["paths"][URL]["post"]

    answers = [
        site.post(URL, {"records": [first]}, format="json"),  # 200
        site.post(URL, {"records": [first | {"amount": "99"}]}, format="json"),  # 207
        site.post(URL, {"records": [first | {"unit": "x"}]}, format="json"),  # 400
        site.post(URL, "{", content_type="application/json"),  # 400, not JSON
        APIClient().post(URL, {}, format="json"),  # 401
        person.post(URL, {}, format="json"),  # 403
    ]

    assert [answer.status_code for answer in answers] == [200, 207, 400, 400, 401, 403]
    for answer in answers:
        _validate(published, operation, answer.status_code, answer.json())
    assert operation["security"] == [{"siteKey": []}]
    assert published["components"]["securitySchemes"]["siteKey"]["type"] == "apiKey"
    assert "nothing is stored" in operation["description"]
