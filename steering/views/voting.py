"""The committee's vote and the chair's decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from steering import selectors, services
from steering.forms import BallotForm, DecisionForm, VoteForm, end_of_day
from steering.models import Case, Decision
from steering.permissions import (
    access_case_internals,
    can_read_reviews,
    can_vote,
    committee_member_required,
)
from steering.views.cases import case_page, chaired_case
from tpc_portal.errors import ApplicationError, show_error


@committee_member_required
@require_POST
def ballot_open(request: HttpRequest, pk: int) -> HttpResponse:
    case = chaired_case(request, pk)
    form = BallotForm(request.POST)
    if form.is_valid():
        try:
            services.ballot_open(
                case=case, actor=request.user, closes_at=end_of_day(form.cleaned_data["closes_on"])
            )
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("The vote is open."))
            return redirect("steering:case", case.pk)
    return case_page(request, case, ballot_form=form, status=400)


@committee_member_required
@require_POST
def ballot_extend(request: HttpRequest, pk: int) -> HttpResponse:
    case = chaired_case(request, pk)
    ballot = selectors.ballot_current(case)
    if ballot is None:
        raise Http404
    form = BallotForm(request.POST)
    if form.is_valid():
        try:
            services.ballot_extend(
                ballot=ballot,
                actor=request.user,
                closes_at=end_of_day(form.cleaned_data["closes_on"]),
            )
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("The vote is extended."))
            return redirect("steering:case", case.pk)
    return case_page(request, case, ballot_form=form, status=400)


@committee_member_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case_internals(request.user, pk)
    if not can_vote(request.user, case):
        raise PermissionDenied
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            services.vote_cast(
                ballot=selectors.ballot_current(case),
                actor=request.user,
                choice=form.cleaned_data["choice"],
            )
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Your seat's vote is recorded."))
            return redirect("steering:case", case.pk)
    return case_page(request, case, vote_form=form, status=400)


@committee_member_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """The acting chair records the decision, with the tally and the reviews at hand."""
    case = chaired_case(request, pk)
    if case.status != Case.Status.IN_REVIEW:
        raise Http404
    ballot = selectors.ballot_current(case)
    tally = selectors.ballot_tally(ballot) if ballot else None
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if tally is not None and tally.allowed_outcomes():
        form.fields["outcome"].choices = [
            (value, label)
            for value, label in Decision.Outcome.choices
            if value in tally.allowed_outcomes()
        ]
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(case=case, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("The decision is recorded and the proposer told."))
            return redirect("steering:case", case.pk)
    return render(
        request,
        "steering/decision_form.html",
        {
            "case": case,
            "ballot": ballot,
            "tally": tally,
            # The acting chair may owe a review of their own: the one rule decides.
            "reviews": selectors.reviews_submitted(case)
            if can_read_reviews(request.user, case)
            else None,
            "form": form,
        },
        status=400 if form.errors else 200,
    )
