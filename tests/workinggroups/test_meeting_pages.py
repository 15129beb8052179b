"""The meeting pages: who may open which (role x URL x method), times in the viewer's and
the organiser's zone, the video link only for members, the leads' forms with their
fair-time table, bad input answered with the form and its errors, and query counts."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.factories import UserFactory
from tests.portal.sweep import Objects, urls
from tests.steering.factories import give_totp
from tests.workinggroups.meeting_helpers import VIDEO, make_world, person_in, weekly_chicago
from workinggroups.models import Meeting, Series
from workinggroups.services.meetings import meeting_schedule

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 20, 12, tzinfo=UTC)
LOGIN = "login"


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        world = make_world()
        world.meeting = meeting_schedule(
            group=world.group,
            actor=world.lead,
            title="Kick-off",
            day=date(2026, 2, 10),
            at=time(9, 30),
            time_zone="Europe/Berlin",
            location="Room 101",
            video_link=VIDEO,
            agenda="## Topics\n\n<script>alert('x')</script> **one**",
        )
        world.staff = give_totp(UserFactory(is_staff=True))
        world.staff_without_2fa = UserFactory(is_staff=True)
        yield world


def _url(world, name):
    slug, pk = world.group.slug, world.meeting.pk
    if name in {"meetings", "meeting_new", "series_new", "meeting_fair_times"}:
        return reverse(f"workinggroups:{name}", args=[slug])
    return reverse(f"workinggroups:{name}", args=[slug, pk])


ROLES = ["anonymous", "outsider", "member", "lead", "staff_without_2fa", "staff"]
LEADS = {"anonymous": LOGIN, "outsider": 403, "member": 403, "staff_without_2fa": 403}
# (url name, method, {role: status}, default status)
TABLE = [
    ("meetings", "get", {}, 200),
    ("meetings", "post", {}, 405),
    ("meeting", "get", {}, 200),
    ("meeting", "post", {}, 405),
    ("meeting_new", "get", LEADS, 200),
    ("meeting_new", "post", LEADS, 400),
    ("series_new", "get", LEADS, 200),
    ("series_new", "post", LEADS, 400),
    ("meeting_edit", "get", LEADS, 200),
    ("meeting_edit", "post", LEADS, 400),
    ("meeting_cancel", "get", {"anonymous": LOGIN}, 405),
    ("meeting_cancel", "post", LEADS, 302),
    ("meeting_fair_times", "get", LEADS, 200),
    ("meeting_fair_times", "post", {"anonymous": LOGIN}, 405),
]


def _person(world, role):
    return {
        "anonymous": None,
        "outsider": world.outsider,
        "member": world.berlin,
        "lead": world.lead,
        "staff_without_2fa": world.staff_without_2fa,
        "staff": world.staff,
    }[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "special", "default"), TABLE)
def test_permission_table(client, world, role, name, method, special, default):
    person = _person(world, role)
    if person is not None:
        client.force_login(person)
    response = getattr(client, method)(_url(world, name))
    expected = special.get(role, default)
    if expected == LOGIN:
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected, response.content[:500]


def test_a_meeting_of_another_group_or_a_missing_one_is_not_found(client, world):
    other = make_world()
    url = reverse("workinggroups:meeting", args=[other.group.slug, world.meeting.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("workinggroups:meetings", args=["no-such-group"])).status_code == 404


def test_the_page_shows_the_organisers_time_and_the_viewers_own(client, world):
    client.force_login(world.tokyo)
    page = client.get(_url(world, "meeting")).content.decode()
    assert "10 Feb 2026, 09:30 CET (your time 17:30 JST)" in page
    client.force_login(world.berlin)
    page = client.get(_url(world, "meeting")).content.decode()
    assert "10 Feb 2026, 09:30 CET" in page
    assert "your time" not in page


def test_the_video_link_and_place_are_for_members_only(client, world):
    assert VIDEO not in client.get(_url(world, "meeting")).content.decode()
    client.force_login(world.outsider)
    page = client.get(_url(world, "meeting")).content.decode()
    assert VIDEO not in page
    assert "Room 101" not in page
    client.force_login(world.tokyo)
    page = client.get(_url(world, "meeting")).content.decode()
    assert VIDEO in page
    assert "Room 101" in page


def test_the_agenda_is_rendered_markdown_without_script(client, world):
    page = client.get(_url(world, "meeting")).content.decode()
    assert "<h3>Topics</h3>" in page
    assert "<strong>one</strong>" in page
    assert "<script>alert" not in page


def test_leads_see_change_and_cancel_and_members_do_not(client, world):
    client.force_login(world.berlin)
    assert _url(world, "meeting_cancel") not in client.get(_url(world, "meeting")).content.decode()
    client.force_login(world.lead)
    page = client.get(_url(world, "meeting")).content.decode()
    assert _url(world, "meeting_cancel") in page
    assert _url(world, "meeting_edit") in page


def _meeting_form(**changes):
    return {
        "title": "Planning",
        "day": "2026-03-05",
        "at": "09:30",
        "time_zone": "Europe/Berlin",
        "duration_minutes": "45",
        "location": "",
        "video_link": "",
        "agenda": "",
    } | changes


def test_a_lead_schedules_in_the_chosen_zone_not_their_own(client, world):
    client.force_login(world.lead)  # the lead reads Chicago time
    response = client.post(_url(world, "meeting_new"), _meeting_form())
    meeting = Meeting.objects.get(title="Planning")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "workinggroups:meeting", args=[world.group.slug, meeting.pk]
    )
    assert meeting.start == datetime(2026, 3, 5, 8, 30, tzinfo=UTC)
    assert meeting.time_zone == "Europe/Berlin"


def test_the_new_meeting_form_starts_in_the_leads_zone(client, world):
    client.force_login(world.lead)
    page = client.get(_url(world, "meeting_new")).content.decode()
    assert '<option value="America/Chicago" selected>' in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"day": "not a day"}, "day"),
        ({"at": "25:99"}, "at"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"duration_minutes": "0"}, "duration_minutes"),
        ({"video_link": "javascript:alert(1)"}, "video_link"),
        ({"day": "2026-01-01"}, "day"),  # in the past: the service refuses it
    ],
)
def test_bad_input_comes_back_with_the_form_and_its_errors(client, world, changes, field):
    client.force_login(world.lead)
    response = client.post(_url(world, "meeting_new"), _meeting_form(**changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Meeting.objects.filter(title="Planning").exists()


def test_check_times_shows_the_fair_time_table_and_saves_nothing(client, world):
    client.force_login(world.lead)
    response = client.post(_url(world, "meeting_new"), _meeting_form(check="1"))
    assert response.status_code == 200
    fair = response.context["fair"]
    assert [slot.start.hour for slot in fair["slots"]] == [5, 6, 7, 8, 9, 10, 11]
    chosen = next(slot for slot in fair["slots"] if slot.chosen)
    # 09:30 Berlin: 02:30 in Chicago and 17:30 in Tokyo; one member has no zone.
    assert (chosen.count.outside, chosen.count.inside, chosen.count.unknown) == (1, 2, 1)
    assert "A fair time for everyone" in response.content.decode()
    assert not Meeting.objects.filter(title="Planning").exists()


def test_the_fair_time_table_is_redrawn_alone_for_htmx(client, world):
    client.force_login(world.lead)
    response = client.get(
        _url(world, "meeting_fair_times"),
        {
            "day": "2026-03-05",
            "at": "16:00",
            "alternate_time": "08:00",
            "time_zone": "UTC",
            "duration_minutes": "60",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Candidate alternate times" in page
    rotation = response.context["fair"]["rotation"]
    # 16:00Z puts Tokyo at 01:00, 08:00Z puts Chicago at 02:00: nobody is up at night twice.
    assert (rotation.first.outside, rotation.second.outside) == (1, 1)
    assert rotation.outside_in_both == 0
    incomplete = client.get(_url(world, "meeting_fair_times"), {"time_zone": "UTC"})
    assert incomplete.status_code == 200


def _series_form(**changes):
    return {
        "title": "Biweekly sync",
        "preset": "biweekly",
        "rule": "",
        "first_day": "2026-02-03",
        "local_time": "16:00",
        "alternate_time": "",
        "time_zone": "America/Chicago",
        "duration_minutes": "60",
        "until": "",
        "location": "",
        "video_link": "https://meet.example.org/biweekly",
        "agenda": "",
    } | changes


def test_a_lead_starts_a_biweekly_series_from_the_form(client, world):
    client.force_login(world.lead)
    response = client.post(_url(world, "series_new"), _series_form())
    series = Series.objects.get(title="Biweekly sync")
    assert response.status_code == 302
    assert series.rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    starts = [m.start for m in series.meetings.order_by("start")[:4]]
    assert [s.day for s in starts] == [3, 17, 3, 17]
    assert [s.hour for s in starts] == [22, 22, 22, 21]  # 16:00 Chicago across 8 March


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"preset": "custom", "rule": "FREQ=HOURLY"}, "rule"),
        ({"preset": "custom", "rule": ""}, "rule"),
        ({"preset": "monthly_last_weekday"}, "preset"),  # 3 Feb is not the last Tuesday
        ({"preset": "custom", "rule": "FREQ=WEEKLY;BYDAY=WE"}, "first_day"),
        ({"first_day": "2025-12-02"}, "first_day"),
    ],
)
def test_a_series_that_cannot_be_kept_comes_back_with_its_errors(client, world, changes, field):
    client.force_login(world.lead)
    response = client.post(_url(world, "series_new"), _series_form(**changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Series.objects.exists()


def test_an_occurrence_is_changed_this_and_following_from_its_page(client, world):
    series = weekly_chicago(world)
    meeting = series.meetings.order_by("start")[2]
    client.force_login(world.lead)
    url = reverse("workinggroups:meeting_edit", args=[world.group.slug, meeting.pk])
    form = client.get(url).context["form"]
    data = {
        name: value for name, value in form.initial.items() if value is not None and name != "until"
    }
    data |= {
        "scope": "following",
        "at": "17:00",
        "day": data["day"].isoformat(),
        "preset": "weekly",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    continued = Series.objects.get(split_from=series)
    assert continued.local_time == time(17)
    assert Meeting.objects.get(pk=meeting.pk).series == continued


def test_the_edit_form_of_a_one_off_meeting_has_no_scope(client, world):
    client.force_login(world.lead)
    form = client.get(_url(world, "meeting_edit")).context["form"]
    assert "scope" not in form.fields
    assert form.initial["day"] == date(2026, 2, 10)
    assert form.initial["at"] == time(9, 30)


def test_cancelling_from_the_page_and_the_refusal_when_it_is_in_progress(client, world):
    with time_machine.travel(world.meeting.start + timedelta(minutes=5), tick=False):
        client.force_login(world.lead)
        refused = client.post(_url(world, "meeting_cancel"))
    assert refused.status_code == 400
    assert "in progress" in refused.content.decode()
    response = client.post(_url(world, "meeting_cancel"))
    assert response.status_code == 302
    assert Meeting.objects.get(pk=world.meeting.pk).status == "cancelled"
    page = client.get(_url(world, "meeting")).content.decode()
    assert "This meeting is cancelled." in page


def test_the_list_shows_upcoming_then_past_and_filters_by_moment(client, world):
    with time_machine.travel(datetime(2026, 2, 11, tzinfo=UTC), tick=False):
        past = client.get(_url(world, "meetings"), {"when": "past"})
        upcoming = client.get(_url(world, "meetings"))
    assert [m.pk for m in past.context["page"]] == [world.meeting.pk]
    assert list(upcoming.context["page"]) == []
    filtered = client.get(_url(world, "meetings"), {"from": "2026-02-11T00:00:00Z"})
    assert list(filtered.context["page"]) == []
    bad = client.get(_url(world, "meetings"), {"from": "yesterday"})
    assert bad.status_code == 200  # an invalid filter is shown, not a 500


@pytest.mark.parametrize("rows", [5, 500])
def test_the_list_asks_a_constant_number_of_queries(
    client, world, rows, django_assert_max_num_queries
):
    Meeting.objects.bulk_create(
        [
            Meeting(
                group=world.group,
                title=f"M{i}",
                start=NOW + timedelta(hours=i + 1),
                time_zone="Europe/Berlin",
                created_by=world.lead,
            )
            for i in range(rows)
        ]
    )
    client.force_login(world.tokyo)
    with django_assert_max_num_queries(9):
        response = client.get(_url(world, "meetings"))
    assert len(response.context["page"]) == min(rows + 1, 25)


def test_no_meeting_route_answers_500_or_shows_the_link_to_a_non_member(client, world):
    series = weekly_chicago(world)
    objects = Objects(
        ids={"meeting": [world.meeting.pk, series.meetings.first().pk]},
        slugs={"group": [world.group.slug]},
    )
    routes = [(name, url) for name, url in urls(objects) if "meeting" in (name or "")]
    assert len(routes) >= 9
    client.raise_request_exception = False
    for role in ROLES:
        person = _person(world, role)
        client.logout()
        if person is not None:
            client.force_login(person)
        for name, url in routes:
            response = client.get(url)
            assert response.status_code < 500, f"{role}: {url} ({name})"
            shows_link = VIDEO in response.content.decode()
            if role in {"anonymous", "outsider"}:
                assert not shows_link, f"{role} sees the video link at {url}"


def test_every_page_has_one_h1_and_labelled_fields(client, world):
    client.force_login(world.lead)
    for name in ("meetings", "meeting", "meeting_new", "series_new", "meeting_edit"):
        page = client.get(_url(world, name)).content.decode()
        assert len(re.findall(r"<h1[ >]", page)) == 1, name
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', page):
            assert (
                f'for="{field_id}"' in page
                or field_id.startswith("id_preset_")
                or (field_id.startswith("id_scope_"))
            ), (name, field_id)


def test_a_visitor_reads_times_in_utc_beside_the_organisers(client, world):
    page = client.get(_url(world, "meeting")).content.decode()
    assert "10 Feb 2026, 09:30 CET (your time 08:30 UTC)" in page


def test_a_member_without_a_zone_reads_utc(client, world):
    nameless = person_in("")
    client.force_login(nameless)
    assert "your time 08:30 UTC" in client.get(_url(world, "meeting")).content.decode()
