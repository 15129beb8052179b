"""Action items and their reminders.

Who may do what is in workinggroups/permissions.py: a lead gives an item to any member,
a member records one for themselves; the owner or a lead marks it done or reopens it.

Reminders (`action_item_reminders_send`, run hourly by beat) go to the owner the day
before the due date ("due") and once the day after it ("overdue"). Which day it is, is
the owner's: the day in the time zone of their profile (UTC when they chose none), so a
person in Tokyo is reminded in the first hour of their Monday, not at 09:00 on Monday
there because the server's day started. An hourly run is what makes that hold for every
zone. The due date itself is a calendar day with no zone: the day the owner agreed to.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from notifications.kinds import Kind
from notifications.services import notify
from tpc_portal.audit import audit_record
from tpc_portal.errors import ApplicationError
from tpc_portal.people import person_name
from workinggroups import audit
from workinggroups.models import ActionItem, Meeting, Membership, WorkingGroup
from workinggroups.notices import ACTION_ITEM_ASSIGNED, ACTION_ITEM_DUE, ACTION_ITEM_OVERDUE
from workinggroups.permissions import (
    can_close_action_item,
    can_give_action_item,
    can_manage_group,
)
from workinggroups.services.record_common import local_today, require, validated

__all__ = [
    "REMINDER_BATCH_SIZE",
    "action_item_create",
    "action_item_done",
    "action_item_reminders_send",
    "action_item_reopen",
    "action_item_update",
]

REMINDER_BATCH_SIZE = 200


def _check_owner(group: WorkingGroup, owner: User) -> None:
    if not Membership.objects.filter(
        group=group, user=owner, status=Membership.Status.ACTIVE, user__is_active=True
    ).exists():
        raise ApplicationError(
            _("An action item belongs to a member of the group."),
            errors={"owner": [_("Choose one of the group's members.")]},
        )


def _check_due(actor: User, due: date) -> None:
    if due < local_today(actor):
        raise ApplicationError(
            _("The due date has passed already."),
            errors={"due": [_("Choose today or a later day.")]},
        )


def _context(item: ActionItem) -> dict[str, str]:
    return {"group": item.group.name, "text": item.text, "due": item.due.isoformat()}


def _link() -> str:
    return reverse("workinggroups:action_items_mine")


def action_item_create(
    *,
    actor: User,
    group: WorkingGroup,
    owner: User,
    text: str,
    due: date,
    meeting: Meeting | None = None,
) -> ActionItem:
    """Give `owner` an action item in `group`, due on `due`, perhaps from `meeting`.

    Guarantees: a lead gives one to any active member, a member only to themselves; the
    group is active; the meeting, if any, is the group's; the due day is not past (the
    actor's day); audited; the owner is told, unless they gave it to themselves.
    """
    require(can_give_action_item(actor, group, owner))
    if group.status != WorkingGroup.Status.ACTIVE:
        raise ApplicationError(_("Only an active group has action items."))
    if meeting is not None and meeting.group_id != group.pk:
        raise ApplicationError(
            _("That meeting is not one of this group's."),
            errors={"meeting": [_("Not a meeting of this group.")]},
        )
    _check_owner(group, owner)
    _check_due(actor, due)
    item = ActionItem(
        group=group, meeting=meeting, text=text.strip(), owner=owner, due=due, created_by=actor
    )
    validated(item)
    with transaction.atomic():
        item.save()
        audit_record(
            actor=actor,
            subject=group,
            verb=audit.ACTION_CREATED,
            after={"owner_id": owner.pk, "due": due.isoformat()},
            context={"item": item.pk, "owner": person_name(owner), "text": item.text[:200]},
        )
        if owner.pk != actor.pk:
            notify([owner], ACTION_ITEM_ASSIGNED, context=_context(item), link=_link(), actor=actor)
    return item


def _locked(item: ActionItem) -> ActionItem:
    return ActionItem.objects.select_for_update().select_related("group").get(pk=item.pk)


def action_item_done(*, actor: User, item: ActionItem) -> ActionItem:
    """The owner or a lead marks the item done. Idempotent: an item done already stays as
    it is (no second entry)."""
    require(can_close_action_item(actor, item))
    with transaction.atomic():
        item = _locked(item)
        if item.status == ActionItem.Status.DONE:
            return item
        item.status = ActionItem.Status.DONE
        item.done = timezone.now()
        item.save(update_fields=["status", "done"])
        audit_record(
            actor=actor,
            subject=item.group,
            verb=audit.ACTION_DONE,
            before={"status": ActionItem.Status.OPEN},
            after={"status": item.status},
            context={"item": item.pk, "text": item.text[:200]},
        )
    return item


def action_item_reopen(*, actor: User, item: ActionItem) -> ActionItem:
    """The owner or a lead opens a done item again. Idempotent, like action_item_done."""
    require(can_close_action_item(actor, item))
    with transaction.atomic():
        item = _locked(item)
        if item.status == ActionItem.Status.OPEN:
            return item
        item.status = ActionItem.Status.OPEN
        item.done = None
        item.save(update_fields=["status", "done"])
        audit_record(
            actor=actor,
            subject=item.group,
            verb=audit.ACTION_REOPENED,
            before={"status": ActionItem.Status.DONE},
            after={"status": item.status},
            context={"item": item.pk, "text": item.text[:200]},
        )
    return item


def action_item_update(
    *,
    actor: User,
    item: ActionItem,
    text: str | None = None,
    due: date | None = None,
    owner: User | None = None,
) -> ActionItem:
    """Change an item's text, due day or owner (None leaves each as it is).

    Guarantees: a lead changes anything; the owner the text and due day of their own item;
    a new owner is an active member and is told; a new due day is not past, and re-arms
    the reminders (they are kept per due day); audited when anything changed.
    """
    is_lead = can_manage_group(actor, item.group_id)
    require(is_lead or (item.owner_id == actor.pk and owner in (None, item.owner)))
    with transaction.atomic():
        item = _locked(item)
        before = {"owner_id": item.owner_id, "due": item.due.isoformat(), "text": item.text}
        if text is not None:
            item.text = text.strip()
        if due is not None and due != item.due:
            _check_due(actor, due)
            item.due = due
        reassigned = owner is not None and owner.pk != item.owner_id
        if owner is not None and reassigned:
            _check_owner(item.group, owner)
            item.owner = owner
        validated(item)
        after = {"owner_id": item.owner_id, "due": item.due.isoformat(), "text": item.text}
        if after == before:
            return item
        item.save(update_fields=["text", "due", "owner"])
        audit_record(
            actor=actor,
            subject=item.group,
            verb=audit.ACTION_UPDATED,
            before={"owner_id": before["owner_id"], "due": before["due"]},
            after={
                "owner_id": item.owner_id,
                "due": item.due.isoformat(),
                "owner": person_name(item.owner),
            },
            context={"item": item.pk, "text": item.text[:200]},
        )
        if reassigned and item.owner_id != actor.pk:
            notify(
                [item.owner],
                ACTION_ITEM_ASSIGNED,
                context=_context(item),
                link=_link(),
                actor=actor,
            )
    return item


# --- Reminders ------------------------------------------------------------------------------


def _reminder_of(item: ActionItem, now: datetime) -> Kind | None:
    """Which reminder the item is owed at `now`, in its owner's day, if any."""
    today = local_today(item.owner, now)
    if today > item.due:
        return ACTION_ITEM_OVERDUE if item.overdue_reminded != item.due else None
    if today >= item.due - timedelta(days=1):
        return ACTION_ITEM_DUE if item.due_reminded != item.due else None
    return None


def _candidates(now: datetime) -> QuerySet[ActionItem]:
    """Open items that may owe a reminder somewhere on Earth at `now`: every zone's day is
    within one day of UTC's, so this is a superset that _reminder_of() narrows per owner."""
    utc_today = now.astimezone(UTC).date()
    owed_due = Q(due__gte=utc_today - timedelta(days=1), due__lte=utc_today + timedelta(days=2)) & (
        Q(due_reminded__isnull=True) | ~Q(due_reminded=F("due"))
    )
    owed_overdue = Q(due__lte=utc_today) & (
        Q(overdue_reminded__isnull=True) | ~Q(overdue_reminded=F("due"))
    )
    return ActionItem.objects.filter(
        owed_due | owed_overdue,
        status=ActionItem.Status.OPEN,
        owner__is_active=True,
    )


def _batches(now: datetime) -> Iterator[list[int]]:
    """The candidates' ids, a batch at a time, in order (each batch one short transaction)."""
    last = 0
    while True:
        ids = list(
            _candidates(now)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:REMINDER_BATCH_SIZE]
        )
        if not ids:
            return
        last = ids[-1]
        yield ids


def action_item_reminders_send(*, now: datetime | None = None) -> int:
    """Send each open item's owner the "due tomorrow" reminder and, after the due day, the
    "overdue" one: each once per due day. Returns how many were sent.

    Idempotent and safe to run twice at once: items are claimed in batches with
    SELECT ... FOR UPDATE SKIP LOCKED, and each item's notice and the due day it was sent
    for (`due_reminded`, `overdue_reminded`) are written in one transaction, so a run that
    dies mid-way sends nothing twice and the next run sends what it did not. A missed run
    still sends: the next one finds the reminder owed. An owner who missed the day before
    entirely gets only the overdue one, the day after. A changed due day re-arms both.
    """
    now = now or timezone.now()
    sent = 0
    for ids in _batches(now):
        with transaction.atomic():
            items = list(
                _candidates(now)
                .filter(pk__in=ids)
                .select_related("group", "owner__profile")
                .select_for_update(skip_locked=True, of=("self",))
            )
            for item in items:
                kind = _reminder_of(item, now)
                if kind is None:
                    continue
                notify([item.owner], kind, context=_context(item), link=_link())
                if kind is ACTION_ITEM_DUE:
                    item.due_reminded = item.due
                else:
                    item.overdue_reminded = item.due
                item.save(update_fields=["due_reminded", "overdue_reminded"])
                sent += 1
    return sent
