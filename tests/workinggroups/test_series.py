"""Recurring series: stored occurrences across DST, the rolling horizon, and changing one
occurrence, this and the following ones, or all of them."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from tests.workinggroups.meeting_helpers import VIDEO, make_world, notices_of, weekly_chicago
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError
from workinggroups.models import Meeting, Series
from workinggroups.recurrence import occurrences
from workinggroups.services.meetings import meeting_reschedule
from workinggroups.services.series import (
    Scope,
    pattern_of,
    series_cancel_occurrence,
    series_change,
    series_create,
    series_extend_horizon,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 20, 12, tzinfo=UTC)
SCHEDULED = "workinggroups.meeting_scheduled"
MOVED = "workinggroups.meeting_moved"


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        yield make_world()


def _meetings(series: Series) -> list[Meeting]:
    return list(Meeting.objects.filter(series=series).order_by("start"))


def _at(series: Series, day: date) -> Meeting:
    return next(
        m for m in _meetings(series) if m.start.astimezone(pattern_of(series).zone).date() == day
    )


def _edit(meeting: Meeting, actor, scope, **changes):
    """series_change with the values the edit form shows for this meeting, and changes."""
    zone = pattern_of(meeting.series).zone
    local = meeting.start.astimezone(zone)
    values = {
        "title": meeting.title,
        "agenda": meeting.agenda,
        "location": meeting.location,
        "video_link": meeting.video_link,
        "duration_minutes": meeting.duration_minutes,
        "time_zone": meeting.time_zone,
        "day": local.date(),
        "at": local.time(),
        "alternate_time": meeting.series.alternate_time,
        "rule": None,
        "until": meeting.series.until,
    } | changes
    return series_change(meeting=meeting, actor=actor, scope=scope, **values)


def test_a_series_stores_six_months_of_occurrences_at_16_chicago_across_dst(world):
    series = weekly_chicago(world)
    meetings = _meetings(series)

    assert len(meetings) == 25  # 3 Feb to 14 Jul (the horizon is 183 days from 20 Jan)
    assert meetings[0].start == datetime(2026, 2, 3, 22, tzinfo=UTC)
    assert meetings[4].start == datetime(2026, 3, 3, 22, tzinfo=UTC)
    assert meetings[5].start == datetime(2026, 3, 10, 21, tzinfo=UTC)  # after 8 March
    assert all(m.occurrence == m.start and not m.detached for m in meetings)
    assert {m.video_link for m in meetings} == {VIDEO}
    # What is stored is what the rule expands to.
    expanded = occurrences(pattern_of(series), after=NOW, before=series.generated_until)
    assert [o.start for o in expanded] == [m.start for m in meetings]


def test_a_new_series_is_one_notice_per_member_not_one_per_occurrence(world):
    weekly_chicago(world)
    assert len(notices_of(world.berlin, SCHEDULED)) == 1
    assert notices_of(world.lead, SCHEDULED) == []


def test_a_berlin_series_crosses_both_changes_at_15_local(world):
    series = weekly_chicago(
        world,
        rule="FREQ=WEEKLY;BYDAY=TH",
        first_day=date(2026, 3, 19),
        local_time=time(15),
        time_zone="Europe/Berlin",
    )
    with time_machine.travel(datetime(2026, 9, 1, tzinfo=UTC), tick=False):
        series_extend_horizon()
    by_day = {m.start.date(): m.start.hour for m in _meetings(series)}
    assert (by_day[date(2026, 3, 26)], by_day[date(2026, 4, 2)]) == (14, 13)
    assert (by_day[date(2026, 10, 22)], by_day[date(2026, 10, 29)]) == (13, 14)


def test_a_monthly_series_on_the_31st_and_on_the_last_day(world):
    on_31st = weekly_chicago(
        world, rule="FREQ=MONTHLY;BYMONTHDAY=31", first_day=date(2026, 1, 31), title="31st"
    )
    last = weekly_chicago(
        world, rule="FREQ=MONTHLY;BYMONTHDAY=-1", first_day=date(2026, 1, 31), title="Last"
    )
    zone = pattern_of(on_31st).zone
    assert [m.start.astimezone(zone).day for m in _meetings(on_31st)] == [31, 31, 31]
    assert [m.start.astimezone(zone).day for m in _meetings(last)] == [31, 28, 31, 30, 31, 30]


def test_a_0230_berlin_series_meets_at_0330_on_the_day_of_the_gap(world):
    series = weekly_chicago(
        world,
        rule="FREQ=WEEKLY;BYDAY=SU",
        first_day=date(2026, 3, 22),
        local_time=time(2, 30),
        time_zone="Europe/Berlin",
    )
    starts = [m.start for m in _meetings(series)[:3]]
    assert starts == [
        datetime(2026, 3, 22, 1, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 4, 5, 0, 30, tzinfo=UTC),
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_day": date(2026, 2, 2)}, "first_day"),  # a Monday, the rule says Tuesday
        ({"rule": "FREQ=HOURLY"}, "rule"),
        ({"rule": "FREQ=WEEKLY;BYDAY=TU;COUNT=3", "until": date(2026, 3, 1)}, "until"),
        ({"until": date(2026, 1, 1)}, "until"),
        ({"first_day": date(2026, 1, 13)}, "first_day"),  # in the past
        ({"time_zone": "Nowhere/Atlantis"}, "time_zone"),
    ],
)
def test_a_series_that_cannot_be_kept_is_refused_beside_its_field(world, overrides, field):
    with pytest.raises(ApplicationError) as refused:
        weekly_chicago(world, **overrides)
    assert field in refused.value.errors
    assert not Series.objects.exists()


def test_a_series_ends_by_count(world):
    series = weekly_chicago(world, rule="FREQ=WEEKLY;BYDAY=TU;COUNT=3")
    assert len(_meetings(series)) == 3


def test_the_horizon_moves_on_once_a_day_and_running_twice_adds_nothing(world):
    series = weekly_chicago(world)
    assert series_extend_horizon() == 0
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        assert series_extend_horizon() == 1
        assert series_extend_horizon() == 0
    assert len(_meetings(series)) == 26


def test_the_horizon_skips_past_occurrences_it_missed(world):
    series = weekly_chicago(world)
    with time_machine.travel(NOW + timedelta(days=400), tick=False):
        series_extend_horizon()
        late = [m for m in _meetings(series) if m.start > NOW + timedelta(days=200)]
    assert late
    assert min(m.start for m in late) > NOW + timedelta(days=400)


def test_a_cancelled_occurrence_keeps_its_date_uid_and_place_and_is_not_regenerated(world):
    series = weekly_chicago(world)
    meeting = _at(series, date(2026, 2, 17))
    cancelled = series_cancel_occurrence(meeting=meeting, actor=world.lead)
    assert (cancelled.status, cancelled.start, cancelled.uid) == (
        "cancelled",
        meeting.start,
        meeting.uid,
    )
    assert (cancelled.sequence, cancelled.series, cancelled.detached) == (1, series, False)
    with time_machine.travel(NOW + timedelta(days=30), tick=False):
        series_extend_horizon()
    assert Meeting.objects.filter(series=series, occurrence=meeting.occurrence).count() == 1


def test_changing_this_occurrence_only_detaches_it(world):
    series = weekly_chicago(world)
    meeting = _at(series, date(2026, 2, 17))
    moved = _edit(meeting, world.lead, Scope.THIS, at=time(17), title="Special")
    assert (moved.start, moved.occurrence) == (
        datetime(2026, 2, 17, 23, tzinfo=UTC),
        meeting.occurrence,
    )
    assert (moved.detached, moved.sequence, moved.title) == (True, 2, "Special")
    others = [m for m in _meetings(series) if m.pk != meeting.pk]
    assert {(m.title, m.sequence, m.start.hour) for m in others[4:]} == {("Evaluation sync", 0, 21)}


def test_this_and_following_splits_the_series_there(world):
    series = weekly_chicago(world)
    before = _at(series, date(2026, 2, 10))
    edited = _at(series, date(2026, 2, 17))
    later = _at(series, date(2026, 3, 3))
    cancelled = series_cancel_occurrence(meeting=_at(series, date(2026, 3, 10)), actor=world.lead)

    shown = _edit(edited, world.lead, Scope.FOLLOWING, at=time(17), location="Room 202")

    series.refresh_from_db()
    assert (series.until, series.sequence) == (date(2026, 2, 16), 1)
    continued = Series.objects.get(split_from=series)
    assert (continued.first_day, continued.local_time, continued.location) == (
        date(2026, 2, 17),
        time(17),
        "Room 202",
    )
    assert [m.start.day for m in _meetings(series)] == [3, 10]
    assert _meetings(series)[1].pk == before.pk
    # The stored meetings from that day on are kept (same UID), moved to the new time.
    assert shown.pk == edited.pk
    assert shown.series == continued
    moved_later = Meeting.objects.get(pk=later.pk)
    assert (moved_later.series, moved_later.start, moved_later.sequence) == (
        continued,
        datetime(2026, 3, 3, 23, tzinfo=UTC),
        1,
    )
    assert Meeting.objects.get(pk=cancelled.pk).status == "cancelled"
    assert len(notices_of(world.berlin, MOVED)) == 1
    verbs = [entry.verb for entry in audit_of(series)]
    assert "series.split" in verbs


def test_this_and_following_on_another_weekday_starts_there(world):
    series = weekly_chicago(world)
    edited = _at(series, date(2026, 2, 17))
    shown = _edit(
        edited, world.lead, Scope.FOLLOWING, day=date(2026, 2, 18), rule="FREQ=WEEKLY;BYDAY=WE"
    )
    continued = Series.objects.get(split_from=series)
    assert shown.series == continued
    assert shown.start.astimezone(pattern_of(continued).zone).date() == date(2026, 2, 18)
    assert not Meeting.objects.filter(pk=edited.pk).exists()


def test_this_and_following_from_the_first_meeting_changes_the_series_itself(world):
    series = weekly_chicago(world)
    first = _meetings(series)[0]
    _edit(first, world.lead, Scope.FOLLOWING, at=time(10))
    series.refresh_from_db()
    assert (series.local_time, series.sequence) == (time(10), 1)
    assert not Series.objects.filter(split_from=series).exists()
    assert Meeting.objects.get(pk=first.pk).start == datetime(2026, 2, 3, 16, tzinfo=UTC)


def test_all_changes_future_undetached_occurrences_and_never_the_past(world):
    series = weekly_chicago(world)
    special = _edit(_at(series, date(2026, 3, 3)), world.lead, Scope.THIS, title="Special")
    own_agenda = _at(series, date(2026, 3, 10))
    Meeting.objects.filter(pk=own_agenda.pk).update(agenda="Our own agenda")
    existing = {m.pk for m in _meetings(series)}
    with time_machine.travel(datetime(2026, 2, 12, tzinfo=UTC), tick=False):
        past = _meetings(series)[:2]
        edited = _at(series, date(2026, 2, 17))
        _edit(
            edited,
            world.lead,
            Scope.ALL,
            title="Evaluation weekly",
            location="Room 7",
            standing_agenda="1. Round table",
        )
    series.refresh_from_db()
    assert (series.title, series.sequence, series.agenda) == (
        "Evaluation weekly",
        1,
        "1. Round table",
    )
    for meeting in past:
        assert Meeting.objects.get(pk=meeting.pk).title == "Evaluation sync"
    after = {m.pk: m for m in _meetings(series)}
    assert after[special.pk].title == "Special"
    assert after[own_agenda.pk].agenda == "Our own agenda"
    assert after[own_agenda.pk].title == "Evaluation weekly"
    untouched = {special.pk, own_agenda.pk, *(p.pk for p in past)}
    changed = [m for m in after.values() if m.pk in existing - untouched]
    assert len(changed) == 21
    assert {(m.title, m.location, m.sequence) for m in changed} == {
        ("Evaluation weekly", "Room 7", 1)
    }
    # The horizon moved on with the change: the new ones are the series' as it is now.
    added = [m for m in after.values() if m.pk not in existing]
    assert {(m.title, m.agenda, m.sequence) for m in added} == {
        ("Evaluation weekly", "1. Round table", 0)
    }
    assert notices_of(world.berlin, MOVED) == []  # nothing moved


def test_all_with_a_new_time_continues_a_series_that_has_met_in_a_new_one(world):
    series = weekly_chicago(world)
    with time_machine.travel(datetime(2026, 2, 12, tzinfo=UTC), tick=False):
        _edit(_at(series, date(2026, 3, 3)), world.lead, Scope.ALL, at=time(9))
    series.refresh_from_db()
    continued = Series.objects.get(split_from=series)
    assert series.until == date(2026, 2, 16)
    assert (continued.first_day, continued.local_time) == (date(2026, 2, 17), time(9))
    assert [m.start.hour for m in _meetings(series)] == [22, 22]
    assert _meetings(continued)[0].start == datetime(2026, 2, 17, 15, tzinfo=UTC)
    assert len(notices_of(world.tokyo, MOVED)) == 1


def test_all_with_a_new_time_before_the_first_meeting_changes_the_series_in_place(world):
    series = weekly_chicago(world)
    _edit(_at(series, date(2026, 3, 3)), world.lead, Scope.ALL, at=time(9))
    series.refresh_from_db()
    assert series.local_time == time(9)
    assert not Series.objects.filter(split_from=series).exists()
    assert {m.start.astimezone(pattern_of(series).zone).hour for m in _meetings(series)} == {9}


def test_all_may_not_change_the_days_the_series_meets_on(world):
    series = weekly_chicago(world)
    with pytest.raises(ApplicationError) as refused:
        _edit(_meetings(series)[2], world.lead, Scope.ALL, rule="FREQ=WEEKLY;BYDAY=WE")
    assert "rule" in refused.value.errors


def test_a_rotating_series_alternates_and_keeps_its_turn_when_split(world):
    series = weekly_chicago(world, alternate_time=time(8))
    hours = [m.start.astimezone(pattern_of(series).zone).hour for m in _meetings(series)[:4]]
    assert hours == [16, 8, 16, 8]
    # 10 Feb is at the alternate time: the form shows 08:00 first, 16:00 as the other.
    edited = _at(series, date(2026, 2, 10))
    _edit(edited, world.lead, Scope.FOLLOWING, at=time(8), alternate_time=time(16), location="X")
    continued = Series.objects.get(split_from=series)
    zone = pattern_of(continued).zone
    assert [m.start.astimezone(zone).hour for m in _meetings(continued)[:3]] == [8, 16, 8]


def test_an_occurrence_moved_alone_is_left_by_all_but_its_day_is_kept(world):
    series = weekly_chicago(world)
    meeting = _at(series, date(2026, 3, 3))
    meeting_reschedule(meeting=meeting, actor=world.lead, day=date(2026, 3, 4), at=time(11))
    _edit(_at(series, date(2026, 2, 17)), world.lead, Scope.ALL, at=time(9))
    kept = Meeting.objects.get(pk=meeting.pk)
    assert kept.start == datetime(2026, 3, 4, 17, tzinfo=UTC)  # its own time, untouched
    assert kept.occurrence == datetime(2026, 3, 3, 15, tzinfo=UTC)  # re-keyed to 09:00 CST
    assert kept.detached


def test_nobody_but_a_lead_changes_a_series(world):
    series = weekly_chicago(world)
    with pytest.raises(PermissionDenied):
        _edit(_meetings(series)[1], world.berlin, Scope.ALL, title="Mine")
    with pytest.raises(PermissionDenied):
        series_create(
            group=world.group,
            actor=world.tokyo,
            title="x",
            rule="FREQ=WEEKLY;BYDAY=TU",
            first_day=date(2026, 2, 3),
            local_time=time(9),
            time_zone="UTC",
        )


def test_a_series_that_starts_beyond_the_horizon_stores_its_first_meeting(world):
    series = weekly_chicago(world, first_day=date(2026, 12, 1))
    assert [m.start.date() for m in _meetings(series)] == [date(2026, 12, 1)]
    assert len(notices_of(world.berlin, SCHEDULED)) == 1


def test_writing_one_meetings_agenda_does_not_detach_it_from_the_series(world):
    series = weekly_chicago(world)
    meeting = _at(series, date(2026, 2, 17))
    written = _edit(meeting, world.lead, Scope.THIS, agenda="1. Status\n2. Our guest")
    assert (written.detached, written.sequence) == (False, 1)
    _edit(_at(series, date(2026, 2, 10)), world.lead, Scope.ALL, at=time(10), title="Renamed")
    kept = Meeting.objects.get(pk=meeting.pk)
    assert (kept.title, kept.agenda) == ("Renamed", "1. Status\n2. Our guest")
    assert kept.start == datetime(2026, 2, 17, 16, tzinfo=UTC)  # moved with the series
