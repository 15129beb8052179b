"""The end of the meetings engineer's meeting page: workinggroups/includes/meeting_record.html
links the group's members to the meeting's record; others see nothing of it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.workinggroups.record_world import *  # noqa: F403 - the fixtures

pytestmark = pytest.mark.django_db


def _render(world, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "workinggroups/includes/meeting_record.html",
        {"meeting": world.meeting, "group": world.group, "user": user},
        request=request,
    )


def test_members_get_the_links_to_the_record(world):
    html = _render(world, world.member)

    assert f"/groups/evaluation/meetings/{world.meeting.pk}/record/" in html
    assert f"/groups/evaluation/action-items/new/?meeting={world.meeting.pk}" in html
    assert "Record attendance" not in html


def test_leads_get_the_attendance_link_too(world):
    assert "Record attendance" in _render(world, world.lead)


@pytest.mark.parametrize("who", ["outsider", "visitor"])
def test_others_see_nothing(world, who):
    user = AnonymousUser() if who == "visitor" else world.outsider

    assert _render(world, user).strip() == ""
