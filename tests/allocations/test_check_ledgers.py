"""`manage.py check_ledgers`: stored totals against the ledger."""

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from projects.models import Allocation
from tests.allocations.usage_world import key_of, record, site_client
from tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db


def _check() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check_ledgers", stdout=out, stderr=io.StringIO())
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_the_ledgers_agree_after_usage_and_adjustments(time_machine):
    time_machine.move_to(datetime(2027, 3, 20, tzinfo=UTC), tick=False)
    allocation = AllocationFactory()
    AllocationFactory()  # nothing used, nothing in its ledger
    _key, plaintext = key_of(allocation.resource.site)
    site = site_client(plaintext)
    original = record(allocation, amount="40.125")
    site.post("/api/v1/usage/", {"records": [original]}, format="json")
    credit = record(allocation, amount="0.125", kind="credit", adjusts=original["record_id"])
    site.post("/api/v1/usage/", {"records": [credit]}, format="json")

    assert _check() == (0, "Every allocation's used total matches its ledger.\n")


def test_a_mismatch_is_listed_and_fails():
    allocation = AllocationFactory()
    Allocation.objects.filter(pk=allocation.pk).update(used=Decimal("12.5"))

    code, out = _check()

    assert code == 1
    assert f"allocation {allocation.pk} " in out
    assert "used 12.500, ledger 0" in out
