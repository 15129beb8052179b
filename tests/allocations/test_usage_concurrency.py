"""Batches at the same moment, each request in its own thread with its own connection, on
PostgreSQL: nothing is counted twice, and each threshold is told once."""

import io
import threading
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from notifications.models import Notification
from projects.models import Allocation, UsageRecord
from tests.allocations.usage_world import key_of, record, site_client, used
from tests.factories import AllocationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NOW = datetime(2027, 3, 20, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _march(time_machine):
    time_machine.move_to(NOW, tick=False)


def _at_once(calls):
    """Run the calls in threads released together; their answers, in order."""
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)
    failures: list = []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            answers[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    return answers


def _post(plaintext, records):
    def call():
        return site_client(plaintext).post("/api/v1/usage/", {"records": records}, format="json")

    return call


def _ledgers_agree():
    call_command("check_ledgers", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_same_batch_four_times_at_once_is_counted_once():
    allocation = AllocationFactory(granted=Decimal(1_000_000))
    _key, plaintext = key_of(allocation.resource.site)
    batch = [record(allocation, day=1 + n % 19, amount="2.5") for n in range(300)]

    answers = _at_once([_post(plaintext, batch)] * 4)

    assert [answer.status_code for answer in answers] == [200] * 4
    counts = [answer.json()["counts"] for answer in answers]
    assert sum(count["created"] for count in counts) == 300
    assert sum(count["duplicate"] for count in counts) == 900
    assert UsageRecord.objects.count() == 300
    assert used(allocation) == Decimal(750)
    ids = [[row["id"] for row in answer.json()["records"]] for answer in answers]
    assert ids[0] == ids[1] == ids[2] == ids[3]
    _ledgers_agree()


def test_two_sites_with_the_same_record_ids_at_once_each_count_their_own():
    ours, theirs = AllocationFactory(), AllocationFactory()
    _key, our_key = key_of(ours.resource.site)
    _key, their_key = key_of(theirs.resource.site)
    our_batch = [record(ours, day=1 + n % 19, amount="1") for n in range(200)]
    their_batch = [row | {"allocation": theirs.pk} for row in our_batch]

    answers = _at_once([_post(our_key, our_batch), _post(their_key, their_batch)] * 2)

    assert [answer.status_code for answer in answers] == [200] * 4
    assert used(ours) == used(theirs) == Decimal(200)
    assert UsageRecord.objects.filter(site=ours.resource.site).count() == 200
    assert UsageRecord.objects.filter(site=theirs.resource.site).count() == 200
    _ledgers_agree()


def test_one_record_id_on_two_allocations_of_a_site_at_once_is_stored_once():
    first = AllocationFactory()
    second = AllocationFactory(resource=first.resource)
    _key, plaintext = key_of(first.resource.site)
    mine = [record(first, amount="1") for _ in range(50)]
    clash = [row | {"allocation": second.pk} for row in mine]

    answers = _at_once([_post(plaintext, mine), _post(plaintext, clash)])

    assert sorted(answer.status_code for answer in answers) == [200, 207]
    assert UsageRecord.objects.count() == 50
    assert used(first) + used(second) == Decimal(50)
    _ledgers_agree()


def test_thresholds_are_told_once_under_concurrent_batches():
    allocation = AllocationFactory(granted=Decimal(1000))
    pi = allocation.project.created_by
    _key, plaintext = key_of(allocation.resource.site)
    # Ten batches of 10 percent each: 80 percent is passed by the eighth, 100 by the tenth,
    # whichever order the locks give them.
    batches = [[record(allocation, day=1 + n, amount="100")] for n in range(10)]

    answers = _at_once([_post(plaintext, batch) for batch in batches])

    assert [answer.status_code for answer in answers] == [200] * 10
    told = Notification.objects.filter(recipient=pi, kind="projects.allocation_threshold")
    assert sorted(told.values_list("context__percent", flat=True)) == [80, 100]
    allocation.refresh_from_db()
    assert allocation.used == Decimal(1000)
    assert allocation.status == Allocation.Status.EXHAUSTED
    _ledgers_agree()
