"""A project's machine time: its allocations across every site with their usage and
forecast, its requests to the committee, the ledger as CSV; staff suspend and resume.

Visible to the project's team and staff (projects/allocation_permissions.py); asking is
for the PI and co-PIs.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from projects import allocation_selectors as selectors
from projects.allocation_filters import AllocationFilter
from projects.allocation_forms import AllocationRequestForm, SuspendForm
from projects.allocation_permissions import (
    access_allocation,
    access_project_allocations,
    can_manage_allocations,
    can_request_allocation,
)
from projects.allocation_rules import today_utc
from projects.forecast import Forecast
from projects.ledger_csv import ledger_lines
from projects.models import Allocation
from projects.services import allocations as services
from projects.usage_chart import UsageChart, usage_chart
from tpc_portal.refusals import perform
from tpc_portal.second_factor import staff_required

ALLOCATIONS_PER_PAGE = 20
REQUESTS_SHOWN = 20


@dataclass
class AllocationItem:
    allocation: Allocation
    chart: UsageChart
    forecast: Forecast | None
    # Staff's suspension form, with ids of its own (one per allocation on the page).
    suspend_form: SuspendForm | None = None


@login_required
@require_safe
def project_allocations(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project_allocations(request.user, slug)
    allocations = selectors.project_allocations(project)
    filterset = AllocationFilter(request.GET or None, queryset=allocations)
    del filterset.form.fields["project"]  # this page is the project's
    page = Paginator(filterset.qs, ALLOCATIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    today = today_utc(timezone.now())
    daily = selectors.usage_by_day([allocation.pk for allocation in rows])
    forecasts = selectors.forecasts_of(rows, today=today)
    can_manage = can_manage_allocations(request.user)
    items = [
        AllocationItem(
            allocation=allocation,
            chart=usage_chart(
                start=allocation.start,
                end=allocation.end,
                granted=allocation.granted,
                daily=daily.get(allocation.pk, []),
                today=today,
            ),
            forecast=forecasts.get(allocation.pk),
            suspend_form=SuspendForm(auto_id=f"id_suspend_{allocation.pk}_%s")
            if can_manage
            else None,
        )
        for allocation in rows
    ]
    return render(
        request,
        "projects/allocations/project_allocations.html",
        {
            "project": project,
            "filter": filterset,
            "page": page,
            "items": items,
            "requests": list(selectors.allocation_requests_of(project)[:REQUESTS_SHOWN]),
            "can_request": can_request_allocation(request.user, project),
            "can_manage": can_manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocation_request_new(request: HttpRequest, slug: str) -> HttpResponse:
    """The PI or a co-PI asks the committee for machine time."""
    project = access_project_allocations(request.user, slug)
    if not can_request_allocation(request.user, project):
        raise PermissionDenied(_("Only the project's PI and co-PIs ask for machine time."))
    initial = {name: request.GET[name] for name in ("kind", "allocation") if name in request.GET}
    form = AllocationRequestForm(
        request.POST if request.method == "POST" else None, project=project, initial=initial
    )

    def submit(data: dict[str, Any]) -> object:
        return services.allocation_request_submit(actor=request.user, project=project, **data)

    if request.method == "POST" and perform(request, form, submit):
        messages.success(request, _("Your request is with the steering committee."))
        return redirect("projects:project_allocations", project.slug)
    return render(
        request,
        "projects/allocations/request_form.html",
        {"project": project, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def allocation_ledger_csv(request: HttpRequest, slug: str, pk: int) -> StreamingHttpResponse:
    """The allocation's ledger, streamed: UTF-8, times in UTC (projects/ledger_csv.py)."""
    project = access_project_allocations(request.user, slug)
    allocation = access_allocation(request.user, project, pk)
    records = selectors.allocation_ledger(allocation).iterator(chunk_size=2000)
    response = StreamingHttpResponse(
        ledger_lines(allocation, records), content_type="text/csv; charset=utf-8"
    )
    name = slugify(
        f"{project.slug} {allocation.resource.site.slug} {allocation.resource.slug} "
        f"{allocation.period.name} ledger"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _staff_action(request: HttpRequest, slug: str, pk: int, act) -> HttpResponse:
    project = access_project_allocations(request.user, slug)
    allocation = access_allocation(request.user, project, pk)
    form = SuspendForm(request.POST)
    if perform(request, form, lambda data: act(allocation, data)):
        messages.success(request, _("The allocation's status is changed."))
    return redirect("projects:project_allocations", project.slug)


@staff_required
@require_POST
def allocation_suspend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        slug,
        pk,
        lambda allocation, data: services.allocation_suspend(
            allocation=allocation, actor=request.user, reason=data["reason"]
        ),
    )


@staff_required
@require_POST
def allocation_resume(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _staff_action(
        request,
        slug,
        pk,
        lambda allocation, data: services.allocation_resume(
            allocation=allocation, actor=request.user
        ),
    )
