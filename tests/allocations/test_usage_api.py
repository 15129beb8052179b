"""POST /api/v1/usage/: a batch is all or nothing for invalid records, and per record
(created, duplicate, conflict) once valid; the ledger and `used` move together."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from projects.models import Allocation, UsageRecord
from tests.allocations.usage_world import (
    _ledgers_agree_afterwards,  # noqa: F401 - a fixture
    key_of,
    record,
    site_client,
    used,
)
from tests.factories import AllocationFactory
from tpc_portal.audit import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_ledgers_agree_afterwards")]

NOW = datetime(2027, 3, 20, 12, tzinfo=UTC)
URL = "/api/v1/usage/"


@pytest.fixture(autouse=True)
def _march(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def allocation():
    return AllocationFactory(granted=Decimal(100_000))


@pytest.fixture
def site(allocation):
    _key, plaintext = key_of(allocation.resource.site)
    return site_client(plaintext)


def _post(site, records):
    return site.post(URL, {"records": records}, format="json")


# --- Stored, once -----------------------------------------------------------------------------


def test_a_valid_batch_is_stored_and_counted(site, allocation):
    records = [record(allocation, day=day, amount="12.5") for day in range(1, 4)]

    response = _post(site, records)

    body = response.json()
    assert response.status_code == 200
    assert body["stored"] is True
    assert body["counts"] == {"created": 3, "duplicate": 0, "conflict": 0}
    assert [row["outcome"] for row in body["records"]] == ["created"] * 3
    assert [row["status"] for row in body["records"]] == [201] * 3
    stored = UsageRecord.objects.get(pk=body["records"][0]["id"])
    assert stored.record_id == records[0]["record_id"]
    assert stored.amount == Decimal("12.5")
    assert stored.site_user == "jdoe"
    assert stored.period_start == datetime(2027, 3, 1, tzinfo=UTC)
    assert used(allocation) == Decimal("37.5")
    allocation.refresh_from_db()
    assert allocation.last_usage == NOW
    assert AuditEntry.objects.get(verb="usage.reported").context["created"] == 3


def test_the_same_batch_twice_is_stored_once_with_the_same_answer(site, allocation):
    records = [record(allocation, day=day) for day in range(1, 6)]

    first = _post(site, records)
    second = _post(site, records)

    assert first.status_code == second.status_code == 200
    assert UsageRecord.objects.count() == 5
    assert used(allocation) == Decimal(50)
    assert second.json()["counts"] == {"created": 0, "duplicate": 5, "conflict": 0}
    for before, after in zip(first.json()["records"], second.json()["records"], strict=True):
        assert before | {"outcome": "duplicate", "status": 200} == after  # same ids, same order
    assert AuditEntry.objects.filter(verb="usage.reported").count() == 1  # nothing changed


def test_a_resend_in_another_time_zone_is_the_same_record(site, allocation):
    original = record(allocation, day=2)
    _post(site, [original])
    moved = original | {
        "period_start": "2027-03-02T01:00:00+01:00",
        "period_end": "2027-03-03T01:00:00+01:00",
        "amount": "10.000",
    }

    assert _post(site, [moved]).json()["records"][0]["outcome"] == "duplicate"


def test_a_conflicting_resend_is_refused_for_that_record_and_the_rest_is_stored(site, allocation):
    original = record(allocation, day=1, amount="10")
    _post(site, [original])
    changed = original | {"amount": "11"}
    fresh = record(allocation, day=2, amount="5")

    response = _post(site, [changed, fresh])

    body = response.json()
    assert response.status_code == 207
    assert body["stored"] is True
    assert body["counts"] == {"created": 1, "duplicate": 0, "conflict": 1}
    conflict = body["records"][0]
    assert conflict["status"] == 409
    assert conflict["outcome"] == "conflict"
    assert conflict["id"] == UsageRecord.objects.get(record_id=original["record_id"]).pk
    assert "credit or debit" in conflict["message"]
    assert UsageRecord.objects.get(record_id=original["record_id"]).amount == Decimal(10)
    assert used(allocation) == Decimal(15)


# --- Adjustments ---------------------------------------------------------------------------------


def test_a_credit_and_a_debit_adjust_the_original(site, allocation):
    original = record(allocation, day=1, amount="40")
    _post(site, [original])

    response = _post(
        site,
        [
            record(allocation, day=1, amount="15", kind="credit", adjusts=original["record_id"]),
            record(allocation, day=1, amount="5", kind="debit", adjusts=original["record_id"]),
        ],
    )

    assert response.status_code == 200
    assert used(allocation) == Decimal(30)
    credit, debit = UsageRecord.objects.exclude(kind="usage").order_by("kind")
    assert credit.amount == Decimal(-15)
    assert debit.amount == Decimal(5)
    assert credit.adjusts.record_id == debit.adjusts.record_id == original["record_id"]
    rows = site.get(URL, {"kind": "credit"}).json()["results"]
    assert [(row["adjusts"], row["amount"]) for row in rows] == [(original["record_id"], "-15.000")]


def test_an_original_and_its_adjustment_may_come_in_one_batch(site, allocation):
    original = record(allocation, day=1, amount="40")
    credit = record(allocation, day=1, amount="40", kind="credit", adjusts=original["record_id"])

    assert _post(site, [credit, original]).status_code == 200
    assert used(allocation) == 0


@pytest.mark.parametrize(
    ("adjustment", "field", "message"),
    [
        ({"kind": "credit", "amount": "41"}, "amount", "at most what the record still counts"),
        ({"kind": "credit", "adjusts": "no-such-record"}, "adjusts", "sent no record"),
        ({"kind": "credit", "adjusts": None}, "adjusts", "names the record it adjusts"),
        ({"kind": "usage"}, "adjusts", "Only a credit or a debit"),
    ],
)
def test_bad_adjustments_are_refused(site, allocation, adjustment, field, message):
    original = record(allocation, day=1, amount="40")
    _post(site, [original])
    earlier = record(allocation, day=1, amount="0.5", kind="debit", adjusts=original["record_id"])
    _post(site, [earlier])
    fields = {"kind": "credit", "adjusts": original["record_id"]} | adjustment
    bad = record(allocation, day=1, amount=fields.pop("amount", "10"), **fields)
    if bad["adjusts"] is None:
        del bad["adjusts"]

    response = _post(site, [bad])

    assert response.status_code == 400
    assert message in response.json()["errors"][f"records[0].{field}"][0]
    assert used(allocation) == Decimal("40.5")


def test_a_credit_on_another_allocation_than_its_original_is_refused(site, allocation):
    other = AllocationFactory(resource=allocation.resource, project=allocation.project)
    original = record(allocation, day=1, amount="40")
    _post(site, [original])

    response = _post(
        site, [record(other, day=1, amount="5", kind="credit", adjusts=original["record_id"])]
    )

    assert response.json()["errors"] == {
        "records[0].allocation": [f"The record it adjusts is on allocation {allocation.pk}."]
    }


# --- Invalid: nothing stored ---------------------------------------------------------------------


def test_three_bad_records_among_a_thousand_store_nothing_and_are_each_named(site, allocation):
    records = [record(allocation, day=1 + n % 19, amount="1") for n in range(1000)]
    records[10]["amount"] = "0"
    records[500]["unit"] = "node_hours"
    good_end, records[999]["period_end"] = records[999]["period_end"], "2027-07-02T00:00:00Z"

    response = _post(site, records)

    body = response.json()
    assert response.status_code == 400
    assert body["stored"] is False
    assert body["message"] == "Nothing was stored: 3 records are not valid."
    assert body["errors"] == {
        "records[10].amount": ["Must be more than zero (a correction is a credit or a debit)."],
        "records[500].unit": [
            f"Allocation {allocation.pk} is granted in gpu_hours, not node_hours."
        ],
        "records[999].period_end": [
            f"After allocation {allocation.pk} ends (2027-06-30, UTC).",
            "In the future: report usage once it happened.",
        ],
    }
    assert not UsageRecord.objects.exists()
    assert used(allocation) == 0

    records[10]["amount"], records[500]["unit"] = "1", "gpu_hours"
    records[999]["period_end"] = good_end
    fixed = _post(site, records)
    assert fixed.status_code == 200
    assert fixed.json()["counts"]["created"] == 1000
    assert used(allocation) == 1000


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "Must be more than zero"),
        ({"amount": "1.2345"}, "amount", "At most 3 decimal places."),
        ({"amount": "lots"}, "amount", "Give a number."),
        ({"amount": True}, "amount", "Give a number."),
        ({"unit": "parsecs"}, "unit", "One of: node_hours"),
        ({"unit": "node_hours"}, "unit", "is granted in gpu_hours"),
        ({"period_start": "2026-12-31T23:00:00Z"}, "period_start", "Before allocation"),
        ({"period_start": "2027-03-01T00:00:00"}, "period_start", "offset from UTC"),
        ({"period_start": "yesterday"}, "period_start", "ISO 8601"),
        ({"period_end": "2027-03-01T00:00:00Z"}, "period_end", "must end after it starts"),
        (
            {"period_start": "2027-03-21T00:00:00Z", "period_end": "2027-03-22T00:00:00Z"},
            "period_end",
            "In the future",
        ),
        ({"allocation": 987654}, "allocation", "Your site has no allocation 987654."),
        ({"allocation": "twelve"}, "allocation", "the allocation's id"),
        ({"record_id": ""}, "record_id", "may not be blank"),
        ({"record_id": "x" * 101}, "record_id", "At most 100 characters."),
        ({"record_id": None}, "record_id", "Give a text"),
        ({"kind": "refund"}, "kind", "One of: usage, credit, debit."),
        ({"colour": "blue"}, "colour", "Unknown field."),
        ({"user": ["a"]}, "user", "Give a text"),
    ],
)
def test_each_bad_field_is_refused_with_its_reason(site, allocation, change, field, message):
    bad = record(allocation, day=2) | change

    response = _post(site, [record(allocation, day=1), bad])

    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][f"records[1].{field}"])
    assert not UsageRecord.objects.exists()


def test_a_missing_field_is_named(site, allocation):
    bad = record(allocation)
    del bad["amount"], bad["unit"]

    errors = _post(site, [bad]).json()["errors"]

    assert errors == {
        "records[0].amount": ["This field is required."],
        "records[0].unit": ["This field is required."],
    }


def test_a_record_id_twice_in_one_batch_is_refused(site, allocation):
    one = record(allocation, day=1)

    errors = _post(site, [one, one | {"amount": "3"}]).json()["errors"]

    assert errors == {
        "records[1].record_id": ["This record id is in the batch already, at index 0."]
    }


@pytest.mark.parametrize(
    ("status", "end", "message"),
    [
        ("suspended", None, "is suspended: it takes no usage."),
        ("expired", date(2027, 3, 12), "ended on 2027-03-12: it takes no more usage."),
    ],
)
def test_a_suspended_or_long_ended_allocation_takes_no_usage(
    site, allocation, status, end, message
):
    Allocation.objects.filter(pk=allocation.pk).update(status=status, end=end or allocation.end)

    errors = _post(site, [record(allocation, day=1)]).json()["errors"]

    assert errors == {"records[0].allocation": [f"Allocation {allocation.pk} {message}"]}


def test_late_records_of_a_just_ended_allocation_are_still_taken(site, allocation):
    Allocation.objects.filter(pk=allocation.pk).update(status="expired", end=date(2027, 3, 14))

    assert _post(site, [record(allocation, day=14)]).status_code == 200
    assert used(allocation) == 10


def test_an_exhausted_allocation_still_takes_what_was_used(site, allocation):
    _post(site, [record(allocation, day=1, amount=allocation.granted)])
    allocation.refresh_from_db()
    assert allocation.status == Allocation.Status.EXHAUSTED

    assert _post(site, [record(allocation, day=2)]).status_code == 200
    assert used(allocation) == allocation.granted + 10


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "This field is required."),
        ({"records": {"a": 1}}, "Send the records as a list."),
        ({"records": []}, "Send at least one record."),
        ({"records": ["x"] * 1001}, "At most 1000 records in a batch."),
        ([1, 2], "This field is required."),
    ],
)
def test_a_batch_that_is_not_a_list_of_up_to_a_thousand_is_refused(site, body, message):
    response = site.post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["stored"] is False
    assert response.json()["errors"]["records"] == [message]


def test_a_record_that_is_not_an_object_is_refused(site, allocation):
    errors = _post(site, [record(allocation), "job-1"]).json()["errors"]

    assert errors == {"records[1].non_field_errors": ["A record is an object of named fields."]}


def test_a_body_that_is_not_json_is_refused(site):
    response = site.post(URL, "{nope", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["stored"] is False
    assert response.json()["message"].startswith("The body is not JSON")


def test_amounts_are_read_as_exact_decimals(site, allocation):
    body = json.dumps({"records": [record(allocation) | {"amount": 0.1}]})

    site.post(URL, body, content_type="application/json")
    site.post(
        URL,
        json.dumps({"records": [record(allocation, day=2) | {"amount": 0.2}]}),
        content_type="application/json",
    )

    assert used(allocation) == Decimal("0.3")


# --- Efficient --------------------------------------------------------------------------------


def test_a_thousand_records_take_a_handful_of_queries(
    site, allocation, django_assert_max_num_queries
):
    other = AllocationFactory(resource=allocation.resource, granted=Decimal(100_000))
    records = [
        record(allocation if n % 2 else other, day=1 + n % 19, amount="1") for n in range(1000)
    ]

    # The key and its last use, then: lock the allocations, read the stored ids, insert,
    # update the totals, the audit entry (and the savepoint around them).
    with django_assert_max_num_queries(10):
        response = _post(site, records)

    assert response.json()["counts"]["created"] == 1000


# --- Reading the ledger ---------------------------------------------------------------------------


def test_a_team_reads_its_projects_ledger_and_nobody_elses(site, allocation, client):
    from tests.factories import UserFactory

    _post(site, [record(allocation, day=1), record(allocation, day=2)])
    stranger = AllocationFactory()
    _key, theirs = key_of(stranger.resource.site)
    _post(site_client(theirs), [record(stranger)])
    pi = allocation.project.created_by

    from rest_framework.test import APIClient

    team, outsider, staff = APIClient(), APIClient(), APIClient()
    team.force_authenticate(pi)
    outsider.force_authenticate(UserFactory())
    staff.force_authenticate(UserFactory(is_staff=True))

    assert {row["allocation"] for row in team.get(URL).json()["results"]} == {allocation.pk}
    assert team.get(URL).json()["count"] == 2
    assert outsider.get(URL).json()["count"] == 0
    assert staff.get(URL).json()["count"] == 3


def test_the_ledger_filters_by_allocation_and_period(site, allocation):
    other = AllocationFactory(resource=allocation.resource)
    _post(site, [record(allocation, day=day) for day in (1, 5, 9)] + [record(other, day=5)])

    def count(**query):
        return site.get(URL, query).json()["count"]

    assert count(allocation=allocation.pk) == 3
    assert count(allocation=allocation.pk, period_after="2027-03-05T12:00:00Z") == 2
    assert count(period_before="2027-03-05T00:00:00Z") == 1
    assert count(period_after="2027-03-05T00:00:00Z", period_before="2027-03-06T00:00:00Z") == 2
    assert site.get(URL, {"period_after": "soon"}).status_code == 400


def test_the_ledger_reads_a_constant_number_of_queries(
    site, allocation, django_assert_max_num_queries
):
    _post(site, [record(allocation, day=1 + n % 19) for n in range(5)])
    with django_assert_max_num_queries(10) as few:
        assert site.get(URL).status_code == 200
    baseline = len(few.captured_queries)  # before the next request resets the query log

    _post(site, [record(allocation, day=1 + n % 19) for n in range(500)])
    with django_assert_max_num_queries(baseline):
        assert site.get(URL, {"page_size": 100}).json()["count"] == 505
