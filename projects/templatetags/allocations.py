"""Template helpers of machine time.

{% load allocations %}
{{ allocation.granted|amount }} {{ resource.unit|unit }}    → 12,500 GPU-hours
{{ forecast.unused_at_end|rounded }}                         → 5,441 (an estimate)
{% request_subscription subject as subscription %}         → capacity, granted, this request
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from projects import allocation_selectors
from projects.allocation_display import amount_text, unit_label
from projects.allocation_rules import Subscription
from projects.models import AllocationRequest

register = template.Library()


@register.filter
def amount(value: object) -> str:
    """An amount with grouped digits and no trailing zeros."""
    return amount_text(value)


@register.filter
def rounded(value: object) -> str:
    """An estimate, to the whole unit."""
    if value is None or value == "":
        return ""
    return amount_text(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP))


@register.filter
def unit(value: str) -> str:
    """A resource's unit in the reader's language."""
    return unit_label(value)


@register.simple_tag
def request_subscription(request: AllocationRequest) -> Subscription | None:
    """What the committee weighs: the resource's capacity in the request's period, what is
    already granted there and what the request would add."""
    return allocation_selectors.request_subscription(request)
