"""The proposer's side: applying for membership, following one's own cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from steering import selectors, services
from steering.forms import MembershipApplicationForm, ResubmitForm
from steering.permissions import access_proposal, can_resubmit, can_withdraw
from tpc_portal.errors import ApplicationError
from tpc_portal.people import given_name
from tpc_portal.refusals import refuse, refuse_invalid


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """A verified person applies for their institution to join the consortium."""
    form = MembershipApplicationForm(
        request.POST if request.method == "POST" else None,
        ask_name=not given_name(request.user),
    )
    if request.method == "POST":
        if not form.is_valid():
            refuse_invalid(request, form)
        else:
            try:
                application = services.membership_application_submit(
                    actor=request.user, **form.cleaned_data
                )
            except ApplicationError as error:
                refuse(request, form, error)
            else:
                messages.success(request, _("Your application is with the steering committee."))
                return redirect("steering:proposal", application.cases.get().pk)
    return render(
        request,
        "steering/apply.html",
        {"form": form, "applicant_name": given_name(request.user)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def proposal_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "steering/proposal_list.html", {"cases": selectors.proposals_of(request.user)}
    )


def _proposal_page(request: HttpRequest, case, *, resubmit_form=None, status=200) -> HttpResponse:
    decision = selectors.decision_latest(case)
    return render(
        request,
        "steering/proposal_detail.html",
        {
            "case": case,
            "subject": case.subject,
            "decision": decision,
            "comments": selectors.comments_to_proposer(case) if decision else [],
            "can_withdraw": can_withdraw(request.user, case),
            "can_resubmit": can_resubmit(request.user, case),
            "resubmit_form": resubmit_form or ResubmitForm(),
        },
        status=status,
    )


@login_required
@require_safe
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposer's view: status, and once decided the decision, its rationale and the
    reviewers' comments to the proposer, never who wrote them."""
    return _proposal_page(request, access_proposal(request.user, pk))


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_proposal(request.user, pk)
    try:
        services.case_withdraw(case=case, actor=request.user)
    except ApplicationError as error:
        refuse(request, None, error)
        return _proposal_page(request, case, status=400)
    messages.success(request, _("Your proposal is withdrawn."))
    return redirect("steering:proposal", case.pk)


@login_required
@require_POST
def proposal_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_proposal(request.user, pk)
    form = ResubmitForm(request.POST)
    if not form.is_valid():
        refuse_invalid(request, form)
        return _proposal_page(request, case, resubmit_form=form, status=400)
    try:
        services.case_resubmit(case=case, actor=request.user, note=form.cleaned_data["note"])
    except ApplicationError as error:
        refuse(request, form, error)
        return _proposal_page(request, case, resubmit_form=form, status=400)
    messages.success(request, _("Your proposal is back with the committee."))
    return redirect("steering:proposal", case.pk)
