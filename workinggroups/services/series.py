"""Recurring series: creating one, keeping its occurrences generated up to a rolling
horizon, and changing one occurrence, this and the following ones, or all of them.

How a change reaches the stored occurrences (`_reconcile`): the occurrences the changed
series gives are matched with the stored meetings BY THEIR LOCAL DAY. A matched meeting is
kept (its UID, agenda, minutes, cancellation and reminder state stay), moved to the new
time and given the series' new title, place and link (its agenda too, unless it was
written for that meeting alone); a stored meeting with no day left in the series is
deleted if it had not started, or kept as a meeting of its own. A meeting changed on its
own (`detached`) keeps what was changed and is only re-keyed to the series' occurrence on
its day. Meetings that have started are never changed.

Why "all" sometimes splits: a series' rule and time hold for every occurrence, past ones
included (that is what its calendar file says). Changing the time of day, the zone or the
alternate time of a series that has already met would rewrite the past in everyone's
calendar, so it ends the series before its next meeting and continues it in a new one
(`split_from`), exactly as "this and following" from that meeting does. The days a series
meets on (rule, first day) change only with "this and following".

Locks: every change locks the series' row first, then its meetings' rows, in that order
(a change to one occurrence locks only that meeting), so two edits of one series apply one
after the other.
"""

import enum
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import User
from members.services.common import validated
from tpc_portal.errors import ApplicationError
from workinggroups import audit, meeting_selectors, notices
from workinggroups.models import Meeting, Series, WorkingGroup
from workinggroups.recurrence import (
    Occurrence,
    Pattern,
    RuleError,
    first_day_error,
    local_moment,
    occurrences,
    occurrences_before,
    rule_count,
    rule_with_count,
    validate_rule,
)
from workinggroups.services.meetings import (
    locked,
    meeting_cancel,
    meeting_change,
    meeting_link,
    record,
    require_lead,
    tell_members,
    zone_checked,
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

# Occurrences are stored this far ahead; the daily beat task moves the horizon on.
SERIES_HORIZON = timedelta(days=183)
# Earlier than any meeting: "from the beginning" for occurrences().
_DAWN = datetime(1970, 1, 1, tzinfo=UTC)


class Scope(enum.StrEnum):
    THIS = "this"
    FOLLOWING = "following"
    ALL = "all"

    @property
    def label(self) -> str:
        return str(SCOPE_LABELS[self])


SCOPE_LABELS = {
    Scope.THIS: gettext_lazy("This meeting only"),
    Scope.FOLLOWING: gettext_lazy("This and the following meetings"),
    Scope.ALL: gettext_lazy("All upcoming meetings of the series"),
}


def pattern_of(series: Series) -> Pattern:
    return Pattern(
        rule=series.rule,
        first_day=series.first_day,
        local_time=series.local_time,
        time_zone=series.time_zone,
        alternate_time=series.alternate_time,
        until=series.until,
    )


def _rule_checked(rule: str) -> str:
    try:
        return validate_rule(rule)
    except RuleError as error:
        raise ApplicationError(error.message, errors={"rule": [error.message]}) from error


def _pattern_checked(pattern: Pattern, *, day_field: str = "first_day") -> Pattern:
    """A pattern whose rule is valid, whose first day is an occurrence and whose end fits."""
    pattern = replace(pattern, rule=_rule_checked(pattern.rule))
    zone_checked(pattern.time_zone)
    if pattern.until is not None and rule_count(pattern.rule) is not None:
        message = _("A series ends by its number of meetings (COUNT) or by a last day, not both.")
        raise ApplicationError(message, errors={"until": [message]})
    if pattern.until is not None and pattern.until < pattern.first_day:
        message = _("The last day comes after the first meeting.")
        raise ApplicationError(message, errors={"until": [message]})
    if pattern.alternate_time == pattern.local_time:
        pattern = replace(pattern, alternate_time=None)
    error = first_day_error(pattern)
    if error is not None:
        raise ApplicationError(error, errors={day_field: [error]})
    return pattern


def _first_start(pattern: Pattern, now: datetime, *, day_field: str = "first_day") -> Occurrence:
    """The first meeting of a checked pattern (its first day is an occurrence), if future."""
    first = Occurrence(
        0, pattern.first_day, local_moment(pattern.first_day, pattern.local_time, pattern.zone)
    )
    if first.start <= now:
        message = _("The first meeting must be in the future.")
        raise ApplicationError(message, errors={day_field: [_("This time has passed.")]})
    return first


def _occurrence_meeting(series: Series, occurrence: Occurrence, now: datetime) -> Meeting:
    return Meeting(
        group_id=series.group_id,
        series=series,
        occurrence=occurrence.start,
        start=occurrence.start,
        title=series.title,
        duration_minutes=series.duration_minutes,
        time_zone=series.time_zone,
        location=series.location,
        video_link=series.video_link,
        agenda=series.agenda,
        created_by_id=series.created_by_id,
        created=now,
        updated=now,
    )


def _series_state(series: Series) -> dict[str, Any]:
    return {
        "title": series.title,
        "rule": series.rule,
        "first_day": series.first_day.isoformat(),
        "local_time": series.local_time.isoformat("minutes"),
        "alternate_time": series.alternate_time.isoformat("minutes")
        if series.alternate_time
        else None,
        "time_zone": series.time_zone,
        "duration_minutes": series.duration_minutes,
        "until": series.until.isoformat() if series.until else None,
        "location": series.location,
        "has_video_link": bool(series.video_link),
    }


def _series_notice(series: Series, first: datetime, **extra: Any) -> dict[str, Any]:
    return {
        "group": series.group.name,
        "title": series.title,
        "start": first.isoformat(),
        "time_zone": series.time_zone,
        "rule": series.rule,
        "series": series.pk,
    } | extra


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
    pattern = _pattern_checked(
        Pattern(
            rule=rule,
            first_day=first_day,
            local_time=local_time,
            time_zone=time_zone,
            alternate_time=alternate_time,
            until=until,
        )
    )
    first = _first_start(pattern, now)
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
        _check_meeting_fields(series)
        # A series that starts beyond the horizon still has its first meeting stored.
        series.generated_until = max(now + SERIES_HORIZON, first.start + timedelta(seconds=1))
        series.save()
        upcoming = occurrences(pattern, after=_DAWN, before=series.generated_until)
        Meeting.objects.bulk_create([_occurrence_meeting(series, o, now) for o in upcoming])
        record(
            audit.SERIES_CREATED,
            actor=actor,
            subject=series,
            after=_series_state(series),
            context={"meetings": len(upcoming)},
        )
        tell_members(
            group,
            notices.MEETING_SCHEDULED,
            context=_series_notice(series, first.start),
            link=meeting_link(Meeting.objects.get(series=series, occurrence=first.start)),
            actor=actor,
        )
    return series


def _check_meeting_fields(series: Series) -> None:
    """The fields every occurrence copies are valid for a meeting too."""
    now = timezone.now()
    validated(
        _occurrence_meeting(series, Occurrence(0, series.first_day, now), now),
        exclude=["group", "series", "created_by"],
    )


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
            since = max(series.generated_until or _DAWN, now)
            stored = Meeting.objects.filter(series=series).count()
            Meeting.objects.bulk_create(
                [
                    _occurrence_meeting(series, occurrence, now)
                    for occurrence in occurrences(pattern_of(series), after=since, before=horizon)
                ],
                ignore_conflicts=True,
            )
            added += Meeting.objects.filter(series=series).count() - stored
            series.generated_until = horizon
            series.save(update_fields=["generated_until"])
    return added


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
    change = _Change(
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


@dataclass(frozen=True, kw_only=True)
class _Change:
    """What the edit form asks of a series (see series_change)."""

    fields: dict[str, Any]
    standing_agenda: str | None
    agenda: str
    time_zone: str
    day: date
    at: time
    alternate_time: time | None
    rule: str | None
    until: date | None


def _key(meeting: Meeting) -> datetime:
    assert meeting.occurrence is not None  # noqa: S101 - an occurrence has its key
    return meeting.occurrence


def _change_following(series: Series, edited: Meeting, actor: User, change: _Change) -> Meeting:
    now = timezone.now()
    if _key(edited) <= now or edited.start <= now:
        raise ApplicationError(_("This meeting has started: change the following ones instead."))
    earlier = occurrences_before(pattern_of(series), _key(edited))
    if earlier and change.day <= earlier[-1].day:
        message = _("The changed series starts after the meeting before this one.")
        raise ApplicationError(message, errors={"day": [message]})
    pattern = _pattern_checked(
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
    first = _first_start(pattern, now, day_field="day")
    if not earlier:
        return _rewrite_in_place(series, edited, actor, change, pattern)
    return _split(series, edited, actor, change, pattern, first, cut=_key(edited))


def _change_all(series: Series, edited: Meeting, actor: User, change: _Change) -> Meeting:
    now = timezone.now()
    old = pattern_of(series)
    edited_day = _key(edited).astimezone(old.zone).date()
    if change.day != edited_day or (
        change.rule is not None
        and rule_with_count(_rule_checked(change.rule), None) != rule_with_count(old.rule, None)
    ):
        message = _(
            "To change the days the series meets on, choose “this and the following meetings”."
        )
        raise ApplicationError(message, errors={"rule": [message]})
    # The form shows this occurrence's own slot first: map a rotating series back.
    at, alternate = change.at, change.alternate_time
    if alternate is not None and len(occurrences_before(old, _key(edited))) % 2:
        at, alternate = alternate, at
    pattern = _pattern_checked(
        replace(
            old,
            local_time=at,
            alternate_time=alternate,
            time_zone=change.time_zone,
            until=change.until,
        )
    )
    if not _moves(old, pattern) or not occurrences_before(old, now):
        return _rewrite_in_place(series, edited, actor, change, pattern)
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
    first = _first_start(pattern, now)
    return _split(series, edited, actor, change, pattern, first, cut=cut.start)


def _moves(old: Pattern, new: Pattern) -> bool:
    """Whether the meetings of the series move (not only their title, place or length)."""
    return (
        rule_with_count(old.rule, None),
        old.first_day,
        old.local_time,
        old.alternate_time,
        old.time_zone,
    ) != (
        rule_with_count(new.rule, None),
        new.first_day,
        new.local_time,
        new.alternate_time,
        new.time_zone,
    )


def _apply(series: Series, change: _Change, pattern: Pattern) -> None:
    for name, value in change.fields.items():
        setattr(series, name, value)
    if change.standing_agenda is not None:
        series.agenda = change.standing_agenda
    series.rule = pattern.rule
    series.first_day = pattern.first_day
    series.local_time = pattern.local_time
    series.alternate_time = pattern.alternate_time
    series.time_zone = pattern.time_zone
    series.until = pattern.until


def _rewrite_in_place(
    series: Series, edited: Meeting, actor: User, change: _Change, pattern: Pattern
) -> Meeting:
    """Change the series itself: it has not met yet, or its meetings do not move (only
    their title, place, link, length, standing agenda or last day change)."""
    now = timezone.now()
    old_pattern, old_state, old_agenda = pattern_of(series), _series_state(series), series.agenda
    _apply(series, change, pattern)
    validated(series)
    _check_meeting_fields(series)
    moved = _moves(old_pattern, pattern)
    series_changed = _series_state(series) != old_state or series.agenda != old_agenda
    if series_changed:
        series.sequence += 1
    series.generated_until = max(series.generated_until or now, now + SERIES_HORIZON)
    series.save()
    # A series that has not met is matched from its beginning; otherwise from now on.
    since = _DAWN if moved else now
    kept = _reconcile(
        list(Meeting.objects.select_for_update().filter(series=series, occurrence__gte=since)),
        series,
        since=since,
        old=old_pattern,
        old_agenda=old_agenda,
        edited=edited,
        agenda=change.agenda,
        now=now,
    )
    if series_changed:
        record(
            audit.SERIES_CHANGED,
            actor=actor,
            subject=series,
            before=old_state,
            after=_series_state(series),
        )
    shown = kept.get(edited.pk) or _first_of(series, edited)
    if moved:
        tell_members(
            series.group,
            notices.MEETING_MOVED,
            context=_series_notice(series, shown.start),
            link=meeting_link(shown),
            actor=actor,
        )
    return shown


def _first_of(series: Series, fallback: Meeting) -> Meeting:
    """The series' first stored meeting (the one to show after a change), or `fallback`."""
    first = Meeting.objects.select_related("group").filter(series=series).order_by("occurrence")
    return first.first() or fallback


def _split(
    series: Series,
    edited: Meeting,
    actor: User,
    change: _Change,
    pattern: Pattern,
    first: Occurrence,
    *,
    cut: datetime,
) -> Meeting:
    """End `series` before the occurrence `cut` and continue it as a new series."""
    now = timezone.now()
    old_pattern, old_state, old_agenda = pattern_of(series), _series_state(series), series.agenda
    series.until = min(cut.astimezone(old_pattern.zone).date(), pattern.first_day) - timedelta(
        days=1
    )
    series.rule = rule_with_count(series.rule, None)
    series.sequence += 1
    series.save(update_fields=["until", "rule", "sequence"])
    continued = Series(group=series.group, split_from=series, created_by=actor, created=now)
    for name in ("title", "agenda", "location", "video_link", "duration_minutes"):
        setattr(continued, name, getattr(series, name))
    _apply(continued, change, pattern)
    validated(continued, exclude=["generated_until"])
    _check_meeting_fields(continued)
    continued.generated_until = now + SERIES_HORIZON
    continued.save()
    kept = _reconcile(
        list(Meeting.objects.select_for_update().filter(series=series, occurrence__gte=cut)),
        continued,
        since=_DAWN,
        old=old_pattern,
        old_agenda=old_agenda,
        edited=edited,
        agenda=change.agenda,
        now=now,
    )
    record(
        audit.SERIES_SPLIT,
        actor=actor,
        subject=series,
        before=old_state,
        after=_series_state(series),
        context={"continued_by": continued.pk, "from": pattern.first_day.isoformat()},
    )
    record(
        audit.SERIES_CREATED,
        actor=actor,
        subject=continued,
        after=_series_state(continued),
        context={"split_from": series.pk},
    )
    shown = kept.get(edited.pk) or _first_of(continued, edited)
    if first.start != cut or _moves(replace(old_pattern, first_day=pattern.first_day), pattern):
        tell_members(
            series.group,
            notices.MEETING_MOVED,
            context=_series_notice(continued, first.start, old_start=cut.isoformat()),
            link=meeting_link(shown),
            actor=actor,
        )
    return shown


_COPIED = ("title", "location", "video_link", "duration_minutes", "time_zone")
_WATCHED = (*_COPIED, "agenda", "start", "status")


def _reconcile(
    olds: list[Meeting],
    series: Series,
    *,
    since: datetime,
    old: Pattern,
    old_agenda: str,
    edited: Meeting,
    agenda: str,
    now: datetime,
) -> dict[int, Meeting]:
    """Match the stored meetings `olds` (of the series before the change, `old`) with the
    occurrences of `series` from `since` to its horizon, by local day (module docstring).
    Returns the kept meetings by id."""
    assert series.generated_until is not None  # noqa: S101 - set by every caller
    wanted = {
        occurrence.day: occurrence
        for occurrence in occurrences(
            pattern_of(series), after=since, before=series.generated_until
        )
    }
    kept: dict[date, Meeting] = {}
    gone, alone = [], []
    for meeting in olds:
        day = _key(meeting).astimezone(old.zone).date()
        started = meeting.start <= now or meeting.status == Meeting.Status.HELD
        if day in wanted and day not in kept:
            kept[day] = meeting
        elif started or (meeting.detached and meeting.pk != edited.pk):
            alone.append(meeting)
        else:
            gone.append(meeting)
    Meeting.objects.filter(pk__in=[meeting.pk for meeting in gone]).delete()
    # Free the keys first, so that re-keying never meets a key that is about to be freed.
    Meeting.objects.filter(pk__in=[m.pk for m in (*kept.values(), *alone)]).update(occurrence=None)
    for meeting in alone:
        meeting.series, meeting.occurrence, meeting.detached = None, None, False
        meeting.sequence += 1
        meeting.updated = now
        meeting.save(update_fields=["series", "occurrence", "detached", "sequence", "updated"])
    for day, meeting in kept.items():
        _conform(
            meeting,
            series,
            wanted.pop(day),
            agenda=agenda if meeting.pk == edited.pk else None,
            old_agenda=old_agenda,
            now=now,
        )
    Meeting.objects.bulk_create(
        [_occurrence_meeting(series, occurrence, now) for occurrence in wanted.values()]
    )
    return {meeting.pk: meeting for meeting in kept.values()}


def _conform(
    meeting: Meeting,
    series: Series,
    occurrence: Occurrence,
    *,
    agenda: str | None,
    old_agenda: str,
    now: datetime,
) -> None:
    """Make a kept meeting the series' occurrence on its day. `agenda` is the edited
    meeting's own (None for the others: they take the new standing agenda unless they had
    one of their own)."""
    before = [getattr(meeting, name) for name in _WATCHED]
    meeting.series, meeting.occurrence = series, occurrence.start
    started = meeting.start <= now or meeting.status == Meeting.Status.HELD
    if not started and (not meeting.detached or agenda is not None):
        for name in _COPIED:
            setattr(meeting, name, getattr(series, name))
        if agenda is not None:
            meeting.agenda = agenda
        elif meeting.agenda in ("", old_agenda):
            meeting.agenda = series.agenda
        meeting.start = occurrence.start
        meeting.detached = False
    if [getattr(meeting, name) for name in _WATCHED] != before:
        meeting.sequence += 1
        meeting.updated = now
    meeting.save()
