"""The committee's vote and the chair's decision."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from steering import selectors, services
from steering.forms import BallotForm, DecisionForm, VoteForm, end_of_day
from steering.models import Case, Decision
from steering.permissions import (
    access_case_chaired,
    access_case_internals,
    access_seat,
    can_read_reviews,
    committee_member_required,
)
from steering.subjects import decision_terms_form
from steering.views.case_page import case_page
from tpc_portal.errors import ApplicationError
from tpc_portal.refusals import perform, refuse_invalid


@committee_member_required
@require_POST
def ballot_open(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case_chaired(request.user, pk)
    form = BallotForm(request.POST)
    opened = perform(
        request,
        form,
        lambda data: services.ballot_open(
            case=case, actor=request.user, closes_at=end_of_day(data["closes_on"])
        ),
    )
    if not opened:
        return case_page(request, case, ballot_form=form, status=400)
    messages.success(request, _("The vote is open."))
    return redirect("steering:case", case.pk)


@committee_member_required
@require_POST
def ballot_extend(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case_chaired(request.user, pk)
    ballot = selectors.ballot_current(case)
    form = BallotForm(request.POST)

    def extend(data: dict) -> None:
        if ballot is None:
            raise ApplicationError(_("No vote is open on this case: open one first."))
        services.ballot_extend(
            ballot=ballot, actor=request.user, closes_at=end_of_day(data["closes_on"])
        )

    if not perform(request, form, extend):
        return case_page(request, case, ballot_form=form, status=400)
    messages.success(request, _("The vote is extended."))
    return redirect("steering:case", case.pk)


@committee_member_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case_internals(request.user, pk)
    access_seat(request.user)  # staff without a seat have no vote
    ballot = selectors.ballot_current(case)
    form = VoteForm(request.POST)

    def cast(data: dict) -> None:
        # Whether the vote still takes this seat's vote (closed, decided, not in its
        # electorate) is the service's to say, with its reason.
        if ballot is None:
            raise ApplicationError(_("No vote is open on this case."))
        services.vote_cast(ballot=ballot, actor=request.user, choice=data["choice"])

    if not perform(request, form, cast):
        return case_page(request, case, vote_form=form, status=400)
    messages.success(request, _("Your seat's vote is recorded."))
    return redirect("steering:case", case.pk)


@committee_member_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """The acting chair records the decision, with the tally and the reviews at hand."""
    case = access_case_chaired(request.user, pk)
    if request.method == "GET" and case.status != Case.Status.IN_REVIEW:
        # Nothing to record (the case was decided or withdrawn meanwhile): its page says so.
        return redirect("steering:case", case.pk)
    ballot = selectors.ballot_current(case)
    tally = selectors.ballot_tally(ballot) if ballot else None
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if tally is not None and tally.allowed_outcomes():
        form.fields["outcome"].choices = [
            (value, label)
            for value, label in Decision.Outcome.choices
            if value in tally.allowed_outcomes()
        ]
    # The terms the subject's kind lets a decision carry (an amount granted), if any.
    terms_form = decision_terms_form(case, request.POST if request.method == "POST" else None)
    terms_valid = terms_form is None or request.method != "POST" or terms_form.is_valid()
    if not terms_valid:
        refuse_invalid(request, terms_form)
    recorded = (
        request.method == "POST"
        and terms_valid
        and perform(
            request,
            form,
            lambda data: services.decision_record(
                case=case,
                actor=request.user,
                terms=terms_form.cleaned_data if terms_form is not None else None,
                **data,
            ),
        )
    )
    if recorded:
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
            "terms_form": terms_form,
        },
        status=400 if request.method == "POST" else 200,
    )
