"""/api/v1/meetings/: public titles and times, member-only place and link, filters, and a
query count that does not grow with the rows."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from rest_framework import serializers
from rest_framework.test import APIClient

from tests.factories import MeetingFactory, UserFactory, WorkingGroupFactory
from tests.steering.factories import give_totp
from tests.workinggroups.meeting_helpers import VIDEO, person_in
from workinggroups.meeting_api import MeetingSerializer
from workinggroups.meeting_filters import MeetingFilter
from workinggroups.models import Meeting, Membership, WorkingGroup

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 20, 12, tzinfo=UTC)
LIST = "/api/v1/meetings/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def member():
    return person_in("Asia/Tokyo")


@pytest.fixture
def group(member):
    return WorkingGroupFactory(members=[member])


def _meeting(group, days=7, **fields):
    return MeetingFactory(
        group=group,
        start=NOW + timedelta(days=days),
        location="Room 12",
        video_link=VIDEO,
        agenda="**Hello** <script>alert(1)</script>",
        **fields,
    )


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _rows(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_visitor_lists_meetings_of_chartered_groups_without_place_or_link(group):
    meeting = _meeting(group)
    proposed = WorkingGroupFactory(status=WorkingGroup.Status.PROPOSED)
    _meeting(proposed)
    rows = _rows(_client().get(LIST))
    assert [row["id"] for row in rows] == [meeting.pk]
    row = rows[0]
    assert (row["location"], row["video_link"]) == (None, None)
    assert row["group"] == group.slug
    assert row["start"] == "2026-01-27T12:00:00Z"
    assert row["end"] == "2026-01-27T13:00:00Z"
    assert (row["uid"], row["sequence"], row["status"]) == (meeting.uid, 0, "scheduled")
    assert VIDEO not in str(_client().get(f"{LIST}{meeting.pk}/").content)


def test_members_and_staff_see_place_and_link_and_others_do_not(group, member):
    meeting = _meeting(group)
    outsider = UserFactory()
    staff = give_totp(UserFactory(is_staff=True))
    for person, sees in [(member, True), (group.proposer, True), (outsider, False), (staff, True)]:
        row = _rows(_client(person).get(LIST))[0]
        assert (row["video_link"] == VIDEO) is sees, person
        detail = _client(person).get(f"{LIST}{meeting.pk}/").json()
        assert (detail["location"] == "Room 12") is sees, person


def test_the_list_shows_exactly_what_the_detail_lets_each_caller_see(group, member):
    """The list reads the visible groups first and filters meetings by their ids; the detail
    filters meetings by the same rule. Both agree for every kind of caller."""
    proposed = WorkingGroupFactory(status=WorkingGroup.Status.PROPOSED)
    closed = WorkingGroupFactory(status=WorkingGroup.Status.CLOSED)
    public, draft, old = _meeting(group), _meeting(proposed), _meeting(closed)
    asked, in_draft, outsider = UserFactory(), UserFactory(), UserFactory()
    Membership.objects.create(group=group, user=asked, status=Membership.Status.PENDING)
    Membership.objects.create(group=proposed, user=in_draft)
    staff = give_totp(UserFactory(is_staff=True))
    callers = {
        "visitor": (None, {public: False, old: False}),
        "outsider": (outsider, {public: False, old: False}),
        "asked to join": (asked, {public: False, old: False}),
        "member": (member, {public: True, old: False}),
        "proposer of the draft": (proposed.proposer, {public: False, old: False, draft: False}),
        "member of the draft": (in_draft, {public: False, old: False, draft: True}),
        "staff": (staff, {public: True, old: True, draft: True}),
    }
    for name, (person, expected) in callers.items():
        rows = _rows(_client(person).get(LIST))
        listed = {row["id"]: row["location"] == "Room 12" for row in rows}
        assert listed == {meeting.pk: sees for meeting, sees in expected.items()}, name
        for meeting in (public, draft, old):
            status = _client(person).get(f"{LIST}{meeting.pk}/").status_code
            assert status == (200 if meeting in expected else 404), name


def test_times_are_utc_whatever_the_callers_zone(group, member):
    _meeting(group)
    row = _rows(_client(member).get(LIST))[0]  # the member reads Tokyo time on pages
    assert row["start"].endswith("Z")


def test_the_detail_carries_the_agenda_as_sanitised_html(group):
    meeting = _meeting(group)
    detail = _client().get(f"{LIST}{meeting.pk}/").json()
    assert "<strong>Hello</strong>" in detail["agenda_html"]
    assert "<script>" not in detail["agenda_html"]
    assert detail["agenda"] == meeting.agenda


def test_a_meeting_of_a_group_the_caller_may_not_see_is_not_found(member):
    proposed = WorkingGroupFactory(status=WorkingGroup.Status.PROPOSED)
    meeting = _meeting(proposed)
    assert _client().get(f"{LIST}{meeting.pk}/").status_code == 404
    assert _client(member).get(f"{LIST}{meeting.pk}/").status_code == 404
    assert _client(proposed.proposer).get(f"{LIST}{meeting.pk}/").status_code == 200


def test_filters_by_group_and_by_an_aware_range(group):
    other = WorkingGroupFactory()
    soon, later = _meeting(group, days=2), _meeting(group, days=20)
    elsewhere = _meeting(other, days=3)
    by_group = _rows(_client().get(LIST, {"group": other.slug}))
    assert [row["id"] for row in by_group] == [elsewhere.pk]
    ranged = _rows(
        _client().get(LIST, {"from": "2026-01-21T00:00:00Z", "to": "2026-01-24T00:00:00+00:00"})
    )
    assert [row["id"] for row in ranged] == [soon.pk, elsewhere.pk]
    assert later.pk not in [
        row["id"] for row in _rows(_client().get(LIST, {"to": "2026-02-01T00:00:00Z"}))
    ]


def test_a_time_without_its_offset_is_refused_with_the_field_named(group):
    response = _client().get(LIST, {"from": "2026-01-21T00:00:00"})
    assert response.status_code == 400
    assert "from" in response.json()["errors"]


def test_pages_hold_at_most_a_hundred(group):
    Meeting.objects.bulk_create(
        [
            Meeting(
                group=group,
                title=f"M{i}",
                start=NOW + timedelta(hours=i + 1),
                time_zone="UTC",
                created_by=group.proposer,
            )
            for i in range(120)
        ]
    )
    assert len(_rows(_client().get(LIST, {"page_size": 500}))) == 100


def test_pages_follow_each_other_in_time_order_with_the_whole_count(group, member):
    other, hidden = WorkingGroupFactory(), WorkingGroupFactory(status=WorkingGroup.Status.PROPOSED)
    Meeting.objects.bulk_create(
        [
            Meeting(
                group=(group, other, hidden)[i % 3],
                title=f"M{i}",
                start=NOW + timedelta(hours=i // 2),  # two at each time: the id decides
                time_zone="UTC",
                created_by=group.proposer,
            )
            for i in range(45)
        ]
    )
    client = _client(member)
    seen, pages = [], []
    for number in (1, 2, 3):
        page = client.get(LIST, {"page_size": 12, "page": number}).json()
        pages.append((page["count"], page["next"] is not None, page["previous"] is not None))
        seen += [(row["start"], row["id"]) for row in page["results"]]

    expected = Meeting.objects.filter(group__in=[group, other]).order_by("start", "id")
    assert [row_id for _start, row_id in seen] == list(expected.values_list("id", flat=True))
    assert seen == sorted(seen)
    assert pages == [(30, True, False), (30, True, True), (30, False, True)]
    assert client.get(LIST, {"page_size": 12, "page": 4}).status_code == 404


def test_filtering_by_a_group_the_caller_may_not_see_finds_nothing(group):
    hidden = WorkingGroupFactory(status=WorkingGroup.Status.PROPOSED)
    _meeting(hidden)

    page = _client(UserFactory()).get(LIST, {"group": hidden.slug}).json()

    assert (page["count"], page["results"]) == (0, [])


def test_the_range_and_the_group_together_give_what_the_html_filters_give(group):
    other = WorkingGroupFactory()
    for days in (1, 2, 3, 5, 8):
        _meeting(group, days=days)
        _meeting(other, days=days)
    params = {"group": group.slug, "from": "2026-01-22T12:00:00Z", "to": "2026-01-25T12:00:00Z"}

    rows = _rows(_client().get(LIST, params))

    expected = MeetingFilter(params, queryset=Meeting.objects.order_by("start", "id")).qs
    assert [row["id"] for row in rows] == [meeting.pk for meeting in expected]
    assert len(rows) == 2


@pytest.mark.parametrize("rows", [5, 500])
def test_the_list_asks_a_constant_number_of_queries(
    group, member, rows, django_assert_max_num_queries
):
    groups = [group, WorkingGroupFactory(), WorkingGroupFactory(members=[member])]
    Meeting.objects.bulk_create(
        [
            Meeting(
                group=groups[i % 3],
                title=f"M{i}",
                start=NOW + timedelta(hours=i + 1),
                time_zone="UTC",
                video_link=VIDEO,
                created_by=group.proposer,
            )
            for i in range(rows)
        ]
    )
    client = _client(member)
    with django_assert_max_num_queries(4):
        assert len(_rows(client.get(LIST, {"page_size": 100}))) == min(rows, 100)


def test_the_hand_written_rows_match_what_drf_would_write(group, member):
    meeting = _meeting(group)
    context = {"groups": {group.pk}, "all_groups": False}
    written = MeetingSerializer(meeting, context=context).data
    walked = serializers.ModelSerializer.to_representation(
        MeetingSerializer(context=context), meeting
    )
    walked["start"] = walked["start"].replace("+00:00", "Z")
    assert written == dict(walked)


def test_the_api_is_read_only(group, member):
    meeting = _meeting(group)
    client = _client(group.proposer)
    assert client.post(LIST, {}).status_code == 405
    assert client.delete(f"{LIST}{meeting.pk}/").status_code == 405
