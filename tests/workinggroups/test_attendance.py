"""Attendance: a lead records who was at a meeting that has started; the set replaces the
one before; only the group's members; audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.workinggroups.record_world import *  # noqa: F403 - the fixtures
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError
from workinggroups.models import Attendance, Meeting, Membership
from workinggroups.services.minutes import attendance_record

pytestmark = pytest.mark.django_db


def _present(meeting):
    return set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True))


def test_recording_replaces_the_set_recorded_before(world):
    attendance_record(actor=world.lead, meeting=world.meeting, present=[world.lead, world.member])

    attendance_record(
        actor=world.lead, meeting=world.meeting, present=[world.member, world.other_member]
    )

    assert _present(world.meeting) == {world.member.pk, world.other_member.pk}
    entry = list(audit_of(world.meeting))[-1]
    assert entry.verb == "attendance.recorded"
    assert entry.before == {"present": sorted([world.lead.pk, world.member.pk])}
    assert entry.after == {"present": sorted([world.member.pk, world.other_member.pk])}


def test_only_members_of_the_group_can_be_recorded_present(world):
    with pytest.raises(ApplicationError, match="Only the group's members") as refused:
        attendance_record(
            actor=world.lead, meeting=world.meeting, present=[world.member, world.outsider]
        )

    assert "present" in refused.value.errors
    assert _present(world.meeting) == set()


def test_someone_who_left_since_stays_recorded(world):
    attendance_record(actor=world.lead, meeting=world.meeting, present=[world.member])
    Membership.objects.filter(user=world.member).delete()

    attendance_record(
        actor=world.lead, meeting=world.meeting, present=[world.member, world.other_member]
    )

    assert _present(world.meeting) == {world.member.pk, world.other_member.pk}


def test_attendance_waits_until_the_meeting_has_started(world):
    with pytest.raises(ApplicationError, match="not started"):
        attendance_record(actor=world.lead, meeting=world.upcoming, present=[world.member])


def test_a_cancelled_meeting_has_no_attendance(world):
    world.meeting.status = Meeting.Status.CANCELLED
    world.meeting.save()

    with pytest.raises(ApplicationError, match="cancelled"):
        attendance_record(actor=world.lead, meeting=world.meeting, present=[world.member])


def test_only_leads_record_attendance(world):
    with pytest.raises(PermissionDenied):
        attendance_record(actor=world.member, meeting=world.meeting, present=[world.member])


def test_the_page_form_records_and_shows_who_was_there(client, world):
    client.force_login(world.lead)
    url = reverse("workinggroups:attendance", args=[world.group.slug, world.meeting.pk])

    response = client.post(url, {"present": [world.member.pk, world.other_member.pk]})
    page = client.get(
        reverse("workinggroups:minutes", args=[world.group.slug, world.meeting.pk])
    ).content.decode()

    assert response.status_code == 302
    assert _present(world.meeting) == {world.member.pk, world.other_member.pk}
    assert "Mira Member" in page
    assert "Otto Other" in page


def test_the_page_refuses_an_outsider_in_the_list_with_400(client, world):
    client.force_login(world.lead)
    url = reverse("workinggroups:attendance", args=[world.group.slug, world.meeting.pk])

    response = client.post(url, {"present": [world.outsider.pk]})

    assert response.status_code == 400
    assert _present(world.meeting) == set()


def test_members_read_attendance_but_see_no_form(client, world):
    attendance_record(actor=world.lead, meeting=world.meeting, present=[world.other_member])
    client.force_login(world.member)

    page = client.get(
        reverse("workinggroups:minutes", args=[world.group.slug, world.meeting.pk])
    ).content.decode()

    assert "Otto Other" in page
    assert "Record attendance</button>" not in page
