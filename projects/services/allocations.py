"""Machine time through the committee: asking for it. What the committee's decision does,
and staff's suspend and resume of an allocation, are in allocation_decisions.py (and
re-exported here, so callers import every allocation service from this module).

The rules of asking (windows, the 6-month limit, amounts) are in projects/allocation_rules.py;
these services apply them, with errors that name the field at fault. A request opens a
steering case of kind "allocation" (registered in ProjectsConfig.ready() with
`allocation_request_apply_decision` and the decision's terms form, which carries the amount
granted). Usage, thresholds, reminders and expiry are projects/services/usage.py's.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from members.services.common import validated
from projects import allocation_rules as rules
from projects import audit
from projects.allocation_display import amount_with_unit
from projects.allocation_selectors import (
    institutions_involved,
    period_after,
    request_is_open_for,
)
from projects.models import (
    Allocation,
    AllocationPeriod,
    AllocationRequest,
    Project,
    Resource,
)
from projects.permissions import leads_project
from projects.services.allocation_decisions import (
    allocation_request_apply_decision,
    allocation_resume,
    allocation_suspend,
    amount_given,
    notice_context,
)
from steering.services import case_submit
from tpc_portal.audit import audit_record
from tpc_portal.errors import ApplicationError
from tpc_portal.timezones import day

Kind = AllocationRequest.Kind

__all__ = [
    "Refusal",
    "allocation_request_apply_decision",
    "allocation_request_submit",
    "allocation_resume",
    "allocation_suspend",
]


class Refusal(ApplicationError):
    """A request the rules refuse; every field at fault is named."""


@dataclass
class _Asked:
    """A request as it is being checked: what was asked, and what the checks found."""

    project: Project
    kind: str
    resource: Resource | None
    period: AllocationPeriod | None
    allocation: Allocation | None
    amount: Decimal | None
    new_end: date | None
    now: datetime
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return rules.today_utc(self.now)

    def refuse(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


# --- Asking -----------------------------------------------------------------------------------


def _check_amount(asked: _Asked, *, within_capacity: bool) -> None:
    amount = asked.amount
    if amount is None:
        asked.refuse("amount", _("Say how much machine time the project needs."))
    elif amount.is_nan() or amount <= 0:
        asked.refuse("amount", _("The amount must be more than zero."))
    elif within_capacity and asked.resource is not None and amount > asked.resource.capacity:
        asked.refuse(
            "amount",
            _("At most the resource's capacity in a period, %(capacity)s.")
            % {"capacity": amount_with_unit(asked.resource.capacity, asked.resource.unit)},
        )


def _check_window(asked: _Asked, period: AllocationPeriod) -> None:
    if not rules.window_is_open(asked.now, period.requests_open, period.requests_close):
        asked.refuse(
            "period",
            _("Requests for %(period)s are taken from %(opens)s until %(closes)s.")
            % {
                "period": period.name,
                "opens": day(period.requests_open.date()),
                "closes": day(period.requests_close.date()),
            },
        )


def _check_not_granted_yet(asked: _Asked, period: AllocationPeriod) -> None:
    resource = asked.resource
    if resource is None:
        return
    if Allocation.objects.filter(project=asked.project, resource=resource, period=period).exists():
        asked.refuse(
            "resource",
            _(
                "The project already has time on %(resource)s in %(period)s: ask for a "
                "supplement to it instead."
            )
            % {"resource": resource.name, "period": period.name},
        )
    elif request_is_open_for(
        project=asked.project, kind=asked.kind, resource=resource, period=period
    ):
        asked.refuse(
            "resource",
            _("A request for %(resource)s in %(period)s is already before the committee.")
            % {"resource": resource.name, "period": period.name},
        )


def _check_new(asked: _Asked) -> None:
    if asked.resource is None:
        asked.refuse("resource", _("Choose the resource."))
    if asked.period is None:
        asked.refuse("period", _("Choose the period."))
    else:
        _check_window(asked, asked.period)
        _check_not_granted_yet(asked, asked.period)
    _check_amount(asked, within_capacity=True)


def _follows_on(asked: _Asked) -> Allocation | None:
    """The project's allocation a supplement, extension or renewal is about."""
    allocation = asked.allocation
    if allocation is None:
        asked.refuse("allocation", _("Choose the allocation this request is about."))
        return None
    if allocation.project_id != asked.project.pk:
        asked.refuse("allocation", _("Choose one of the project's own allocations."))
        return None
    if asked.resource is not None and asked.resource.pk != allocation.resource_id:
        asked.refuse("resource", _("A request about an allocation is for its own resource."))
    asked.resource = allocation.resource
    return allocation


def _check_running(asked: _Asked, allocation: Allocation) -> None:
    if allocation.status not in Allocation.RUNNING:
        asked.refuse(
            "allocation",
            _("This allocation is %(status)s: only a running one can be changed.")
            % {"status": Allocation.Status(allocation.status).label.lower()},
        )


def _check_renewal(asked: _Asked) -> None:
    allocation = _follows_on(asked)
    if allocation is None:
        return
    if not rules.asked_within(asked.today, allocation.end, rules.RENEWAL_WITHIN_DAYS):
        asked.refuse(
            "allocation",
            _(
                "A renewal is asked within %(days)d days of the allocation's end: from "
                "%(opens)s to %(end)s."
            )
            % {
                "days": rules.RENEWAL_WITHIN_DAYS,
                "opens": day(rules.renewal_opens(allocation.end)),
                "end": day(allocation.end),
            },
        )
    following = period_after(allocation.period)
    if following is None:
        asked.refuse(
            "period",
            _("No period after %(period)s is announced yet.") % {"period": allocation.period.name},
        )
    elif asked.period is not None and asked.period.pk != following.pk:
        asked.refuse(
            "period",
            _("A renewal is for the next period, %(period)s.") % {"period": following.name},
        )
    else:
        asked.period = following
        _check_window(asked, following)
        _check_not_granted_yet(asked, following)
    _check_amount(asked, within_capacity=True)


def _check_supplement(asked: _Asked) -> None:
    allocation = _follows_on(asked)
    if allocation is None:
        return
    _check_running(asked, allocation)
    if not rules.in_current_period(asked.today, allocation.start, allocation.end):
        asked.refuse(
            "allocation",
            _("A supplement adds to an allocation while it runs, from %(start)s to %(end)s.")
            % {"start": day(allocation.start), "end": day(allocation.end)},
        )
    elif request_is_open_for(project=asked.project, kind=asked.kind, allocation=allocation):
        asked.refuse("allocation", _("A supplement of it is already before the committee."))
    asked.period = allocation.period
    _check_amount(asked, within_capacity=False)


def _check_extension(asked: _Asked) -> None:
    allocation = _follows_on(asked)
    if allocation is None:
        return
    _check_running(asked, allocation)
    asked.period = allocation.period
    asked.amount = Decimal(0)  # an extension asks for days, not an amount
    if not rules.asked_within(asked.today, allocation.end, rules.EXTENSION_WITHIN_DAYS):
        asked.refuse(
            "allocation",
            _(
                "An extension is asked within %(days)d days of the allocation's end: from "
                "%(opens)s to %(end)s."
            )
            % {
                "days": rules.EXTENSION_WITHIN_DAYS,
                "opens": day(rules.extension_opens(allocation.end)),
                "end": day(allocation.end),
            },
        )
    elif request_is_open_for(project=asked.project, kind=asked.kind, allocation=allocation):
        asked.refuse("allocation", _("An extension of it is already before the committee."))
    limit = rules.extension_limit(allocation.end)
    if asked.new_end is None:
        asked.refuse("new_end", _("Choose the new end date."))
    elif asked.new_end <= allocation.end:
        asked.refuse(
            "new_end",
            _("The new end date must be after the current one, %(end)s.")
            % {"end": day(allocation.end)},
        )
    elif asked.new_end > limit:
        asked.refuse(
            "new_end",
            _("An extension is at most %(months)d months: until %(limit)s at the latest.")
            % {"months": rules.EXTENSION_MAX_MONTHS, "limit": day(limit)},
        )


_CHECKS: dict[str, Callable[[_Asked], None]] = {
    Kind.NEW: _check_new,
    Kind.RENEWAL: _check_renewal,
    Kind.SUPPLEMENT: _check_supplement,
    Kind.EXTENSION: _check_extension,
}


def allocation_request_submit(
    *,
    actor: User,
    project: Project,
    kind: str,
    justification: str,
    resource: Resource | None = None,
    amount: Decimal | int | str | None = None,
    period: AllocationPeriod | None = None,
    allocation: Allocation | None = None,
    new_end: date | None = None,
) -> AllocationRequest:
    """The project's PI or a co-PI asks the committee for machine time.

    Guarantees: only a PI or co-PI (PermissionDenied otherwise) of an active project; the
    kind's rules hold (projects/allocation_rules.py: the request window for new time and
    renewals, a renewal within 30 days of the end and for the next period, a supplement
    while its allocation runs, an extension within 90 days of the end and by at most 6
    months; amounts more than zero, new time and renewals at most the resource's
    capacity), else one refusal naming every field at fault; one like request before the
    committee at a time; the request is saved with a steering case of kind "allocation"
    whose involved institutions (recused) are the project's and the site's host; audited.
    """
    if not leads_project(actor, project):
        raise PermissionDenied
    if kind not in _CHECKS:
        raise Refusal(
            _("Choose what kind of request this is."), errors={"kind": [_("Choose one.")]}
        )
    with transaction.atomic():
        # One request of a project is checked at a time: two like requests cannot both pass.
        project = Project.objects.select_for_update().get(pk=project.pk)
        asked = _Asked(
            project=project,
            kind=kind,
            resource=resource,
            period=period,
            allocation=allocation,
            amount=amount_given(amount),
            new_end=new_end,
            now=timezone.now(),
        )
        if project.status != Project.Status.ACTIVE:
            asked.refuse("project", _("Only an active project may ask for machine time."))
        if not justification.strip():
            asked.refuse("justification", _("Explain what the time is for."))
        _CHECKS[kind](asked)
        if asked.errors:
            first = next(iter(asked.errors.values()))[0]
            raise Refusal(first, errors=asked.errors)
        return _saved(asked, actor=actor, justification=justification.strip())


def _saved(asked: _Asked, *, actor: User, justification: str) -> AllocationRequest:
    # Checked before: every kind has its resource and amount by now.
    assert asked.resource is not None  # noqa: S101
    assert asked.amount is not None  # noqa: S101
    request = AllocationRequest(
        project=asked.project,
        resource=asked.resource,
        period=asked.period,
        allocation=asked.allocation,
        kind=asked.kind,
        amount=asked.amount,
        new_end=asked.new_end if asked.kind == Kind.EXTENSION else None,
        justification=justification,
        requested_by=actor,
        created=asked.now,
    )
    validated(request)
    request.save()
    after: dict[str, Any] = {"kind": request.kind}
    if request.kind != Kind.EXTENSION:
        after["amount"] = str(request.amount)
    if request.new_end is not None:
        after["end"] = request.new_end.isoformat()
    if request.period is not None:
        after["period"] = request.period.name
    audit_record(
        actor=actor,
        subject=request,
        verb=audit.ALLOCATION_REQUEST_SUBMITTED,
        after=after,
        context=notice_context(request.project, request.resource, request.period),
    )
    case_submit(
        subject=request,
        actor=actor,
        institutions=institutions_involved(request.project, request.resource),
        expertise=request.project.expertise.all(),
    )
    return request


# What the decision does (and staff's suspend and resume): allocation_decisions.py.
