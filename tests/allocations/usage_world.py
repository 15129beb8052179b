"""Helpers of the usage tests: a site's key, an API client speaking with it, records."""

import datetime
import io
import itertools
from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from projects.models import Allocation
from projects.services.site_keys import site_key_create

_ids = itertools.count(1)


def key_of(site, **kwargs):
    """A new key of the site, and its clear text."""
    return site_key_create(actor=None, site=site, name=kwargs.pop("name", "tests"), **kwargs)


def site_client(plaintext: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {plaintext}")
    return api


def record(allocation: Allocation, *, day: int = 1, amount="10", **fields) -> dict:
    """One day of usage in March 2027 on the allocation, as a site sends it."""
    start = datetime.datetime(2027, 3, day, tzinfo=datetime.UTC)
    return {
        "record_id": f"job-{next(_ids)}",
        "allocation": allocation.pk,
        "period_start": start.isoformat(),
        "period_end": (start + datetime.timedelta(days=1)).isoformat(),
        "amount": str(amount),
        "unit": allocation.resource.unit,
        "user": "jdoe",
    } | fields


def used(allocation: Allocation) -> Decimal:
    allocation.refresh_from_db()
    return allocation.used


def secure_staff():
    """A staff member with an authenticator app: what staff pages ask for."""
    from allauth.mfa.models import Authenticator

    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return staff


@pytest.fixture
def _ledgers_agree_afterwards():
    """After the test, `check_ledgers` finds every allocation's total equal to its ledger."""
    yield
    out = io.StringIO()
    try:
        call_command("check_ledgers", stdout=out, stderr=io.StringIO())
    except SystemExit:
        pytest.fail(f"The ledgers do not agree:\n{out.getvalue()}")
