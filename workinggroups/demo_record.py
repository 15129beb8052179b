"""Demo data of the groups' working life, for a local `make run`: a weekly or biweekly
series in each group in its lead's part of the world, the last few meetings held (minutes,
attendance, action items) and a few documents. Never load this into production.

Services refuse to schedule in the past, so the past is written as it would stand after
those meetings: their rows are history (held meetings), and everything done after them —
minutes, attendance, action items — goes through the real services.
"""

import random
from collections.abc import Iterator
from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import User
from workinggroups.models import Meeting, Membership, Series, WorkingGroup
from workinggroups.recurrence import local_moment
from workinggroups.services.actions import action_item_create, action_item_done
from workinggroups.services.documents import document_add
from workinggroups.services.minutes import (
    attendance_record,
    minutes_approve,
    minutes_publish,
    minutes_save,
)
from workinggroups.services.series import series_create

PAST_MEETINGS = 3

# Each group's series: its zone, weekday (MO..FR), local time, every 1 or 2 weeks.
RHYTHMS = [
    ("America/Chicago", "TU", time(16, 0), 1),
    ("Europe/Berlin", "WE", time(15, 0), 2),
    ("America/New_York", "TH", time(11, 0), 1),
    ("Asia/Tokyo", "TU", time(9, 0), 2),
    ("Europe/London", "MO", time(14, 0), 1),
    ("America/Los_Angeles", "FR", time(8, 0), 2),
]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

MINUTES = """## Present
See the attendance list.

## Notes
- Reviewed the open action items; two are done.
- Agreed on the **evaluation protocol** for the next training run.
- Data licences: see the [licence register](https://example.org/licences).

## Decisions
1. Adopt the shared tokenizer for the next experiments.
2. Meet again at the usual time.
"""

ACTIONS = [
    "Circulate the draft white paper to the group",
    "Collect the benchmark results from every site",
    "Write up the tokenizer comparison",
    "Ask the sites for their checkpointing numbers",
]


def seed() -> Iterator[str]:
    if Series.objects.exists():
        return
    rng = random.Random(23)  # noqa: S311 - demo data, the same on every run
    groups = WorkingGroup.objects.filter(status=WorkingGroup.Status.ACTIVE).order_by("name")
    series = documents = 0
    for number, group in enumerate(groups):
        lead_membership = group.memberships.filter(role=Membership.Role.LEAD).first()
        if lead_membership is None:
            continue
        lead = lead_membership.user
        members = [m.user for m in group.memberships.filter(status=Membership.Status.ACTIVE)]
        zone, weekday, at, interval = RHYTHMS[number % len(RHYTHMS)]
        _series(group, lead, zone, weekday, at, interval)
        series += 1
        _history(group, lead, members, zone, weekday, at, interval, rng)
        documents += _documents(group, lead, number)
    yield f"Scheduled {series} meeting series with past meetings, minutes and {documents} documents"


def _next_day(weekday: str, *, after: date) -> date:
    ahead = (WEEKDAYS.index(weekday) - after.weekday()) % 7 or 7
    return after + timedelta(days=ahead)


def _series(group: WorkingGroup, lead: User, zone, weekday, at, interval) -> Series:
    first = _next_day(weekday, after=timezone.localdate())
    rule = (
        f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={weekday}"
        if interval > 1
        else (f"FREQ=WEEKLY;BYDAY={weekday}")
    )
    return series_create(
        group=group,
        actor=lead,
        title=f"{group.name} call",
        rule=rule,
        first_day=first,
        local_time=at,
        time_zone=zone,
        duration_minutes=60,
        video_link=f"https://meet.example.org/tpc-{group.slug}",
        agenda="1. Open action items\n2. Progress from each site\n3. Any other business",
    )


def _history(group, lead, members, zone, weekday, at, interval, rng) -> None:
    """The last few meetings, held: minutes (the last two approved, the newest published),
    attendance and action items from each."""
    today = timezone.localdate()
    day = today - timedelta(days=(today.weekday() - WEEKDAYS.index(weekday)) % 7 or 7)
    for back in range(PAST_MEETINGS):
        held_on = day - timedelta(weeks=interval * back)
        meeting = Meeting.objects.create(
            group=group,
            title=f"{group.name} call",
            start=local_moment(held_on, at, zone),
            duration_minutes=60,
            time_zone=zone,
            video_link=f"https://meet.example.org/tpc-{group.slug}",
            agenda="1. Open action items\n2. Progress from each site",
            status=Meeting.Status.HELD,
            created_by=lead,
        )
        minutes_save(actor=lead, meeting=meeting, text=MINUTES, base_revision=0)
        minutes_publish(actor=lead, meeting=meeting)
        if back > 0:
            minutes_approve(actor=lead, meeting=meeting)
        present = rng.sample(members, max(1, len(members) * 2 // 3))
        attendance_record(actor=lead, meeting=meeting, present=present)
        owner = rng.choice(members)
        item = action_item_create(
            actor=lead,
            group=group,
            owner=owner,
            text=rng.choice(ACTIONS),
            due=timezone.localdate() + timedelta(days=rng.randint(1, 20)),
            meeting=meeting,
        )
        if back > 1:
            action_item_done(actor=lead, item=item)


def _documents(group: WorkingGroup, lead: User, number: int) -> int:
    document_add(
        actor=lead,
        group=group,
        title=f"{group.name}: charter and work plan",
        version="1.0",
        visibility="public",
        link=f"https://example.org/tpc/{group.slug}/charter",
    )
    if number % 2:
        return 1
    text = f"# {group.name}: notes for members\n\nDraft findings, not for circulation.\n"
    document_add(
        actor=lead,
        group=group,
        title=f"{group.name}: internal notes",
        version="0.3",
        visibility="members",
        upload=SimpleUploadedFile("notes.md", text.encode(), content_type="text/markdown"),
    )
    return 2
