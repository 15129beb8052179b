"""Rewriting a series after a change to all of it or to this and the following meetings:
in place, or split at the first meeting that has not started, and the stored meetings
reconciled with the occurrences the changed series gives (series.py says how they
are matched)."""

from dataclasses import replace
from datetime import date, datetime, timedelta

from django.utils import timezone

from members.models import User
from members.services.common import validated
from workinggroups import audit, notices
from workinggroups.models import Meeting, Series
from workinggroups.recurrence import (
    Occurrence,
    Pattern,
    occurrences,
    rule_with_count,
)
from workinggroups.services.meeting_common import (
    meeting_link,
    record,
    tell_members,
)
from workinggroups.services.series_common import (
    DAWN,
    SERIES_HORIZON,
    Change,
    change_apply,
    check_meeting_fields,
    moves,
    occurrence_key,
    occurrence_meeting,
    pattern_of,
    series_notice,
    series_state,
)


def rewrite_in_place(
    series: Series, edited: Meeting, actor: User, change: Change, pattern: Pattern
) -> Meeting:
    """Change the series itself: it has not met yet, or its meetings do not move (only
    their title, place, link, length, standing agenda or last day change)."""
    now = timezone.now()
    old_pattern, old_state, old_agenda = pattern_of(series), series_state(series), series.agenda
    change_apply(series, change, pattern)
    validated(series)
    check_meeting_fields(series)
    moved = moves(old_pattern, pattern)
    series_changed = series_state(series) != old_state or series.agenda != old_agenda
    if series_changed:
        series.sequence += 1
    series.generated_until = max(series.generated_until or now, now + SERIES_HORIZON)
    series.save()
    # A series that has not met is matched from its beginning; otherwise from now on.
    since = DAWN if moved else now
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
            after=series_state(series),
        )
    shown = kept.get(edited.pk) or _first_of(series, edited)
    if moved:
        tell_members(
            series.group,
            notices.MEETING_MOVED,
            context=series_notice(series, shown.start),
            link=meeting_link(shown),
            actor=actor,
        )
    return shown


def _first_of(series: Series, fallback: Meeting) -> Meeting:
    """The series' first stored meeting (the one to show after a change), or `fallback`."""
    first = Meeting.objects.select_related("group").filter(series=series).order_by("occurrence")
    return first.first() or fallback


def split(
    series: Series,
    edited: Meeting,
    actor: User,
    change: Change,
    pattern: Pattern,
    first: Occurrence,
    *,
    cut: datetime,
) -> Meeting:
    """End `series` before the occurrence `cut` and continue it as a new series."""
    now = timezone.now()
    old_pattern, old_state, old_agenda = pattern_of(series), series_state(series), series.agenda
    series.until = min(cut.astimezone(old_pattern.zone).date(), pattern.first_day) - timedelta(
        days=1
    )
    series.rule = rule_with_count(series.rule, None)
    series.sequence += 1
    series.save(update_fields=["until", "rule", "sequence"])
    continued = Series(group=series.group, split_from=series, created_by=actor, created=now)
    for name in ("title", "agenda", "location", "video_link", "duration_minutes"):
        setattr(continued, name, getattr(series, name))
    change_apply(continued, change, pattern)
    validated(continued, exclude=["generated_until"])
    check_meeting_fields(continued)
    continued.generated_until = now + SERIES_HORIZON
    continued.save()
    kept = _reconcile(
        list(Meeting.objects.select_for_update().filter(series=series, occurrence__gte=cut)),
        continued,
        since=DAWN,
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
        after=series_state(series),
        context={"continued_by": continued.pk, "from": pattern.first_day.isoformat()},
    )
    record(
        audit.SERIES_CREATED,
        actor=actor,
        subject=continued,
        after=series_state(continued),
        context={"split_from": series.pk},
    )
    shown = kept.get(edited.pk) or _first_of(continued, edited)
    if first.start != cut or moves(replace(old_pattern, first_day=pattern.first_day), pattern):
        tell_members(
            series.group,
            notices.MEETING_MOVED,
            context=series_notice(continued, first.start, old_start=cut.isoformat()),
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
        day = occurrence_key(meeting).astimezone(old.zone).date()
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
        [occurrence_meeting(series, occurrence, now) for occurrence in wanted.values()]
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
