"""`manage.py seed_demo` charters about a dozen working groups through the committee, with
leads, members and waiting requests, and changes nothing when run again (issue 11, item 12)."""

import io

import pytest
from django.core.management import call_command

from steering.models import Case
from workinggroups import demo
from workinggroups.models import Membership, WorkingGroup

pytestmark = pytest.mark.django_db


def test_seed_demo_charters_groups_with_leads_and_members_idempotently():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (WorkingGroup.objects.count(), Membership.objects.count(), Case.objects.count())

    assert list(demo.seed()) == []
    assert (
        WorkingGroup.objects.count(),
        Membership.objects.count(),
        Case.objects.count(),
    ) == counts
    active = WorkingGroup.objects.filter(status=WorkingGroup.Status.ACTIVE)
    assert active.count() == len(demo.GROUPS)
    assert WorkingGroup.objects.filter(status=WorkingGroup.Status.PROPOSED).count() == 1
    for group in active:
        assert group.memberships.filter(role="lead", status="active").exists(), group
        assert group.memberships.filter(role="member").count() >= 5, group
    assert Membership.objects.filter(user__email=demo.LEAD_EMAIL, role="lead").count() == 2
    assert Membership.objects.filter(
        group__slug="data-curation", status="pending", user__email=demo.MEMBER_EMAIL
    ).exists()
    assert Case.objects.filter(kind=Case.Kind.CHARTER, status=Case.Status.APPROVED).count() == 12
