"""The reminder a day before each meeting, sent once (the beat task every five minutes)."""

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from workinggroups import meeting_selectors, notices
from workinggroups.models import Meeting
from workinggroups.services.meeting_common import meeting_link, notice_context, tell_members

# The reminder goes out on the first run of the beat task at most this long before the start.
REMINDER_LEAD = timedelta(hours=24)


# --- Reminders ----------------------------------------------------------------------------------


def _claimable(pk: int, now: datetime) -> QuerySet[Meeting, Mapping[str, object]]:
    """The meeting's row, locked (skipping it if another run holds it), if it still needs
    its reminder."""
    return (
        meeting_selectors.meetings_due_for_reminder(now, REMINDER_LEAD)
        .filter(pk=pk)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by()
        .values("pk")
    )


def meeting_reminders_send(*, now: datetime | None = None) -> int:
    """Remind each active member of a group, once, of each meeting starting within 24 hours.

    Sent on the first run at or after start - 24h, by any run before the start (a missed
    run is caught up by the next one); a meeting moved after its reminder gets one for its
    new start; a cancelled meeting gets none. Returns how many meetings were reminded.

    Each meeting is claimed and reminded in its own short transaction: one UPDATE sets
    `reminded_for = start` on the row only while it is still due (locked with SELECT ...
    FOR UPDATE SKIP LOCKED, so a concurrent run skips it), the notices are created, and
    the transaction commits. Crash windows:

    - killed before the commit: the claim and the notices roll back together; the next run
      (every five minutes) sends the reminder. Nothing is lost, nothing is doubled;
    - two runs at once: the second skips the row the first holds, and after the first has
      committed the row is no longer due (`reminded_for == start`); nothing is doubled;
    - killed after the commit: the notices exist and their e-mails are pending, which
      notification delivery sends (and its sweep re-queues) at most once each.
    """
    now = now or timezone.now()
    due = list(
        meeting_selectors.meetings_due_for_reminder(now, REMINDER_LEAD).values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            claimed = Meeting.objects.filter(pk__in=_claimable(pk, now)).update(
                reminded_for=F("start")
            )
            if not claimed:
                continue
            meeting = Meeting.objects.select_related("group").get(pk=pk)
            tell_members(
                meeting.group,
                notices.MEETING_REMINDER,
                context=notice_context(meeting),
                link=meeting_link(meeting),
                actor=None,
            )
            sent += 1
    return sent
