"""Seats, recusal and the acting chair."""

from collections.abc import Callable
from typing import Any

from django.db.models import Case as Switch
from django.db.models import (
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from members.permissions import AnyUser
from steering.models import (
    Case,
    Conflict,
    Seat,
)

ROLE_ORDER = Switch(
    When(role=Seat.Role.CHAIR, then=Value(0)),
    When(role=Seat.Role.VICE_CHAIR, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def remembered(obj: Any, key: str, compute: Callable[[], Any]) -> Any:
    cache = obj.__dict__.setdefault("_steering_memo", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def forget(obj: Any) -> None:
    """After a write, the next read asks the database again."""
    obj.__dict__.pop("_steering_memo", None)


# --- Seats ----------------------------------------------------------------------------------


def seat_of(user: AnyUser) -> Seat | None:
    """The active seat this user holds (as representative or alternate), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return remembered(
        user,
        "seat",
        lambda: Seat.objects.active().held_by(user).select_related("institution").first(),
    )


def seats_public() -> QuerySet[Seat]:
    """The committee as the public page shows it: active seats, chair first."""
    return (
        Seat.objects.active()
        .select_related("institution", "representative__profile", "alternate__profile")
        .annotate(role_order=ROLE_ORDER)
        .order_by("role_order", "institution__name")
    )


def seats_for_staff() -> QuerySet[Seat]:
    """Every seat, active or not, for the staff who manage them."""
    return (
        Seat.objects.select_related("institution", "representative__profile", "alternate__profile")
        .annotate(role_order=ROLE_ORDER)
        .order_by("role_order", "institution__name")
    )


# --- Recusal and the acting chair --------------------------------------------------------------


def recusal(*, case: Any, seat: Any, institution: Any) -> Q:
    """The one rule of recusal, as a condition: the seat (of the institution) is recused
    from the case when the institution is involved in it or the seat declared a conflict.

    Each argument is an id or an OuterRef, so that the rule serves every query that needs
    it: the seats recused from a case, the cases a seat is recused from, the reviews that
    count."""
    involved = Case.institutions.through.objects.filter(case_id=case, institution_id=institution)
    declared = Conflict.objects.filter(case_id=case, seat_id=seat)
    return Q(Exists(involved)) | Q(Exists(declared))


def recused_seat_ids(case: Case) -> frozenset[int]:
    """Seats recused from the case: involved institutions' seats and declared conflicts."""

    def compute() -> frozenset[int]:
        condition = recusal(
            case=case.pk, seat=OuterRef("pk"), institution=OuterRef("institution_id")
        )
        return frozenset(Seat.objects.filter(condition).order_by().values_list("pk", flat=True))

    return remembered(case, "recused", compute)


def seat_is_recused(seat: Seat | None, case: Case) -> bool:
    if seat is None:
        return False
    # A case listed for this seat (cases_for_committee) carries the answer already.
    if getattr(case, "viewer_seat_id", None) == seat.pk:
        return bool(getattr(case, "viewer_recused", False))
    return seat.pk in recused_seat_ids(case)


def eligible_seats(case: Case) -> QuerySet[Seat]:
    """Active seats not recused from the case: those that may review and vote."""
    return Seat.objects.active().exclude(pk__in=recused_seat_ids(case))


def acting_chair_seat(case: Case) -> Seat | None:
    """The chair, or the vice-chair when the chair is recused; None if both are."""

    def compute() -> Seat | None:
        officers = {
            seat.role: seat
            for seat in Seat.objects.active()
            .filter(role__in=[Seat.Role.CHAIR, Seat.Role.VICE_CHAIR])
            .select_related("institution")
        }
        recused = recused_seat_ids(case)
        for role in (Seat.Role.CHAIR, Seat.Role.VICE_CHAIR):
            seat = officers.get(role)
            if seat is not None and seat.pk not in recused:
                return seat
        return None

    return remembered(case, "acting_chair", compute)


def recused_condition(seat: Seat | None, case_ref: str = "pk") -> Q | Value:
    """An expression over rows that point at a case (through `case_ref`): the seat is
    recused from that case."""
    if seat is None:
        return Value(False)
    return recusal(case=OuterRef(case_ref), seat=seat.pk, institution=seat.institution_id)


def recusal_is_declared(seat: Seat, case: Case) -> bool:
    """Whether a recused seat is out by its own declaration rather than its institution's
    involvement (the case page says which)."""
    return not any(institution.pk == seat.institution_id for institution in case.institutions.all())
