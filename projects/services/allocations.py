"""Machine time through the committee: requests, what the decision does, and staff's
suspend and resume of an allocation.

The rules of asking (windows, the 6-month limit, amounts) are in projects/allocation_rules.py;
these services apply them, with errors that name the field at fault. A request opens a
steering case of kind "allocation" (registered in ProjectsConfig.ready() with
`allocation_request_apply_decision` and the decision's terms form, which carries the amount
granted). Usage, thresholds, reminders and expiry are projects/services/usage.py's.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from members.services.common import validated
from notifications.services import notify
from projects import allocation_rules as rules
from projects import audit
from projects.allocation_display import amount_with_unit
from projects.allocation_permissions import can_manage_allocations
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
    TeamMember,
)
from projects.notices import ALLOCATION_REQUEST_DECIDED
from projects.permissions import leads_project
from steering.models import Decision
from steering.selectors import comments_to_proposer
from steering.services import case_submit
from tpc_portal.audit import audit_record
from tpc_portal.errors import ApplicationError
from tpc_portal.timezones import day

Kind = AllocationRequest.Kind


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


def _amount(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal("NaN")


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
            amount=_amount(amount),
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
        context=_context(request.project, request.resource, request.period),
    )
    case_submit(
        subject=request,
        actor=actor,
        institutions=institutions_involved(request.project, request.resource),
        expertise=request.project.expertise.all(),
    )
    return request


def _context(
    project: Project, resource: Resource, period: AllocationPeriod | None
) -> dict[str, Any]:
    return {
        "project": project.title,
        "project_slug": project.slug,
        "resource": f"{resource.site.name} {resource.name}",
        "unit": resource.unit,
        "period": period.name if period is not None else "",
    }


# --- The committee's decision -----------------------------------------------------------------


def _granted(request: AllocationRequest, decision: Decision) -> Decimal:
    """The amount the decision grants: as its terms say, the amount asked when they say
    nothing; never more than asked, never nothing."""
    value = _amount((decision.terms or {}).get("granted"))
    granted = request.amount if value is None else value
    if granted.is_nan() or granted <= 0:
        raise ApplicationError(
            _("Grant more than zero, or reject the request."),
            errors={"granted": [_("More than zero.")]},
        )
    if granted > request.amount:
        raise ApplicationError(
            _("The committee grants at most what was asked, %(asked)s.")
            % {"asked": amount_with_unit(request.amount, request.resource.unit)},
            errors={"granted": [_("At most the amount asked.")]},
        )
    return granted


def _locked(allocation: Allocation) -> Allocation:
    return (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("resource__site", "period", "project")
        .get(pk=allocation.pk)
    )


def _status_from_totals(allocation: Allocation, today: date) -> str:
    """What an allocation is by its dates and totals (after a change to them)."""
    if allocation.end < today:
        return Allocation.Status.EXPIRED
    if allocation.used >= allocation.granted:
        return Allocation.Status.EXHAUSTED
    return Allocation.Status.ACTIVE


def _allocation_create(request: AllocationRequest, granted: Decimal) -> Allocation:
    period = request.period
    assert period is not None  # noqa: S101 - new time and renewals have their period
    if Allocation.objects.filter(
        project=request.project, resource=request.resource, period=period
    ).exists():
        raise ApplicationError(
            _(
                "The project already has time on this resource in %(period)s (granted since "
                "the request was made): reject this request, the project may ask for a "
                "supplement."
            )
            % {"period": period.name}
        )
    allocation = Allocation(
        project=request.project,
        resource=request.resource,
        period=period,
        granted=granted,
        start=period.start,
        end=period.end,
    )
    validated(allocation)
    allocation.save()
    audit_record(
        actor=None,
        subject=allocation,
        verb=audit.ALLOCATION_GRANTED,
        after={"granted": str(granted), "asked": str(request.amount), "request": request.pk},
        context=_context(request.project, request.resource, period),
    )
    return allocation


def _allocation_supplement(request: AllocationRequest, granted: Decimal) -> Allocation:
    assert request.allocation is not None  # noqa: S101 - a supplement is of an allocation
    allocation = _locked(request.allocation)
    before = {"granted": str(allocation.granted), "status": allocation.status}
    allocation.granted += granted
    # The thresholds are of the new total: re-armed where the usage is now below them.
    if allocation.used < allocation.granted * Decimal("0.8"):
        allocation.warned_80 = None
    if allocation.used < allocation.granted:
        allocation.warned_100 = None
    if allocation.status == Allocation.Status.EXHAUSTED:
        _move(allocation, _status_from_totals(allocation, rules.today_utc(timezone.now())))
    validated(allocation)
    allocation.save()
    audit_record(
        actor=None,
        subject=allocation,
        verb=audit.ALLOCATION_SUPPLEMENTED,
        before=before,
        after={
            "granted": str(allocation.granted),
            "status": allocation.status,
            "request": request.pk,
        },
        context=_context(allocation.project, allocation.resource, allocation.period),
    )
    return allocation


def _allocation_extend(request: AllocationRequest) -> Allocation:
    assert request.allocation is not None  # noqa: S101 - an extension is of an allocation
    assert request.new_end is not None  # noqa: S101 - with its new end
    allocation = _locked(request.allocation)
    before = {"end": allocation.end.isoformat(), "status": allocation.status}
    allocation.end = request.new_end
    if allocation.status == Allocation.Status.EXPIRED:
        _move(allocation, _status_from_totals(allocation, rules.today_utc(timezone.now())))
    validated(allocation)
    allocation.save()
    audit_record(
        actor=None,
        subject=allocation,
        verb=audit.ALLOCATION_EXTENDED,
        before=before,
        after={
            "end": allocation.end.isoformat(),
            "status": allocation.status,
            "request": request.pk,
        },
        context=_context(allocation.project, allocation.resource, allocation.period),
    )
    return allocation


def allocation_request_apply_decision(request: AllocationRequest, decision: Decision) -> None:
    """What the committee's decision does to a request (inside decision_record()'s
    transaction; a refusal here refuses the decision and saves nothing).

    Approved: new time and renewals create the allocation for the period's dates; a
    supplement adds to the allocation's granted amount; an extension moves its end date.
    The amount granted is the decision's terms' (`granted`), the amount asked when they
    say nothing, never more than asked; it is kept on the request. Rejected, or revision
    requested: nothing changes (the requester may resubmit the case after a revision).
    Either way the project's PI and co-PIs are told, with the committee's comments and
    the amount granted.
    """
    request = (
        AllocationRequest.objects.select_for_update(of=("self",))
        .select_related("project", "resource__site", "period", "allocation")
        .get(pk=request.pk)
    )
    granted: Decimal | None = None
    if decision.outcome == Decision.Outcome.APPROVED:
        if request.kind == Kind.EXTENSION:
            _allocation_extend(request)
        else:
            granted = _granted(request, decision)
            if request.kind == Kind.SUPPLEMENT:
                _allocation_supplement(request, granted)
            else:
                _allocation_create(request, granted)
            request.granted = granted
            request.save(update_fields=["granted"])
    _tell_leads(request, decision, granted)


def _tell_leads(request: AllocationRequest, decision: Decision, granted: Decimal | None) -> None:
    leads = User.objects.filter(
        project_teams__project=request.project,
        project_teams__status=TeamMember.Status.ACTIVE,
        project_teams__role__in=[TeamMember.Role.PI, TeamMember.Role.CO_PI],
    )
    approved = decision.outcome == Decision.Outcome.APPROVED
    notify(
        list(leads),
        ALLOCATION_REQUEST_DECIDED,
        context={
            "project": request.project.title,
            "resource": f"{request.resource.site.name} {request.resource.name}",
            "kind": request.kind,
            "outcome": decision.outcome,
            "unit": request.resource.unit,
            "asked": str(request.amount),
            "granted": str(granted) if granted is not None else None,
            "new_end": request.new_end.isoformat()
            if approved and request.kind == Kind.EXTENSION and request.new_end
            else None,
            "rationale": decision.rationale,
            "comments": comments_to_proposer(decision.case),
        },
        link=reverse("projects:project_allocations", args=[request.project.slug]),
        actor=None,
    )


# --- Staff: suspend and resume ----------------------------------------------------------------


def _move(allocation: Allocation, to: str) -> None:
    """The one way an allocation's status changes here: as Allocation.TRANSITIONS allow
    (staying where it is is no change)."""
    if to == allocation.status:
        return
    if to not in Allocation.TRANSITIONS[allocation.status]:
        raise ApplicationError(
            _("An allocation that is %(old)s cannot become %(new)s.")
            % {
                "old": Allocation.Status(allocation.status).label.lower(),
                "new": Allocation.Status(to).label.lower(),
            },
            errors={"status": [_("Not an allowed change.")]},
        )
    allocation.status = to


def allocation_suspend(*, allocation: Allocation, actor: User, reason: str = "") -> Allocation:
    """Staff stop an allocation for now (sites read the status and stop jobs).

    Guarantees: staff only; an active or exhausted allocation only; audited with the
    reason."""
    if not can_manage_allocations(actor):
        raise PermissionDenied
    with transaction.atomic():
        allocation = _locked(allocation)
        before = {"status": allocation.status}
        _move(allocation, Allocation.Status.SUSPENDED)
        allocation.save(update_fields=["status"])
        audit_record(
            actor=actor,
            subject=allocation,
            verb=audit.ALLOCATION_SUSPENDED,
            before=before,
            after={"status": allocation.status, "reason": reason.strip()[:2000]},
            context=_context(allocation.project, allocation.resource, allocation.period),
        )
    return allocation


def allocation_resume(*, allocation: Allocation, actor: User) -> Allocation:
    """Staff lift a suspension: the allocation becomes what its dates and totals say
    (active, exhausted, or expired when its end passed meanwhile). Staff only; audited."""
    if not can_manage_allocations(actor):
        raise PermissionDenied
    with transaction.atomic():
        allocation = _locked(allocation)
        if allocation.status != Allocation.Status.SUSPENDED:
            raise ApplicationError(_("Only a suspended allocation can be resumed."))
        before = {"status": allocation.status}
        _move(allocation, _status_from_totals(allocation, rules.today_utc(timezone.now())))
        allocation.save(update_fields=["status"])
        audit_record(
            actor=actor,
            subject=allocation,
            verb=audit.ALLOCATION_RESUMED,
            before=before,
            after={"status": allocation.status},
            context=_context(allocation.project, allocation.resource, allocation.period),
        )
    return allocation
