"""A fair time: how many members a time puts outside 07:00-21:00 in their own zone."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import UserFactory, WorkingGroupFactory
from workinggroups.fairness import candidate_slots, is_inside_day, outside_hours, rotation
from workinggroups.meeting_selectors import group_member_zones

HOUR = timedelta(hours=1)
# 15:00 UTC on a winter day: 16:00 Berlin, 09:00 Chicago, 00:00 Tokyo (next day).
WINTER_AFTERNOON = datetime(2026, 2, 3, 15, tzinfo=UTC)
ZONES = ["Europe/Berlin", "America/Chicago", "Asia/Tokyo", "", "Not/AZone"]


def test_a_time_counts_who_is_outside_their_day_and_who_is_unknown():
    count = outside_hours(ZONES, WINTER_AFTERNOON, HOUR)
    assert (count.outside, count.inside, count.unknown) == (1, 2, 2)
    assert count.total == 5


def test_the_day_is_07_to_21_and_the_whole_meeting_must_fit():
    berlin = ZoneInfo("Europe/Berlin")
    # 20:00-21:00 Berlin fits; 20:30-21:30 does not; 06:30-07:30 does not.
    assert is_inside_day(datetime(2026, 2, 3, 19, tzinfo=UTC), HOUR, berlin)
    assert not is_inside_day(datetime(2026, 2, 3, 19, 30, tzinfo=UTC), HOUR, berlin)
    assert not is_inside_day(datetime(2026, 2, 3, 5, 30, tzinfo=UTC), HOUR, berlin)
    # Across midnight is never inside.
    assert not is_inside_day(datetime(2026, 2, 3, 22, 30, tzinfo=UTC), 2 * HOUR, berlin)


def test_candidate_slots_surround_the_chosen_time_hour_by_hour():
    slots = candidate_slots(ZONES, WINTER_AFTERNOON, HOUR)
    assert [slot.start.hour for slot in slots] == [12, 13, 14, 15, 16, 17, 18]
    assert [slot.chosen for slot in slots].index(True) == 3
    # 12:00Z is 06:00 in Chicago (outside) and 21:00 in Tokyo (the hour ends at 22:00).
    assert slots[0].count.outside == 2
    assert all(slot.count.unknown == 2 for slot in slots)


def test_a_rotating_series_counts_each_slot_and_who_is_outside_in_both():
    # 15:00Z and, in turn, 01:00Z the next day.
    result = rotation(
        ["Europe/Berlin", "America/Chicago", "Asia/Tokyo", "Pacific/Kiritimati"],
        WINTER_AFTERNOON,
        datetime(2026, 2, 4, 1, tzinfo=UTC),
        HOUR,
    )
    assert result.first.outside == 2  # Tokyo (00:00) and Kiritimati (05:00)
    assert result.second.outside == 1  # Berlin (02:00)
    assert result.outside_in_both == 0


@pytest.mark.django_db
def test_member_zones_are_read_in_one_query(django_assert_num_queries):
    people = [UserFactory() for _ in range(3)]
    for person, zone in zip(people, ["Asia/Tokyo", "", "America/Chicago"], strict=True):
        person.profile.time_zone = zone
        person.profile.save()
    group = WorkingGroupFactory(members=people)
    with django_assert_num_queries(1):
        zones = group_member_zones(group)
    # The lead (no zone chosen) and the three members.
    assert sorted(zones) == sorted(["", "Asia/Tokyo", "", "America/Chicago"])
