"""How amounts of machine time are written for people: grouped digits in the reader's
language, no trailing zeros ("12,500 GPU-hours", "0.25 TB-months")."""

from decimal import Decimal, InvalidOperation

from django.utils import formats

from projects.models import Resource


def amount_text(value: object) -> str:
    """An amount as the reader reads it; "" for no amount."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    exponent = number.normalize().as_tuple().exponent
    places = 0 if not isinstance(exponent, int) or exponent >= 0 else min(-exponent, 3)
    return formats.number_format(number, places, use_l10n=True, force_grouping=True)


def unit_label(unit: str) -> str:
    """A resource's unit in the reader's language ("GPU-hours")."""
    try:
        return str(Resource.Unit(unit).label)
    except ValueError:
        return unit


def amount_with_unit(value: object, unit: str) -> str:
    return f"{amount_text(value)} {unit_label(unit)}"
