"""The committee's pages about cases: dashboard, list, case page, discussion, audit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from steering import selectors, services
from steering.filters import CaseFilter
from steering.forms import (
    BallotForm,
    CommentForm,
    ConflictForm,
    ReviewerAssignForm,
    ReviewStartForm,
    end_of_day,
)
from steering.models import Case
from steering.permissions import (
    access_case,
    access_case_internals,
    can_chair,
    can_declare_conflict,
    can_read_reviews,
    can_see_internals,
    can_vote,
    committee_member_required,
)
from steering.views.refusals import refuse, refuse_invalid
from tpc_portal.errors import ApplicationError

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


def _recusal_reason(seat, case: Case) -> str:
    if seat is None:
        return ""
    if any(institution.pk == seat.institution_id for institution in case.institutions.all()):
        return _("%(institution)s is involved in this case.") % {"institution": seat.institution}
    return _("it declared a conflict of interest.")


def case_page(request: HttpRequest, case: Case, *, status: int = 200, **forms) -> HttpResponse:
    """The case page; a form that failed comes back in `forms`, with its errors."""
    user = request.user
    seat = selectors.seat_of(user)
    recused = selectors.seat_is_recused(seat, case)
    chair = can_chair(user, case)
    context = {
        "case": case,
        "subject": case.subject,
        "seat": seat,
        "recused": recused,
        "recusal_reason": _recusal_reason(seat, case) if recused else "",
        "acting_chair": selectors.acting_chair_seat(case),
        "is_chair": chair,
        "decision": selectors.decision_latest(case),
    }
    if can_see_internals(user, case):
        ballot = selectors.ballot_current(case)
        context.update(
            internals=True,
            assigned=list(selectors.reviews_assigned(case)),
            my_review=selectors.review_of(seat, case),
            can_read_reviews=can_read_reviews(user, case),
            can_vote=can_vote(user, case),
            can_declare_conflict=can_declare_conflict(user, case),
            conflicts=case.conflicts.select_related("seat__institution"),
            ballot=ballot,
            tally=selectors.ballot_tally(ballot) if ballot else None,
            my_vote=selectors.vote_of(seat, ballot),
            conflict_form=forms.get("conflict_form") or ConflictForm(),
            vote_form=forms.get("vote_form"),
        )
        if chair:
            context.update(
                start_form=forms.get("start_form") or ReviewStartForm(),
                suggestions=selectors.reviewer_suggestions(case)
                if case.status == Case.Status.IN_REVIEW
                else [],
                assign_form=forms.get("assign_form") or assign_form_for(case),
                ballot_form=forms.get("ballot_form") or BallotForm(),
            )
    return render(request, "steering/case_detail.html", context, status=status)


def assign_form_for(case: Case, data=None) -> ReviewerAssignForm:
    seats = (
        selectors.eligible_seats(case)
        .exclude(pk__in=case.reviews.values("seat_id"))
        .select_related("institution")
        .order_by("institution__name")
    )
    return ReviewerAssignForm(data, seats=seats)


@committee_member_required
@require_safe
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return case_page(request, access_case(request.user, pk))


def chaired_case(request: HttpRequest, pk: int) -> Case:
    case = access_case_internals(request.user, pk)
    if not can_chair(request.user, case):
        raise PermissionDenied
    return case


@committee_member_required
@require_POST
def case_review_start(request: HttpRequest, pk: int) -> HttpResponse:
    case = chaired_case(request, pk)
    form = ReviewStartForm(request.POST)
    if not form.is_valid():
        refuse_invalid(request, form)
        return case_page(request, case, start_form=form, status=400)
    try:
        services.case_review_start(
            case=case,
            actor=request.user,
            review_deadline=end_of_day(form.cleaned_data["review_deadline"]),
        )
    except ApplicationError as error:
        refuse(request, form, error)
        return case_page(request, case, start_form=form, status=400)
    messages.success(request, _("The review has started. Assign reviewers below."))
    return redirect("steering:case", case.pk)


@committee_member_required
@require_POST
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case_internals(request.user, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        refuse_invalid(request, form)
        return case_page(request, case, conflict_form=form, status=400)
    try:
        services.conflict_declare(case=case, actor=request.user, reason=form.cleaned_data["reason"])
    except ApplicationError as error:
        refuse(request, form, error)
        return case_page(request, case, conflict_form=form, status=400)
    messages.success(request, _("Your conflict of interest is recorded; your seat is recused."))
    return redirect("steering:case", case.pk)


@committee_member_required
@require_http_methods(["GET", "POST"])
def discussion(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's discussion of a case; a recused seat gets 404."""
    case = access_case_internals(request.user, pk)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            refuse_invalid(request, form)
        else:
            try:
                services.comment_post(case=case, actor=request.user, body=form.cleaned_data["body"])
            except ApplicationError as error:
                refuse(request, form, error)
            else:
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
    return render(
        request, "steering/audit.html", {"case": case, "entries": selectors.audit_of(case)}
    )
