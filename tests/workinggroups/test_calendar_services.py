"""The calendar files say what the services stored: series made, moved and cancelled through
the real services, exported, and expanded as a calendar program does (recurring-ical-events).
"""

from datetime import UTC, date, datetime, time

import pytest
import time_machine

from tests.factories import UserFactory, WorkingGroupFactory
from tests.workinggroups.test_calendars import expand, expected_starts, series_file, starts
from workinggroups.models import Meeting
from workinggroups.services.meetings import meeting_reschedule
from workinggroups.services.series import series_cancel_occurrence, series_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return UserFactory()


@pytest.fixture
def group(lead):
    return WorkingGroupFactory(slug="evaluation", proposer=lead)


@time_machine.travel(datetime(2026, 1, 20, 12, tzinfo=UTC), tick=False)
def test_a_chicago_series_made_moved_and_cancelled_exports_exactly_its_stored_meetings(
    client, lead, group
):
    series = series_create(
        group=group,
        actor=lead,
        title="Evaluation call",
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 2, 3),
        local_time=time(16, 0),
        time_zone="America/Chicago",
        until=date(2026, 4, 28),
    )
    meetings = list(series.meetings.order_by("start"))
    series_cancel_occurrence(meeting=meetings[2], actor=lead)
    meeting_reschedule(meeting=meetings[4], actor=lead, day=date(2026, 3, 5), at=time(9, 0))
    client.force_login(lead)

    shown = expand(series_file(client, series), through=date(2026, 12, 31))

    assert starts(shown) == expected_starts(series)
    assert len(shown) == len(meetings) - 1
    # Before and after the change to daylight-saving time on 8 March: 16:00 in Chicago.
    assert datetime(2026, 2, 3, 22, tzinfo=UTC) in starts(shown)
    assert datetime(2026, 3, 10, 21, tzinfo=UTC) in starts(shown)


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
def test_a_berlin_series_at_0230_exports_its_gap_occurrence_as_stored(client, lead, group):
    series = series_create(
        group=group,
        actor=lead,
        title="Night shift",
        rule="FREQ=WEEKLY;BYDAY=SU",
        first_day=date(2026, 3, 22),
        local_time=time(2, 30),
        time_zone="Europe/Berlin",
        until=date(2026, 4, 12),
    )
    client.force_login(lead)

    shown = expand(series_file(client, series), through=date(2026, 12, 31))

    assert starts(shown) == expected_starts(series)
    gap = Meeting.objects.get(series=series, start__date=date(2026, 3, 29))
    assert gap.start == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
