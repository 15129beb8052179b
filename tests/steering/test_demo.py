"""`manage.py seed_demo` seats a committee and opens applications at different stages."""

import io

import pytest
from django.core.management import call_command

from steering import demo
from steering.models import Case, Seat
from tpc_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_seed_demo_seats_a_committee_and_opens_applications_idempotently(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Seat.objects.count(), Case.objects.count(), AuditEntry.objects.count())

    assert list(demo.seed()) == []
    assert (Seat.objects.count(), Case.objects.count(), AuditEntry.objects.count()) == counts
    assert Seat.objects.get(role=Seat.Role.CHAIR).representative.email == demo.CHAIR_EMAIL
    assert Seat.objects.filter(role=Seat.Role.VICE_CHAIR).exists()
    memberships = Case.objects.filter(kind=Case.Kind.MEMBERSHIP)  # the groups' charters too
    assert sorted(memberships.values_list("status", flat=True)) == [
        "approved",
        "in_review",
        "in_review",
        "submitted",
    ]
    voting = Case.objects.get(name__contains="Kestrel")
    assert voting.ballots.get().votes.exists()
