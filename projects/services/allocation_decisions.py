"""Machine time through the committee: what its decision on an allocation request does
(creates, supplements or extends the allocation, with the amount granted), and staff's
suspend and resume of an allocation. Asking is in allocations.py."""

from datetime import date
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
from projects.models import (
    Allocation,
    AllocationPeriod,
    AllocationRequest,
    Project,
    Resource,
    TeamMember,
)
from projects.notices import ALLOCATION_REQUEST_DECIDED
from steering.models import Decision
from steering.selectors import comments_to_proposer
from tpc_portal.audit import audit_record
from tpc_portal.errors import ApplicationError

Kind = AllocationRequest.Kind


# --- Shared with asking (allocations.py) ------------------------------------------------------


def amount_given(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal("NaN")


def notice_context(
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
    value = amount_given((decision.terms or {}).get("granted"))
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
        context=notice_context(request.project, request.resource, period),
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
        context=notice_context(allocation.project, allocation.resource, allocation.period),
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
        context=notice_context(allocation.project, allocation.resource, allocation.period),
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
            context=notice_context(allocation.project, allocation.resource, allocation.period),
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
            context=notice_context(allocation.project, allocation.resource, allocation.period),
        )
    return allocation
