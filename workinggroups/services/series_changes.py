"""Changing a series: one occurrence, this and the following ones, or all of them (series.py
says what each does and why "all" sometimes splits)."""

from dataclasses import replace
from datetime import date, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from tpc_portal.errors import ApplicationError
from workinggroups.models import Meeting, Series
from workinggroups.recurrence import (
    Pattern,
    occurrences,
    occurrences_before,
    rule_count,
    rule_with_count,
)
from workinggroups.services.meeting_common import locked, require_lead, zone_checked
from workinggroups.services.meetings import meeting_cancel, meeting_change
from workinggroups.services.series_common import (
    SERIES_HORIZON,
    Change,
    Scope,
    first_start,
    moves,
    occurrence_key,
    pattern_checked,
    pattern_of,
    rule_checked,
)
from workinggroups.services.series_rewrite import rewrite_in_place, split

# --- Changing ------------------------------------------------------------------------------------


def series_cancel_occurrence(*, meeting: Meeting, actor: User) -> Meeting:
    """Cancel one occurrence: it keeps its date and its place in the series (meeting_cancel)."""
    return meeting_cancel(meeting=meeting, actor=actor)


def series_change(
    *,
    meeting: Meeting,
    actor: User,
    scope: Scope | str,
    title: str,
    agenda: str,
    location: str,
    video_link: str,
    duration_minutes: int,
    time_zone: str,
    day: date,
    at: time,
    alternate_time: time | None = None,
    rule: str | None = None,
    until: date | None = None,
    standing_agenda: str | None = None,
) -> Meeting:
    """Change an occurrence of a series: this one only, this and the following ones, or all.

    The values are as the edit form shows them for this occurrence: `day` and `at` are its
    day and time (for "this and following", the new series' first day and time),
    `alternate_time` the other slot of a rotating series, `agenda` this meeting's own and
    `standing_agenda` the series' (None: unchanged). Returns the meeting to show next (the
    edited one when it was kept).

    - THIS: meeting_change on the occurrence (it becomes detached if it moved or its title,
      place or link changed).
    - FOLLOWING: the series ends the day before (`until`, its SEQUENCE + 1) and a new series
      (`split_from`) starts on `day` with the changed values; the stored meetings from this
      one on are matched to it by day (module docstring). From the first occurrence, the
      series itself is changed instead.
    - ALL: the series' fields and every upcoming occurrence that was not changed on its own
      (SEQUENCE + 1 on the series and on each changed meeting); past meetings never change.
      A new time of day, zone or alternate time for a series that has met splits it before
      its next meeting (module docstring); the days it meets on change only with FOLLOWING.

    The members are told when the meetings move (one notice for the series), not when only
    the title, place or agenda change.
    """
    scope = Scope(scope)
    if meeting.series_id is None:
        raise ApplicationError(_("This meeting is not part of a series."))
    if scope == Scope.THIS:
        return meeting_change(
            meeting=meeting,
            actor=actor,
            title=title,
            agenda=agenda,
            location=location,
            video_link=video_link,
            day=day,
            at=at,
            time_zone=time_zone,
            duration_minutes=duration_minutes,
        )
    require_lead(actor, meeting.group)
    change = Change(
        fields={
            "title": title,
            "location": location,
            "video_link": video_link,
            "duration_minutes": duration_minutes,
        },
        standing_agenda=standing_agenda,
        agenda=agenda,
        time_zone=zone_checked(time_zone),
        day=day,
        at=at,
        alternate_time=alternate_time,
        rule=rule,
        until=until,
    )
    with transaction.atomic():
        series = (
            Series.objects.select_for_update(of=("self",))
            .select_related("group")
            .get(pk=meeting.series_id)
        )
        edited = locked(meeting)
        if edited.series_id != series.pk or edited.occurrence is None:
            raise ApplicationError(_("This meeting left its series meanwhile; reload the page."))
        if scope == Scope.FOLLOWING:
            return _change_following(series, edited, actor, change)
        return _change_all(series, edited, actor, change)


def _change_following(series: Series, edited: Meeting, actor: User, change: Change) -> Meeting:
    now = timezone.now()
    if occurrence_key(edited) <= now or edited.start <= now:
        raise ApplicationError(_("This meeting has started: change the following ones instead."))
    earlier = occurrences_before(pattern_of(series), occurrence_key(edited))
    if earlier and change.day <= earlier[-1].day:
        message = _("The changed series starts after the meeting before this one.")
        raise ApplicationError(message, errors={"day": [message]})
    pattern = pattern_checked(
        Pattern(
            rule=change.rule or series.rule,
            first_day=change.day,
            local_time=change.at,
            time_zone=change.time_zone,
            alternate_time=change.alternate_time,
            until=change.until,
        ),
        day_field="day",
    )
    first = first_start(pattern, now, day_field="day")
    if not earlier:
        return rewrite_in_place(series, edited, actor, change, pattern)
    return split(series, edited, actor, change, pattern, first, cut=occurrence_key(edited))


def _change_all(series: Series, edited: Meeting, actor: User, change: Change) -> Meeting:
    now = timezone.now()
    old = pattern_of(series)
    edited_day = occurrence_key(edited).astimezone(old.zone).date()
    if change.day != edited_day or (
        change.rule is not None
        and rule_with_count(rule_checked(change.rule), None) != rule_with_count(old.rule, None)
    ):
        message = _(
            "To change the days the series meets on, choose “this and the following meetings”."
        )
        raise ApplicationError(message, errors={"rule": [message]})
    # The form shows this occurrence's own slot first: map a rotating series back.
    at, alternate = change.at, change.alternate_time
    if alternate is not None and len(occurrences_before(old, occurrence_key(edited))) % 2:
        at, alternate = alternate, at
    pattern = pattern_checked(
        replace(
            old,
            local_time=at,
            alternate_time=alternate,
            time_zone=change.time_zone,
            until=change.until,
        )
    )
    if not moves(old, pattern) or not occurrences_before(old, now):
        return rewrite_in_place(series, edited, actor, change, pattern)
    upcoming = occurrences(old, after=now, before=now + SERIES_HORIZON)
    if not upcoming:
        raise ApplicationError(_("This series has no upcoming meetings to change."))
    # It has met: continue from its next meeting in a new series, keeping the rotation's turn.
    cut = upcoming[0]
    if pattern.alternate_time is not None and cut.index % 2:
        pattern = replace(
            pattern, local_time=pattern.alternate_time, alternate_time=pattern.local_time
        )
    count = rule_count(pattern.rule)
    pattern = replace(
        pattern,
        first_day=cut.day,
        rule=rule_with_count(pattern.rule, count - cut.index if count else None),
    )
    first = first_start(pattern, now)
    return split(series, edited, actor, change, pattern, first, cut=cut.start)
