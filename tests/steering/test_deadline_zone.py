"""Deadlines are entered in the chair's own time zone (the one on their profile)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from members.models import Profile
from steering.models import Case
from tests.steering.factories import CaseFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
WINTER = dt.datetime(2026, 12, 15, 14, 0, tzinfo=UTC)


def test_a_deadline_is_entered_in_the_chairs_zone(client, committee):
    chair = committee.chair.representative
    Profile.objects.filter(user=chair).update(time_zone="Asia/Tokyo")
    case = CaseFactory()
    client.force_login(chair)

    with time_machine.travel(WINTER, tick=False):
        response = client.post(
            reverse("steering:case_review_start", args=[case.pk]),
            {"review_deadline": "2026-12-20"},
        )

    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    # The end of 20 December in Tokyo, which is 14:59 UTC that day.
    assert case.review_deadline == dt.datetime(2026, 12, 20, 14, 59, tzinfo=UTC)


def test_without_a_zone_the_deadline_is_the_end_of_the_day_in_utc(client, committee):
    case = CaseFactory()
    client.force_login(committee.chair.representative)

    with time_machine.travel(WINTER, tick=False):
        client.post(
            reverse("steering:case_review_start", args=[case.pk]),
            {"review_deadline": "2026-12-20"},
        )

    assert Case.objects.get(pk=case.pk).review_deadline == dt.datetime(
        2026, 12, 20, 23, 59, tzinfo=UTC
    )
