"""Events themselves: creating one, changing, publishing and cancelling it, closing its
registration, writing to everyone registered, and the day-before reminder.

Who holds a place is in registration.py. A change to the time, the place or the status
raises the event's SEQUENCE, so calendar programs replace what they hold.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events import audit, notices
from events.models import Event, Question, Registration
from events.permissions import can_create_event, forget_organised
from events.services.common import event_locked, record, registrants, require_organiser, tell
from events.services.registration import capacity_change, fill
from members.models import User
from members.services.common import validated
from tpc_portal.errors import ApplicationError

# The fields that move an event in the calendar: a change to one tells the registrants.
MOVING = ("start", "end", "time_zone", "venue", "format")
# What an organiser may change with event_update (the capacity has its own rules).
EDITABLE = (
    "kind", "title", "description", "start", "end", "time_zone", "format", "venue",
    "online_link", "registration_opens", "registration_closes", "audience", "mode",
    "institution_cap", "cap_until", "group", "institution",
)  # fmt: skip
REMINDER_LEAD = timedelta(hours=24)
# Addresses under /events/ that are pages of their own, not events (events/urls.py).
RESERVED_SLUGS = frozenset({"new", "my", "mine", "past", "registrations"})


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "event"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def event_create(
    *,
    actor: User,
    data: Mapping[str, Any],
    questions: Iterable[Mapping[str, Any]] = (),
) -> Event:
    """A confirmed member creates an event, as a draft they organise."""
    if not can_create_event(actor):
        raise ApplicationError(_("Events are organised by confirmed members of the consortium."))
    fields = {name: data[name] for name in EDITABLE if name in data}
    event = Event(**fields, capacity=data.get("capacity"))
    event.slug = data.get("slug") or _unique_slug(str(fields.get("title", "")))
    if event.slug in RESERVED_SLUGS:
        raise ApplicationError(
            _("Please choose another short name."), errors={"slug": [_("This address is taken.")]}
        )
    validated(event)
    try:
        with transaction.atomic():
            event.save()
            event.organisers.add(actor)
            questions_set(event, questions)
            record(audit.EVENT_CREATED, actor=actor, event=event)
    except IntegrityError as error:
        raise ApplicationError(
            _("Please choose another short name."), errors={"slug": [_("This address is taken.")]}
        ) from error
    forget_organised(actor)
    return event


def questions_set(event: Event, questions: Iterable[Mapping[str, Any]]) -> None:
    """Replace the event's questions (in the caller's transaction); answers already given
    to a question that stays are kept (the question keeps its id when its label does)."""
    keep = {question.label: question for question in event.questions.all()}
    wanted: list[Question] = []
    for position, given in enumerate(questions):
        label = str(given.get("label", "")).strip()
        if not label:
            continue
        question = keep.pop(label, None) or Question(event=event, label=label)
        question.position = position
        question.kind = given.get("kind") or Question.Kind.TEXT
        question.choices = str(given.get("choices", "") or "")
        question.required = bool(given.get("required"))
        validated(question, exclude=["event"])
        wanted.append(question)
    Question.objects.filter(pk__in=[question.pk for question in keep.values()]).delete()
    for question in wanted:
        question.save()


def event_update(
    *,
    event: Event,
    actor: User,
    data: Mapping[str, Any],
    questions: Sequence[Mapping[str, Any]] | None = None,
    confirm_capacity: bool = False,
    now: datetime | None = None,
) -> Event:
    """An organiser changes the event. A change to its time or place raises its SEQUENCE
    and tells everyone registered or waiting; a capacity change follows
    registration.capacity_change (raising it moves the waitlist up)."""
    now = now or timezone.now()
    with event_locked(event) as locked:
        require_organiser(actor, locked)
        old_start = locked.start
        changed, moved = _apply_changes(locked, data)
        locked.save()
        if questions is not None:
            questions_set(locked, questions)
        if "capacity" in data and data["capacity"] != locked.capacity:
            changed.append("capacity")
            capacity_change(
                locked, data["capacity"], actor=actor, confirmed=confirm_capacity, now=now
            )
        elif changed:
            # The cap may have been lifted or raised: whoever it held back moves up.
            fill(locked, now=now, actor=actor)
        if changed:
            record(audit.EVENT_CHANGED, actor=actor, event=locked, fields=changed)
        if moved and locked.status == Event.Status.PUBLISHED:
            tell(
                registrants(locked, *Registration.ACTIVE),
                notices.CHANGED,
                locked,
                actor=actor,
                old_start=old_start.isoformat() if "start" in moved else None,
            )
    return locked


def _apply_changes(locked: Event, data: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Set the changed fields on the locked event, checked; returns the names changed and
    those that move it in the calendar (raising its SEQUENCE)."""
    if locked.status == Event.Status.CANCELLED:
        raise ApplicationError(_("This event was cancelled: it does not change any more."))
    if "slug" in data and data["slug"] != locked.slug:
        raise ApplicationError(
            _("An event keeps its address."), errors={"slug": [_("This cannot change.")]}
        )
    before = {name: getattr(locked, name) for name in MOVING}
    changed = [name for name in EDITABLE if name in data and getattr(locked, name) != data[name]]
    if "mode" in changed and locked.registrations.exists():
        raise ApplicationError(
            _("People have registered: the way places are given cannot change now."),
            errors={"mode": [_("This cannot change once people have registered.")]},
        )
    for name in changed:
        setattr(locked, name, data[name])
    validated(locked)
    moved = [name for name in MOVING if getattr(locked, name) != before[name]]
    if moved:
        locked.sequence += 1
    return changed, moved


def event_publish(*, event: Event, actor: User) -> Event:
    with event_locked(event) as locked:
        require_organiser(actor, locked)
        if locked.status != Event.Status.DRAFT:
            raise ApplicationError(_("Only a draft is published."))
        locked.status = Event.Status.PUBLISHED
        locked.save(update_fields=["status", "updated"])
        record(audit.EVENT_PUBLISHED, actor=actor, event=locked)
    return locked


def event_cancel(
    *, event: Event, actor: User, message: str = "", now: datetime | None = None
) -> Event:
    """Cancel the event: everyone registered, waiting or applying is told (with the
    organisers' words), and its calendar file says CANCELLED from now on."""
    now = now or timezone.now()
    with event_locked(event) as locked:
        require_organiser(actor, locked)
        if locked.status == Event.Status.CANCELLED:
            raise ApplicationError(_("This event is already cancelled."))
        if now >= locked.end:
            raise ApplicationError(_("This event is over: it cannot be cancelled."))
        was = locked.status
        locked.status = Event.Status.CANCELLED
        locked.sequence += 1
        locked.save(update_fields=["status", "sequence", "updated"])
        record(audit.EVENT_CANCELLED, actor=actor, event=locked)
        if was == Event.Status.PUBLISHED:
            tell(
                registrants(locked, *Registration.ACTIVE),
                notices.CANCELLED,
                locked,
                actor=actor,
                message=message.strip(),
            )
    return locked


def registration_close(*, event: Event, actor: User, now: datetime | None = None) -> Event:
    """Close registration now (the places taken and the waitlist stay as they are)."""
    now = now or timezone.now()
    with event_locked(event) as locked:
        require_organiser(actor, locked)
        if now >= locked.closes:
            raise ApplicationError(_("Registration is already closed."))
        locked.registration_closes = max(now, locked.registration_opens + timedelta(seconds=1))
        locked.save(update_fields=["registration_closes", "updated"])
        record(audit.REGISTRATION_CLOSED, actor=actor, event=locked)
    return locked


def event_message(*, event: Event, actor: User, message: str, waitlist: bool = False) -> int:
    """Write to everyone holding a place (and, if asked, everyone waiting), through their
    inbox and e-mail preferences. Returns how many were written to."""
    message = message.strip()
    if not message:
        raise ApplicationError(
            _("Write the message first."), errors={"message": [_("This field is required.")]}
        )
    if len(message) > 5000:
        raise ApplicationError(
            _("Please keep the message under 5,000 characters."),
            errors={"message": [_("Please keep the message under 5,000 characters.")]},
        )
    statuses = [Registration.Status.REGISTERED]
    if waitlist:
        statuses.append(Registration.Status.WAITLISTED)
    with event_locked(event) as locked:
        require_organiser(actor, locked)
        people = registrants(locked, *statuses)
        tell(people, notices.MESSAGE, locked, actor=actor, message=message)
        record(audit.MESSAGE_SENT, actor=actor, event=locked, recipients=len(people))
    return len(people)


def organisers_set(*, event: Event, actor: User, organisers: Iterable[User]) -> None:
    """Name the event's organisers: always at least one."""
    people = list(organisers)
    if not people:
        raise ApplicationError(
            _("An event always has at least one organiser."),
            errors={"organisers": [_("Name at least one organiser.")]},
        )
    with event_locked(event) as locked:
        require_organiser(actor, locked)
        before = set(locked.organisers.all())
        locked.organisers.set(people)
        record(audit.EVENT_CHANGED, actor=actor, event=locked, fields=["organisers"])
    for person in before | set(people):
        forget_organised(person)


# --- Reminders ----------------------------------------------------------------------------------


def _due(now: datetime) -> Q:
    return Q(
        status=Event.Status.PUBLISHED,
        start__gt=now,
        start__lte=now + REMINDER_LEAD,
    ) & (Q(reminded_for__isnull=True) | ~Q(reminded_for=F("start")))


def event_reminders_send(*, now: datetime | None = None) -> int:
    """Remind everyone holding a place, once, of each event starting within 24 hours.

    As meeting reminders (workinggroups/services/meetings.py): each event is claimed in its
    own short transaction by one UPDATE that sets `reminded_for = start` while it is still
    due (skipping a row another run holds), so two runs never both send, a run killed
    before its commit is caught up by the next, and an event moved after its reminder
    gets one for its new start. Returns how many events were reminded.
    """
    now = now or timezone.now()
    sent = 0
    for pk in list(Event.objects.filter(_due(now)).values_list("pk", flat=True)):
        with transaction.atomic():
            claimable = (
                Event.objects.filter(_due(now), pk=pk)
                .select_for_update(skip_locked=True)
                .order_by()
                .values("pk")
            )
            if not Event.objects.filter(pk__in=claimable).update(reminded_for=F("start")):
                continue
            event = Event.objects.get(pk=pk)
            tell(registrants(event), notices.REMINDER, event)
            sent += 1
    return sent
