"""The committee's pages about cases: dashboard, list, case page, discussion, audit."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from steering import selectors, services
from steering.filters import CaseFilter
from steering.forms import CommentForm, ConflictForm, ReviewStartForm, end_of_day
from steering.models import Case
from steering.permissions import (
    access_case,
    access_case_chaired,
    access_case_internals,
    committee_member_required,
)
from steering.views.case_page import case_page
from tpc_portal.audit import audit_of
from tpc_portal.refusals import perform

CASES_PER_PAGE = 50


@committee_member_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """What waits for me: reviews and votes with deadlines; the committee's cases by status."""
    board = selectors.dashboard_for(request.user)
    counts = [(label, board.status_counts[value], value) for value, label in Case.Status.choices]
    return render(request, "steering/dashboard.html", {"board": board, "counts": counts})


@committee_member_required
@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    filterset = CaseFilter(
        request.GET or None, queryset=selectors.cases_for_committee(request.user)
    )
    page = Paginator(filterset.qs, CASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "steering/case_list.html", {"form": filterset.form, "page": page})


@committee_member_required
@require_safe
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return case_page(request, access_case(request.user, pk))


@committee_member_required
@require_POST
def case_review_start(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case_chaired(request.user, pk)
    form = ReviewStartForm(request.POST)
    started = perform(
        request,
        form,
        lambda data: services.case_review_start(
            case=case, actor=request.user, review_deadline=end_of_day(data["review_deadline"])
        ),
    )
    if not started:
        return case_page(request, case, start_form=form, status=400)
    messages.success(request, _("The review has started. Assign reviewers below."))
    return redirect("steering:case", case.pk)


@committee_member_required
@require_POST
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case_internals(request.user, pk)
    form = ConflictForm(request.POST)
    declared = perform(
        request,
        form,
        lambda data: services.conflict_declare(
            case=case, actor=request.user, reason=data["reason"]
        ),
    )
    if not declared:
        return case_page(request, case, conflict_form=form, status=400)
    messages.success(request, _("Your conflict of interest is recorded; your seat is recused."))
    return redirect("steering:case", case.pk)


@committee_member_required
@require_http_methods(["GET", "POST"])
def discussion(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's discussion of a case; a recused seat gets 404."""
    case = access_case_internals(request.user, pk)
    form = CommentForm(request.POST if request.method == "POST" else None)
    posted = request.method == "POST" and perform(
        request,
        form,
        lambda data: services.comment_post(case=case, actor=request.user, body=data["body"]),
    )
    if posted:
        return redirect("steering:discussion", case.pk)
    return render(
        request,
        "steering/discussion.html",
        {"case": case, "comments": selectors.comments_of(case), "form": form},
        status=400 if form.errors else 200,
    )


@committee_member_required
@require_safe
def audit_trail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the case, who made it and when; a recused seat gets 404."""
    case = access_case_internals(request.user, pk)
    return render(request, "steering/audit.html", {"case": case, "entries": audit_of(case)})
