"""Recurring series: creating one, keeping its occurrences generated up to a rolling
horizon, and changing one occurrence, this and the following ones, or all of them.

How a change reaches the stored occurrences (`_reconcile`, series_rewrite.py): the
occurrences the changed series gives are matched with the stored meetings BY THEIR LOCAL
DAY. A matched meeting is kept (its UID, agenda, minutes, cancellation and reminder state
stay), moved to the new time and given the series' new title, place and link (its agenda
too, unless it was written for that meeting alone); a stored meeting with no day left in
the series is deleted if it had not started, or kept as a meeting of its own. A meeting
changed on its own (`detached`) keeps what was changed and is only re-keyed to the
series' occurrence on its day. Meetings that have started are never changed.

Why "all" sometimes splits: a series' rule and time hold for every occurrence, past ones
included (that is what its calendar file says). Changing the time of day, the zone or the
alternate time of a series that has already met would rewrite the past in everyone's
calendar, so it ends the series before its next meeting and continues it in a new one
(`split_from`), exactly as "this and following" from that meeting does. The days a series
meets on (rule, first day) change only with "this and following".

Where: making and extending here; the scopes, the pattern and what every service shares in
series_common.py; changing in series_changes.py; rewriting stored meetings in
series_rewrite.py. Callers import everything from here.

Locks: every change locks the series' row first, then its meetings' rows, in that order
(a change to one occurrence locks only that meeting), so two edits of one series apply one
after the other.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from members.models import User
from members.services.common import validated
from workinggroups import audit, meeting_selectors, notices
from workinggroups.models import Meeting, Series, WorkingGroup
from workinggroups.recurrence import (
    Pattern,
    occurrences,
)
from workinggroups.services.meeting_common import (
    meeting_link,
    record,
    require_lead,
    tell_members,
)
from workinggroups.services.series_changes import series_cancel_occurrence, series_change
from workinggroups.services.series_common import (
    DAWN,
    SERIES_HORIZON,
    Scope,
    check_meeting_fields,
    first_start,
    occurrence_meeting,
    pattern_checked,
    pattern_of,
    series_notice,
    series_state,
)

__all__ = [
    "SERIES_HORIZON",
    "Scope",
    "pattern_of",
    "series_cancel_occurrence",
    "series_change",
    "series_create",
    "series_extend_horizon",
]


# --- Creating and extending ---------------------------------------------------------------------


def series_create(
    *,
    group: WorkingGroup,
    actor: User,
    title: str,
    rule: str,
    first_day: date,
    local_time: time,
    time_zone: str,
    alternate_time: time | None = None,
    duration_minutes: int = 60,
    until: date | None = None,
    location: str = "",
    video_link: str = "",
    agenda: str = "",
) -> Series:
    """A lead starts a recurring series in their local time and zone.

    Guarantees: a valid rule (recurrence.validate_rule) whose first day is an occurrence
    and lies in the future; its occurrences up to SERIES_HORIZON stored as meetings in one
    bulk insert; an audit entry; ONE notice per member for the whole series, not one per
    occurrence.
    """
    require_lead(actor, group)
    now = timezone.now()
    pattern = pattern_checked(
        Pattern(
            rule=rule,
            first_day=first_day,
            local_time=local_time,
            time_zone=time_zone,
            alternate_time=alternate_time,
            until=until,
        )
    )
    first = first_start(pattern, now)
    with transaction.atomic():
        series = Series(
            group=group,
            title=title,
            rule=pattern.rule,
            time_zone=pattern.time_zone,
            first_day=pattern.first_day,
            local_time=pattern.local_time,
            alternate_time=pattern.alternate_time,
            duration_minutes=duration_minutes,
            until=pattern.until,
            location=location,
            video_link=video_link,
            agenda=agenda,
            created_by=actor,
            created=now,
        )
        validated(series, exclude=["generated_until"])
        check_meeting_fields(series)
        # A series that starts beyond the horizon still has its first meeting stored.
        series.generated_until = max(now + SERIES_HORIZON, first.start + timedelta(seconds=1))
        series.save()
        upcoming = occurrences(pattern, after=DAWN, before=series.generated_until)
        Meeting.objects.bulk_create([occurrence_meeting(series, o, now) for o in upcoming])
        record(
            audit.SERIES_CREATED,
            actor=actor,
            subject=series,
            after=series_state(series),
            context={"meetings": len(upcoming)},
        )
        tell_members(
            group,
            notices.MEETING_SCHEDULED,
            context=series_notice(series, first.start),
            link=meeting_link(Meeting.objects.get(series=series, occurrence=first.start)),
            actor=actor,
        )
    return series


def series_extend_horizon(*, now: datetime | None = None) -> int:
    """Store each active series' occurrences up to SERIES_HORIZON from now; returns how many
    meetings were added.

    Idempotent: a series is locked while it is extended (one being changed at that moment
    is skipped and caught up by the next run), only occurrences after what was generated
    (and after now) are added, and the database's one-meeting-per-occurrence constraint
    drops any that exist. An occurrence deleted by a change is not re-created: a split
    series has ended (`until`), and a cancelled occurrence is kept, not deleted. The
    generated occurrences are the series' own (no audit entry, no notice).
    """
    now = now or timezone.now()
    horizon = now + SERIES_HORIZON
    added = 0
    for pk in meeting_selectors.series_needing_occurrences(horizon).values_list("pk", flat=True):
        with transaction.atomic():
            series = Series.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if series is None or (series.generated_until and series.generated_until >= horizon):
                continue
            since = max(series.generated_until or DAWN, now)
            stored = Meeting.objects.filter(series=series).count()
            Meeting.objects.bulk_create(
                [
                    occurrence_meeting(series, occurrence, now)
                    for occurrence in occurrences(pattern_of(series), after=since, before=horizon)
                ],
                ignore_conflicts=True,
            )
            added += Meeting.objects.filter(series=series).count() - stored
            series.generated_until = horizon
            series.save(update_fields=["generated_until"])
    return added
