"""The case page, drawn for a GET and again for an action refused on it
(tpc_portal/refusals.py).

Its data comes from selectors.case_page_for(); this module adds what the viewer may do
and the forms, a refused one with its errors.
"""

from dataclasses import fields

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from steering import selectors
from steering.forms import BallotForm, ConflictForm, ReviewerAssignForm, ReviewStartForm
from steering.models import Case
from steering.permissions import (
    can_chair,
    can_declare_conflict,
    can_read_reviews,
    can_see_internals,
    can_vote,
)


def _recusal_reason(page: selectors.CasePage) -> str:
    if not page.recused or page.seat is None:
        return ""
    if page.recused_by_declaration:
        return _("it declared a conflict of interest.")
    return _("%(institution)s is involved in this case.") % {"institution": page.seat.institution}


def case_page(request: HttpRequest, case: Case, *, status: int = 200, **forms) -> HttpResponse:
    """The case page; a form that failed comes back in `forms`, with its errors."""
    user = request.user
    chair = can_chair(user, case)
    page = selectors.case_page_for(user, case, internals=can_see_internals(user, case), chair=chair)
    context = {f.name: getattr(page, f.name) for f in fields(page)}
    context.update(recusal_reason=_recusal_reason(page), is_chair=chair)
    if page.internals:
        context.update(
            can_read_reviews=can_read_reviews(user, case),
            can_vote=can_vote(user, case),
            can_declare_conflict=can_declare_conflict(user, case),
            conflict_form=forms.get("conflict_form") or ConflictForm(),
            vote_form=forms.get("vote_form"),
        )
        if chair:
            context.update(
                start_form=forms.get("start_form") or ReviewStartForm(),
                assign_form=forms.get("assign_form")
                or ReviewerAssignForm(seats=selectors.seats_assignable(case)),
                ballot_form=forms.get("ballot_form") or BallotForm(),
            )
    return render(request, "steering/case_detail.html", context, status=status)
