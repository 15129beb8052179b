"""A working group's lead in Berlin starts a biweekly series, checks on the form that its
time is fair to the group's time zones and writes the first meeting's agenda; once that
meeting is held she records who was there, publishes and approves the minutes and gives an
action item. A member in Chicago sees each meeting in his own time with the organiser's
beside it, follows the notices from his inbox (scheduled, reminder, minutes, action item),
marks his item done and makes his calendar feed, which holds the series. In Chromium,
every page on the way checked by axe.

The clock stands on a fixed Monday (time_machine: the live server runs in this process, so
it reads the moved clock too) and is moved on past the first meeting, since the services
refuse to schedule in the past: the meeting is held by letting time pass.
"""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import time_machine
from django.core import mail
from playwright.sync_api import Page, expect

from members.models import Profile
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, UserFactory, WorkingGroupFactory
from workinggroups.models import ActionItem, Attendance, Meeting, Minutes, Series
from workinggroups.tasks import send_meeting_reminders

GROUP = "Evaluation and benchmarks"
SERIES = "Evaluation call"
VIDEO = "https://meet.example.org/tpc-evaluation"
BERLIN = ZoneInfo("Europe/Berlin")
# A Monday eight days before the first meeting (less than a session's two weeks). Chicago
# moves to summer time on 14 March 2027, Berlin only on 28 March: the first meeting
# (16 March, 16:00 in Berlin) is 10:00 in Chicago, the second (30 March) 09:00 again.
NOW = datetime(2027, 3, 8, 9, 0, tzinfo=UTC)
FIRST = datetime(2027, 3, 16, 16, 0, tzinfo=BERLIN)
SECOND = datetime(2027, 3, 30, 16, 0, tzinfo=BERLIN)


@pytest.fixture
def world(transactional_db):
    lead = UserFactory(email="lena@lab.example", full_name="Lena Lehmann")
    member = UserFactory(full_name="Carl Brooks")
    far_member = UserFactory(full_name="Kenji Sato")
    for person, zone in [
        (lead, "Europe/Berlin"),
        (member, "America/Chicago"),
        (far_member, "Asia/Tokyo"),
    ]:
        Profile.objects.filter(user=person).update(time_zone=zone)
    group = WorkingGroupFactory(
        name=GROUP, slug="evaluation", proposer=lead, members=[member, far_member]
    )
    return {"group": group, "lead": lead, "member": member}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def _lead_starts_the_series(page: Page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail:").fill("lena@lab.example")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto("/groups/evaluation/")
    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP)
    assert_accessible(page)
    page.get_by_role("link", name="Start a series of meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a meeting series")
    assert_accessible(page)

    page.get_by_label("Title:").fill(SERIES)
    page.get_by_role("group", name="Repeats").get_by_label(
        "Every second week, on the first meeting's weekday"
    ).check()
    page.get_by_label("First meeting:").fill(FIRST.date().isoformat())
    page.get_by_label("Time:", exact=True).fill("16:00")
    # Her own zone, from her profile, is the form's.
    expect(page.get_by_label("Time zone:")).to_have_value("Europe/Berlin")
    page.get_by_label("Length (minutes):").fill("60")
    page.get_by_label("Video link:").fill(VIDEO)
    page.get_by_label("Standing agenda:").fill("1. Round of updates\n2. Open action items")

    page.get_by_role("button", name="Check times").click()
    fair = page.get_by_role("table", name="Candidate times")
    chosen = fair.get_by_role("row").filter(has_text="(chosen)")
    expect(chosen.get_by_role("rowheader")).to_have_text("16 Mar 2027, 16:00 CET (chosen)")
    # 16:00 in Berlin is 10:00 in Chicago and midnight in Tokyo: one of three is outside.
    expect(chosen.get_by_role("cell")).to_have_text(["1", "2", "0"])
    # Three hours later Chicago is still inside 07:00-21:00 and Berlin too; Tokyo is not.
    expect(fair.get_by_role("row").filter(has_text="19:00 CET").get_by_role("cell")).to_have_text(
        ["1", "2", "0"]
    )
    assert_accessible(page)
    # What she typed is kept for the save.
    expect(page.get_by_label("Title:")).to_have_value(SERIES)

    # She tries rotating with a morning slot: the table is redrawn as she types (htmx),
    # and shows that Chicago would then be up at three in the morning every other time.
    alternate = page.get_by_label("Alternate time (optional):")
    alternate.fill("09:00")
    expect(page.get_by_text("In turn: 1 outside their day at the first time")).to_have_text(
        "In turn: 1 outside their day at the first time, 1 at the alternate time, 0 at both."
    )
    morning = page.get_by_role("table", name="Candidate alternate times")
    expect(
        morning.get_by_role("row").filter(has_text="(chosen)").get_by_role("rowheader")
    ).to_have_text("16 Mar 2027, 09:00 CET (chosen)")
    assert_accessible(page)
    alternate.fill("")
    expect(page.get_by_role("table", name="Candidate alternate times")).to_have_count(0)
    expect(page.get_by_role("table", name="Candidate times")).to_be_visible()

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The series is scheduled and the members are told once."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(SERIES)
    expect(page.get_by_text("16 Mar 2027, 16:00 CET", exact=True)).to_be_visible()
    assert_accessible(page)


def _lead_writes_the_agenda(page: Page) -> None:
    page.get_by_role("link", name="Change").click()
    expect(
        page.get_by_role("group", name="Change").get_by_label("This meeting only")
    ).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Agenda:", exact=True).fill(
        "1. Results of the **materials benchmark**\n2. Open action items"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The meeting is saved.")
    expect(page.get_by_role("strong").filter(has_text="materials benchmark")).to_be_visible()
    assert_accessible(page)


def _member_sees_it_in_his_time(member: Page, meeting: Meeting) -> None:
    member.goto("/groups/evaluation/meetings/")
    expect(member.get_by_role("heading", level=1)).to_contain_text(GROUP)
    assert_accessible(member)
    first_row = member.get_by_role("row").filter(has_text="16 Mar 2027")
    expect(first_row).to_contain_text("16:00 CET (your time 10:00 CDT)")
    second_row = member.get_by_role("row").filter(has_text="30 Mar 2027")
    expect(second_row).to_contain_text("16:00 CEST (your time 09:00 CDT)")

    member.goto(f"/groups/evaluation/meetings/{meeting.pk}/")
    expect(member.get_by_text("16 Mar 2027, 16:00 CET (your time 10:00 CDT)")).to_be_visible()
    expect(member.get_by_role("link", name=VIDEO)).to_be_visible()  # he is a member
    expect(member.get_by_role("link", name="Change")).to_have_count(0)  # not a lead
    assert_accessible(member)

    member.goto("/inbox/")
    expect(member.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    expect(
        member.get_by_text(f"{GROUP}: {SERIES}, 16 Mar 2027, 16:00 CET (your time 10:00 CDT)")
    ).to_be_visible()
    assert_accessible(member)


def _lead_records_the_meeting(page: Page, meeting: Meeting) -> None:
    page.goto(f"/groups/evaluation/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Agenda, minutes and action items").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{SERIES}: agenda and record")
    expect(page.get_by_role("region", name="Agenda")).to_contain_text("materials benchmark")
    assert_accessible(page)

    attendance = page.get_by_role("region", name="Attendance")
    who = attendance.get_by_role("group", name="Who was there")
    who.get_by_label("Lena Lehmann").check()
    who.get_by_label("Carl Brooks").check()
    attendance.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_role("status")).to_contain_text("Attendance is recorded.")
    expect(page.get_by_role("region", name="Attendance").get_by_role("listitem")).to_have_text(
        ["Carl Brooks", "Lena Lehmann"]
    )
    assert_accessible(page)

    page.get_by_role("link", name="Write the minutes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Minutes of {SERIES}")
    assert_accessible(page)
    page.get_by_label("Minutes").fill(
        "## Results\n\nThe materials benchmark is **ready**; Carl writes it up."
    )
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_role("status")).to_contain_text("The minutes are saved.")
    minutes = page.get_by_role("region", name="Minutes")
    expect(minutes).to_contain_text("a draft: only the leads read it")
    minutes.get_by_role("button", name="Publish to the members").click()
    expect(page.get_by_role("status")).to_contain_text("The minutes are published to the members.")
    expect(
        page.get_by_role("region", name="Minutes").get_by_role("heading", name="Results")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("region", name="Action items from this meeting").get_by_role(
        "link", name="New action item"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"New action item: {GROUP}")
    assert_accessible(page)
    page.get_by_label("What is to be done").fill("Write up the materials benchmark")
    page.get_by_label("Who does it").select_option(label="Carl Brooks")
    page.get_by_label("Due").fill("2027-03-29")
    expect(page.get_by_label("From the meeting")).to_have_value(str(meeting.pk))
    page.get_by_role("button", name="Record the action item").click()
    expect(page.get_by_role("status")).to_contain_text("The action item is recorded.")
    item = (
        page.get_by_role("region", name="Action items from this meeting")
        .get_by_role("row")
        .filter(has_text="Write up the materials benchmark")
    )
    expect(item).to_contain_text("Carl Brooks")
    assert_accessible(page)


def _lead_approves_the_minutes(page: Page) -> None:
    page.get_by_role("region", name="Minutes").get_by_role("button", name="Approve (final)").click()
    expect(page.get_by_role("status")).to_contain_text("The minutes are approved and now final.")
    minutes = page.get_by_role("region", name="Minutes")
    expect(minutes).to_contain_text("approved by Lena Lehmann")
    expect(minutes.get_by_role("link", name="Edit the minutes")).to_have_count(0)  # locked
    assert_accessible(page)


def _member_follows_the_notices(member: Page, second: Meeting) -> None:
    member.goto("/inbox/")
    notices = member.get_by_role("listitem").filter(has=member.get_by_role("heading", level=2))
    expect(
        notices.filter(
            has_text=f"Reminder: {SERIES} ({GROUP}), 16 Mar 2027, 16:00 CET (your time 10:00 CDT)"
        )
    ).to_have_count(1)
    expect(
        notices.filter(has_text=f"Action item for you ({GROUP}), due 29 Mar 2027")
    ).to_have_count(1)
    assert_accessible(member)

    member.get_by_role("link", name=f"Minutes of {SERIES} ({GROUP})").click()
    expect(member.get_by_role("heading", level=1)).to_have_text(f"{SERIES}: agenda and record")
    minutes = member.get_by_role("region", name="Minutes")
    expect(minutes).to_contain_text("The materials benchmark is ready")
    expect(minutes).to_contain_text("approved by Lena Lehmann")
    expect(member.get_by_role("button", name="Publish to the members")).to_have_count(0)
    expect(member.get_by_role("group", name="Who was there")).to_have_count(0)  # leads only
    assert_accessible(member)

    # The next meeting's page lists the group's open items, his among them.
    member.goto(f"/groups/evaluation/meetings/{second.pk}/record/")
    open_items = member.get_by_role("region", name="Open action items of the group")
    expect(open_items.get_by_role("row").filter(has_text="Write up")).to_contain_text("Carl Brooks")
    assert_accessible(member)

    member.goto("/groups/action-items/")
    expect(member.get_by_role("heading", level=1)).to_have_text("My action items")
    mine = member.get_by_role("region", name="Action items given to you, in every group")
    expect(mine.get_by_role("row").filter(has_text="Write up")).to_contain_text(f"from {SERIES}")
    assert_accessible(member)
    row = mine.get_by_role("row").filter(has_text="Write up")
    row.get_by_role("button", name="Done").click()
    expect(member.get_by_role("status")).to_contain_text("The action item is done.")
    expect(row.get_by_role("cell").nth(3)).to_have_text("Done")


def _member_makes_his_feed(member: Page, meeting: Meeting) -> bytes:
    member.goto(f"/groups/evaluation/meetings/{meeting.pk}/")
    member.get_by_role("link", name="All your groups' meetings in your own calendar feed").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Calendar feed")
    assert_accessible(member)
    member.get_by_role("button", name="Make my calendar feed").click()
    address = member.get_by_label("Feed address").input_value()
    assert_accessible(member)

    # As a calendar program reads it, with a plain HTTP client: the address is the only
    # authority, no session cookie goes with it.
    response = member.context.request.get(urlsplit(address).path, headers={"Cookie": ""})
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    return response.body()


def test_a_lead_runs_a_biweekly_series_and_a_member_follows_it_in_his_zone(
    world, clock, page: Page, open_as
):
    _lead_starts_the_series(page)
    series = Series.objects.get(group=world["group"])
    assert series.title == SERIES
    assert "INTERVAL=2" in series.rule
    first, second = Meeting.objects.filter(series=series).order_by("start")[:2]
    assert (first.start, second.start) == (FIRST, SECOND)

    _lead_writes_the_agenda(page)

    member = open_as(world["member"])
    _member_sees_it_in_his_time(member, first)

    # The eve of the first meeting: beat's run sends the members their reminder.
    clock.move_to(FIRST - timedelta(hours=23))
    send_meeting_reminders()

    clock.move_to(FIRST + timedelta(minutes=90))  # the first meeting is over
    _lead_records_the_meeting(page, first)
    assert set(Attendance.objects.filter(meeting=first).values_list("user", flat=True)) == {
        world["lead"].pk,
        world["member"].pk,
    }
    item = ActionItem.objects.get(meeting=first)
    assert (item.owner, item.due) == (world["member"], date(2027, 3, 29))
    _lead_approves_the_minutes(page)
    assert Minutes.objects.get(meeting=first).status == Minutes.Status.APPROVED

    _member_follows_the_notices(member, second)
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE

    calendar = icalendar.Calendar.from_ical(_member_makes_his_feed(member, first))
    meetings = recurring_ical_events.of(calendar).between(date(2027, 3, 15), date(2027, 4, 1))
    assert [event["SUMMARY"] for event in meetings] == [SERIES, SERIES]
    assert [event.start for event in meetings] == [FIRST, SECOND]
    assert all(event.start.tzinfo.key == "Europe/Berlin" for event in meetings)
    assert VIDEO in meetings[0]["DESCRIPTION"]  # his feed: the member-only parts are in it
    # The first meeting's own agenda (changed on its own); the standing one for the next.
    assert "materials benchmark" in meetings[0]["DESCRIPTION"]
    assert "Round of updates" in meetings[1]["DESCRIPTION"]

    # The e-mails the notices sent never carry the video link (it stays on the page).
    to_member = [m for m in mail.outbox if m.to == [world["member"].email]]
    assert len(to_member) == 4  # scheduled (once for the series), reminder, minutes, item
    assert all(VIDEO not in message.body for message in to_member)
    for message in to_member[:2]:  # the times in his zone, beside the organiser's
        assert "16 Mar 2027, 16:00 CET (your time 10:00 CDT)" in message.subject
