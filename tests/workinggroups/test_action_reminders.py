"""Action item reminders with a frozen clock: the day before the due day and once after it,
each exactly once, in the owner's own day (the zone on their profile)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.conf import settings

from members.models import Profile
from notifications.models import Notification
from tests.factories import UserFactory, WorkingGroupFactory
from workinggroups.models import ActionItem
from workinggroups.services.actions import (
    action_item_create,
    action_item_done,
    action_item_reminders_send,
    action_item_update,
)
from workinggroups.tasks import send_action_item_reminders

pytestmark = pytest.mark.django_db

DUE = date(2026, 3, 10)


def at(day: int, hour: int = 0, minute: int = 30) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def _owner(zone: str = ""):
    owner = UserFactory()
    Profile.objects.filter(user=owner).update(time_zone=zone)
    owner.refresh_from_db()
    return owner


def _item(owner, due=DUE):
    group = WorkingGroupFactory(members=[owner])
    with time_machine.travel(at(1), tick=False):
        return action_item_create(
            actor=group.proposer, group=group, owner=owner, text="Draft the report", due=due
        )


def _run(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return action_item_reminders_send()


def _kinds(owner) -> list[str]:
    return list(
        Notification.objects.filter(recipient=owner)
        .exclude(kind="workinggroups.action_item_assigned")
        .order_by("id")
        .values_list("kind", flat=True)
    )


DUE_KIND = "workinggroups.action_item_due"
OVERDUE_KIND = "workinggroups.action_item_overdue"


def test_the_due_reminder_comes_the_day_before_and_the_overdue_one_the_day_after():
    owner = _owner()
    _item(owner)

    assert _run(at(8, 12)) == 0
    assert _run(at(9)) == 1
    assert _run(at(10, 12)) == 0
    assert _run(at(11)) == 1
    assert _run(at(15)) == 0

    assert _kinds(owner) == [DUE_KIND, OVERDUE_KIND]


def test_running_twice_sends_each_once():
    owner = _owner()
    _item(owner)

    _run(at(9))
    _run(at(9, 1))
    _run(at(11))
    _run(at(11))

    assert _kinds(owner) == [DUE_KIND, OVERDUE_KIND]


def test_a_missed_run_still_sends_on_the_due_day():
    owner = _owner()
    _item(owner)

    assert _run(at(10, 18)) == 1

    assert _kinds(owner) == [DUE_KIND]


def test_an_owner_who_missed_both_days_gets_only_the_overdue_reminder():
    owner = _owner()
    _item(owner)

    _run(at(13))

    assert _kinds(owner) == [OVERDUE_KIND]


def test_a_changed_due_day_sends_the_reminders_again_for_it():
    owner = _owner()
    item = _item(owner)
    _run(at(9))
    with time_machine.travel(at(9, 12), tick=False):
        action_item_update(actor=item.group.proposer, item=item, due=date(2026, 3, 20))

    _run(at(10, 12))
    _run(at(19))
    _run(at(21))

    assert _kinds(owner) == [DUE_KIND, DUE_KIND, OVERDUE_KIND]
    item.refresh_from_db()
    assert (item.due_reminded, item.overdue_reminded) == (date(2026, 3, 20), date(2026, 3, 20))


def test_done_items_are_not_reminded():
    owner = _owner()
    item = _item(owner)
    action_item_done(actor=owner, item=item)

    _run(at(9))
    _run(at(11))

    assert _kinds(owner) == []


def test_the_day_is_the_owners_own():
    tokyo, los_angeles = _owner("Asia/Tokyo"), _owner("America/Los_Angeles")
    _item(tokyo)
    _item(los_angeles)

    _run(datetime(2026, 3, 8, 15, 30, tzinfo=UTC))  # 9 March 00:30 in Tokyo, 8 March in LA
    assert _kinds(tokyo) == [DUE_KIND]
    assert _kinds(los_angeles) == []

    _run(datetime(2026, 3, 9, 6, 30, tzinfo=UTC))  # still 8 March, 23:30 in Los Angeles
    assert _kinds(los_angeles) == []
    _run(datetime(2026, 3, 9, 8, 30, tzinfo=UTC))  # 9 March 00:30 there (PST, UTC-8)
    assert _kinds(los_angeles) == [DUE_KIND]


def test_the_notice_names_the_group_the_text_and_the_day():
    owner = _owner()
    item = _item(owner)

    _run(at(9))

    notice = Notification.objects.get(recipient=owner, kind=DUE_KIND)
    assert item.group.name in notice.title
    assert "10 Mar 2026" in notice.title or "March 10, 2026" in notice.title
    assert "Draft the report" in notice.body


def test_an_inactive_owner_is_not_reminded():
    owner = _owner()
    _item(owner)
    owner.is_active = False
    owner.save()

    assert _run(at(9)) == 0


def test_the_beat_task_sends_them_hourly():
    owner = _owner()
    _item(owner)
    entry = settings.CELERY_BEAT_SCHEDULE["workinggroups-action-item-reminders"]

    with time_machine.travel(at(9), tick=False):
        send_action_item_reminders.delay()

    assert entry["task"] == "workinggroups.tasks.send_action_item_reminders"
    assert _kinds(owner) == [DUE_KIND]
    assert ActionItem.objects.get().due_reminded == DUE


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_item_another_run_holds_is_skipped_not_sent_twice():
    """A run that finds an item locked by another run (SKIP LOCKED) leaves it to that one;
    the item is sent once, by whichever run holds it."""
    import threading

    from django.db import connection, transaction

    owner = _owner()
    item = _item(owner)
    counted = {}

    def other_run():
        try:
            counted["other"] = action_item_reminders_send(now=at(9))
        finally:
            connection.close()

    with transaction.atomic():
        ActionItem.objects.select_for_update().get(pk=item.pk)  # a run in the middle of it
        thread = threading.Thread(target=other_run)
        thread.start()
        thread.join(timeout=30)
    first = action_item_reminders_send(now=at(9))
    second = action_item_reminders_send(now=at(9, 1))

    assert counted == {"other": 0}
    assert (first, second) == (1, 0)
    assert _kinds(owner) == [DUE_KIND]
