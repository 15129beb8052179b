"""Seats: who sits on the committee for which institution, in which role, for how long."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from members.models import Institution, Profile, User
from members.permissions import is_staff
from members.services import institution_representative_set
from steering import audit, selectors
from steering.models import Decision, Seat
from steering.services.common import record, require, validated
from tpc_portal.errors import ApplicationError


def _seat_state(seat: Seat) -> dict[str, Any]:
    return {
        "institution": seat.institution.name,
        "representative": str(seat.representative),
        "alternate": str(seat.alternate) if seat.alternate else None,
        "role": seat.role,
        "term_start": seat.term_start.isoformat(),
        "term_end": seat.term_end.isoformat() if seat.term_end else None,
    }


def _check_people(seat: Seat) -> None:
    """The representative and the alternate are confirmed members of the seat's institution."""
    if seat.institution.status != Institution.Status.MEMBER:
        raise ApplicationError(
            _("Only member institutions have a seat."),
            errors={"institution": [_("Choose a member institution.")]},
        )
    people = {"representative": seat.representative, "alternate": seat.alternate}
    confirmed = set(
        Profile.objects.filter(
            user__in=[person for person in people.values() if person is not None],
            institution=seat.institution,
        ).values_list("user_id", flat=True)
    )
    for field, person in people.items():
        if person is not None and person.pk not in confirmed:
            raise ApplicationError(
                _("%(person)s is not a confirmed member of %(institution)s.")
                % {"person": person, "institution": seat.institution},
                errors={field: [_("Choose a confirmed member of the institution.")]},
            )


def _save(seat: Seat) -> None:
    validated(seat)
    try:
        with transaction.atomic():
            seat.save()
    except IntegrityError as error:
        # Another request took the role or the institution's seat between check and save.
        raise ApplicationError(
            _("The seat could not be saved: another change came first. Please try again.")
        ) from error


def seat_create(
    *,
    institution: Institution,
    representative: User,
    term_start: date,
    term_end: date | None = None,
    role: str = Seat.Role.MEMBER,
    alternate: User | None = None,
    actor: User | None,
    decision: Decision | None = None,
) -> Seat:
    """Give a member institution its seat (one per institution, enforced by the database).

    Staff, the system (actor None), or the committee through a decision (an approved
    membership) may. Guarantees: the representative and alternate are confirmed members of
    the institution; at most one chair and one vice-chair; the institution's representative
    is the seat's; an audit entry.
    """
    if decision is None:
        require(actor is None or is_staff(actor))
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        if Seat.objects.filter(institution=institution).exists():
            raise ApplicationError(
                _("%(institution)s already has a seat.") % {"institution": institution},
                errors={"institution": [_("This institution already has a seat.")]},
            )
        seat = Seat(
            institution=institution,
            representative=representative,
            alternate=alternate,
            role=role,
            term_start=term_start,
            term_end=term_end,
        )
        _check_people(seat)
        _save(seat)
        institution_representative_set(institution=institution, user=representative, actor=actor)
        after = _seat_state(seat)
        if decision is not None:
            after["decision"] = decision.pk
        record(
            audit.SEAT_CREATED,
            actor=actor,
            seat=seat,
            case=decision.case if decision is not None else None,
            after=after,
        )
    selectors.forget(representative)
    return seat


def seat_update(
    *,
    seat: Seat,
    actor: User,
    representative: User,
    term_start: date,
    term_end: date | None = None,
    role: str = Seat.Role.MEMBER,
    alternate: User | None = None,
) -> Seat:
    """Staff change who holds a seat, its role or its term.

    Guarantees as seat_create(). To pass the chair to another seat, make the current chair
    a member first: the committee never has two chairs, not even for a moment.
    """
    require(is_staff(actor))
    with transaction.atomic():
        seat = Seat.objects.select_for_update().select_related("institution").get(pk=seat.pk)
        before = _seat_state(seat)
        seat.representative = representative
        seat.alternate = alternate
        seat.role = role
        seat.term_start = term_start
        seat.term_end = term_end
        _check_people(seat)
        _save(seat)
        institution_representative_set(
            institution=seat.institution, user=representative, actor=actor
        )
        after = _seat_state(seat)
        if after != before:
            record(audit.SEAT_UPDATED, actor=actor, seat=seat, before=before, after=after)
    return seat
