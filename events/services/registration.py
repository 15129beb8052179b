"""Registering for an event, the waitlist, applications and check-in.

The guarantees, all held on the event's locked row (common.event_locked):
- **capacity**: the registered are counted inside the lock, so concurrent registrations
  never exceed the capacity;
- **order**: each arrival takes the event's next arrival number under the lock; the
  waitlist is ordered by it, so positions have no gap and no duplicate;
- **promotion**: whenever a place frees (a cancellation, a raised capacity, an accepted
  applicant withdrawing, the per-institution cap lifting) `fill()` moves the first people
  in line up in the same transaction; they are told after it commits (notify());
- **fair across institutions**: while an event's cap is active, a person whose
  institution already holds `institution_cap` places waits even while places are free;
  `fill()` skips them and takes the next person in line. People without an institution
  are not capped (the cap shares places between institutions; it is not a reason to
  keep someone out).
- **the registrant's own notice** ("you are registered", "on the waitlist", "application
  received") is handed to a worker after the commit (notify_later), neither written under
  the lock (every registration for a popular event queues on it, and writing the notice
  there took half the time it is held) nor in the request (where, after the commit, it
  took a quarter of a registration's time when registration opens and everyone comes at
  once). The person has the answer already (the page or the API response says it); a
  worker killed while writing it loses only that copy. Notices to anyone else (moved up,
  accepted, declined) stay in the transaction.
"""

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from events import audit, notices
from events.models import Event, Question, Registration
from events.permissions import is_early_career
from events.selectors import waitlist_position
from events.services.common import event_locked, record, require_organiser, tell, tell_later
from events.services.places import (
    CapacityBelowRegistered,
    capacity_change,
    caps_release,
    fill,
    held_by_institution,
    is_capped,
    line_counts,
    places_free,
)
from members.membership import is_confirmed_member, standing_of
from members.models import User
from tpc_portal.errors import ApplicationError
from tpc_portal.timezones import moment

Status = Registration.Status

# What callers import from here though it lives in places.py.
__all__ = [
    "CapacityBelowRegistered",
    "answers_cleaned",
    "application_decide",
    "applications_decline_rest",
    "capacity_change",
    "caps_release",
    "check_in",
    "fill",
    "registration_cancel",
    "registration_create",
    "registration_refusal",
]

# --- Who may register, and when ------------------------------------------------------------


def _refuse_audience(event: Event, actor: User) -> None:
    if event.audience == Event.Audience.PUBLIC:
        return
    if not is_confirmed_member(actor):
        raise ApplicationError(
            _(
                "This event is open to members of the consortium: ask your institution to "
                "confirm your affiliation first."
            )
        )
    if event.audience == Event.Audience.EARLY_CAREER and not is_early_career(actor):
        raise ApplicationError(
            _(
                "This event is for students and postdocs. If you are one, say so in your "
                "profile's career stage, then register."
            )
        )


def _refuse_closed(event: Event, now: datetime) -> None:
    if event.status == Event.Status.CANCELLED:
        raise ApplicationError(_("This event was cancelled."))
    if event.status != Event.Status.PUBLISHED:
        raise ApplicationError(_("This event is not open for registration yet."))
    if now >= event.start:
        raise ApplicationError(_("This event has started: registration is closed."))
    if now < event.registration_opens:
        raise ApplicationError(
            _("Registration opens %(when)s.") % {"when": moment(event.registration_opens)}
        )
    if now >= event.closes:
        raise ApplicationError(_("Registration closed %(when)s.") % {"when": moment(event.closes)})


def registration_refusal(event: Event, actor: User, now: datetime) -> str | None:
    """Why `actor` may not register for the event now, in the words registration_create
    would refuse with, or None when they may: for a page to say before they try."""
    try:
        _refuse_audience(event, actor)
        _refuse_closed(event, now)
    except ApplicationError as error:
        return error.message
    return None


@lru_cache(maxsize=1)
def _questions_sql() -> str:
    table = connection.ops.quote_name(Question._meta.db_table)
    return f"SELECT * FROM {table} WHERE event_id = %s"  # noqa: S608 - the table's name only


def answers_cleaned(event: Event, answers: Mapping[str, Any]) -> dict[str, str]:
    """The answers to the event's questions, checked: keyed by the question's id (as
    text), each answer text. Errors are keyed `q_<id>`, as the form names its fields."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    # The event's few questions, sorted here, in SQL: the ORM took longer to build the query
    # (an ORDER BY on the Meta ordering joins the event) than PostgreSQL took to run it.
    questions = Question.objects.raw(_questions_sql(), [event.pk])
    for question in sorted(questions, key=lambda question: (question.position, question.pk)):
        key = str(question.pk)
        value = answers.get(key, "")
        if isinstance(value, bool):
            value = "yes" if value else "no"
        value = str(value if value is not None else "").strip()
        if not value:
            if question.required:
                errors[f"q_{key}"] = [_("Please answer this question.")]
            continue
        if question.kind == Question.Kind.CHOICE and value not in question.options:
            errors[f"q_{key}"] = [_("Choose one of the answers offered.")]
        elif question.kind == Question.Kind.YES_NO and value not in ("yes", "no"):
            errors[f"q_{key}"] = [_("Answer yes or no.")]
        elif len(value) > 2000:
            errors[f"q_{key}"] = [_("Please keep the answer under 2,000 characters.")]
        else:
            cleaned[key] = value
    if errors:
        raise ApplicationError(_("Please answer the questions as asked."), errors=errors)
    return cleaned


# --- Registering and cancelling -------------------------------------------------------------


def _already(registration: Registration) -> ApplicationError:
    if registration.status == Status.REGISTERED:
        return ApplicationError(_("You are already registered for this event."))
    if registration.status == Status.WAITLISTED:
        return ApplicationError(
            _("You are already on the waitlist (number %(position)s).")
            % {"position": waitlist_position(registration)}
        )
    if registration.status == Status.APPLIED:
        return ApplicationError(_("You already applied: the organisers will answer."))
    return ApplicationError(_("The organisers answered your application to this event."))


def registration_create(
    *,
    event: Event,
    actor: User,
    answers: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> Registration:
    """Register `actor` for the event (first come) or take their application.

    First come: a place if one is free and their institution is under its cap, else the
    waitlist, at the end of the line. Applications: applied, for the organisers to
    answer. One registration per person and event (a database constraint); someone who
    cancelled may register again, at the end of the line. The registration returned
    carries `ahead`, the people waiting before it, as selectors.registrations_of does.
    """
    now = now or timezone.now()
    _refuse_audience(event, actor)
    cleaned = answers_cleaned(event, answers or {})
    institution_id = standing_of(actor).institution_id
    try:
        with event_locked(event, arriving=True) as locked:
            registration = _arrive(locked, actor, institution_id, cleaned, now)
    except IntegrityError as error:
        # The one registration per person, should anything have written one outside the
        # event's lock: the whole transaction is rolled back, the arrival number with it.
        raise ApplicationError(_("You are already registered for this event.")) from error
    return registration


def _arrive(
    locked: Event, actor: User, institution_id: int | None, cleaned: dict[str, str], now: datetime
) -> Registration:
    """registration_create's part under the lock, which took the newcomer's arrival number
    (`locked.arrivals`). Few round trips on purpose: every registration for the event waits
    for this one's commit (see the module's docstring)."""
    _refuse_closed(locked, now)
    holding, waiting, theirs = line_counts(locked, actor)
    registration = locked.registrations.filter(user=actor).first() if theirs else None
    if registration is not None and registration.status != Status.CANCELLED:
        raise _already(registration)
    ahead = None
    if locked.mode == Event.Mode.APPLICATIONS:
        status = Status.APPLIED
    else:
        full = locked.capacity is not None and holding >= locked.capacity
        capped = locked.cap_active(now) and is_capped(
            locked, institution_id, held_by_institution(locked), now
        )
        status = Status.WAITLISTED if full or capped else Status.REGISTERED
        # The newcomer's arrival number is the highest: everyone waiting is ahead of them.
        ahead = waiting if status == Status.WAITLISTED else None
    if registration is None:
        registration = Registration(event=locked, user=actor, created=now)
    registration.status = status
    registration.arrival = locked.arrivals
    registration.institution_id = institution_id
    registration.answers = cleaned
    registration.changed = now
    registration.checked_in = None
    registration.save()
    setattr(registration, "ahead", ahead)  # noqa: B010 - as selectors.registrations_of annotates
    record(audit.REGISTERED, actor=actor, event=locked, after={"status": status})
    kind = {
        Status.REGISTERED: notices.REGISTERED,
        Status.WAITLISTED: notices.WAITLISTED,
        Status.APPLIED: notices.APPLIED,
    }[status]
    position = None if ahead is None else ahead + 1
    tell_later([actor], kind, locked, position=position)
    return registration


def registration_cancel(*, event: Event, actor: User, now: datetime | None = None) -> Registration:
    """The person cancels their place, leaves the waitlist or withdraws their
    application, until the event starts. A freed place goes to the next in line."""
    now = now or timezone.now()
    with event_locked(event) as locked:
        registration = locked.registrations.filter(user=actor).first()
        if registration is None or registration.status not in Registration.ACTIVE:
            raise ApplicationError(_("You are not registered for this event."))
        if now >= locked.start:
            raise ApplicationError(_("This event has started: registrations stay as they are."))
        before = registration.status
        registration.status = Status.CANCELLED
        registration.changed = now
        registration.save(update_fields=["status", "changed"])
        record(audit.CANCELLED, actor=actor, event=locked, before={"status": before})
        if before == Status.REGISTERED:
            fill(locked, now=now)
    return registration


# --- The organisers' answers to applications ------------------------------------------------


def _the(locked: Event, registration: Registration) -> Registration:
    current = (
        locked.registrations.filter(pk=registration.pk).select_related("user__profile").first()
    )
    if current is None:
        raise ApplicationError(_("This registration is not there any more."))
    return current


def application_decide(
    *, registration: Registration, actor: User, to: str, now: datetime | None = None
) -> Registration:
    """Accept an applicant (a place, if one is free), put them on the waitlist (in the
    order they applied) or decline them. Accepting beyond the capacity is refused."""
    now = now or timezone.now()
    if to not in (Status.REGISTERED, Status.WAITLISTED, Status.DECLINED):
        raise ValueError(to)
    with event_locked(registration.event) as locked:
        require_organiser(actor, locked)
        current = _the(locked, registration)
        allowed = {Status.APPLIED, Status.WAITLISTED} - {to}
        if current.status not in allowed:
            raise ApplicationError(
                _("This person's registration is %(status)s: it cannot be answered so.")
                % {"status": current.get_status_display().lower()}
            )
        if to == Status.REGISTERED:
            if places_free(locked) == 0:
                raise ApplicationError(
                    _(
                        "All %(capacity)s places are taken: raise the number of places, or "
                        "put this person on the waitlist."
                    )
                    % {"capacity": locked.capacity}
                )
            if is_capped(locked, current.institution_id, held_by_institution(locked), now):
                raise ApplicationError(
                    _(
                        "Their institution already holds %(cap)s places, the most it may "
                        "until %(when)s."
                    )
                    % {"cap": locked.institution_cap, "when": moment(locked.cap_until)}
                )
        before = current.status
        current.status = to
        current.changed = now
        current.save(update_fields=["status", "changed"])
        record(
            audit.DECIDED,
            actor=actor,
            event=locked,
            person=current.user,
            before={"status": before},
            after={"status": to},
        )
        if to == Status.REGISTERED:
            tell([current.user], notices.ACCEPTED, locked, actor=actor)
        elif to == Status.DECLINED:
            tell([current.user], notices.DECLINED, locked, actor=actor)
        else:
            tell(
                [current.user],
                notices.WAITLISTED,
                locked,
                actor=actor,
                position=waitlist_position(current),
            )
    return current


def applications_decline_rest(*, event: Event, actor: User, now: datetime | None = None) -> int:
    """Decline every application still unanswered, in one action. Returns how many."""
    now = now or timezone.now()
    with event_locked(event) as locked:
        require_organiser(actor, locked)
        rest = list(
            locked.registrations.filter(status=Status.APPLIED).select_related("user__profile")
        )
        for registration in rest:
            registration.status = Status.DECLINED
            registration.changed = now
            record(
                audit.DECIDED,
                actor=actor,
                event=locked,
                person=registration.user,
                before={"status": Status.APPLIED},
                after={"status": Status.DECLINED},
            )
        Registration.objects.bulk_update(rest, ["status", "changed"])
        tell([registration.user for registration in rest], notices.DECLINED, locked, actor=actor)
    return len(rest)


# --- Check-in ------------------------------------------------------------------------------


def check_in(
    *, registration: Registration, actor: User, now: datetime | None = None
) -> Registration:
    """Record that a registered person came. Checking someone in twice changes nothing."""
    now = now or timezone.now()
    with event_locked(registration.event) as locked:
        require_organiser(actor, locked)
        current = _the(locked, registration)
        if current.status != Status.REGISTERED:
            raise ApplicationError(_("Only people holding a place are checked in."))
        if current.checked_in is None:
            current.checked_in = now
            current.save(update_fields=["checked_in"])
            record(audit.CHECKED_IN, actor=actor, event=locked, person=current.user)
    return current
