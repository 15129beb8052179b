"""Votes and the decision. The arithmetic is in steering/tally.py."""

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from notifications.services import notify
from steering import audit, display, selectors
from steering.models import Ballot, Case, Decision, Vote
from steering.notices import BALLOT_OPENED, DECISION_MADE, case_context
from steering.permissions import access_seat, can_chair
from steering.services.common import (
    case_locked,
    case_move,
    record,
    require,
    transition_check,
    validated,
)
from steering.subjects import decision_terms_form, subject_kind
from steering.tally import Tally
from tpc_portal.errors import ApplicationError


def _future(closes_at: datetime) -> None:
    if closes_at <= timezone.now():
        raise ApplicationError(
            _("The vote must close in the future."),
            errors={"closes_at": [_("Choose a later date.")]},
        )


def ballot_open(*, case: Case, actor: User, closes_at: datetime) -> Ballot:
    """The acting chair opens the committee's vote on a case in review, until `closes_at`.

    Guarantees: one open (or undecided) vote per case; its electorate is decided now and
    stored: the active seats not recused from the case. A seat created later does not join
    it; a seat recused later, or no longer active, leaves it (selectors.ballot_electorate).
    The holders of every seat in the electorate are told.
    """
    require(can_chair(actor, case))
    _future(closes_at)
    with case_locked(case) as case:
        if case.status != Case.Status.IN_REVIEW:
            raise ApplicationError(_("The committee votes on a case in review."))
        if selectors.ballot_current(case) is not None:
            raise ApplicationError(
                _("A vote on this case is already open or waits for its decision; extend it.")
            )
        ballot = Ballot(case=case, opened_by=actor, closes_at=closes_at)
        validated(ballot)
        ballot.save()
        electorate = list(
            selectors.eligible_seats(case).select_related("representative", "alternate")
        )
        ballot.electorate.set(electorate)
        record(
            audit.BALLOT_OPENED,
            actor=actor,
            case=case,
            after={
                "ballot": ballot.pk,
                "closes_at": closes_at.isoformat(),
                "electorate": len(electorate),
            },
        )
        voters = [person for seat in electorate for person in seat.holders()]
        notify(
            voters,
            BALLOT_OPENED,
            context=case_context(case) | {"closes": closes_at},
            link=reverse("steering:case", args=[case.pk]),
            actor=actor,
        )
    return ballot


def ballot_extend(*, ballot: Ballot, actor: User, closes_at: datetime) -> Ballot:
    """The acting chair gives an undecided vote more time (for instance, to reach quorum)."""
    require(can_chair(actor, ballot.case))
    _future(closes_at)
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if ballot.closed_at is not None:
            raise ApplicationError(_("This vote is closed."))
        if closes_at <= ballot.closes_at:
            raise ApplicationError(
                _("An extension closes the vote later than %(closes)s.")
                % {"closes": display.moment(ballot.closes_at)},
                errors={"closes_at": [_("Choose a later date.")]},
            )
        before = {"closes_at": ballot.closes_at.isoformat()}
        ballot.closes_at = closes_at
        ballot.save(update_fields=["closes_at"])
        record(
            audit.BALLOT_EXTENDED,
            actor=actor,
            case=ballot.case,
            before=before,
            after={"closes_at": closes_at.isoformat()},
        )
    return ballot


def vote_cast(*, ballot: Ballot, actor: User, choice: str) -> Vote:
    """A holder of a seat entitled to vote casts (or changes) the seat's one vote.

    Guarantees: one vote per seat (a database constraint; concurrent votes of the
    representative and the alternate queue on the ballot's row); only before the close;
    only a seat of the ballot's electorate (decided when the vote opened), never a recused
    seat's; every change audited with its previous choice.
    """
    seat = access_seat(actor)
    require(not selectors.seat_is_recused(seat, ballot.case))
    if choice not in Vote.Choice.values:
        raise ApplicationError(
            _("Vote approve, reject or abstain."), errors={"choice": [_("Choose one.")]}
        )
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("case").get(pk=ballot.pk)
        if not ballot.accepts_votes() or ballot.case.status != Case.Status.IN_REVIEW:
            raise ApplicationError(_("This vote is closed."))
        if not selectors.ballot_electorate(ballot).filter(pk=seat.pk).exists():
            raise ApplicationError(
                _(
                    "Your seat does not vote on this case: the vote opened before the seat "
                    "joined the committee."
                )
            )
        vote = Vote.objects.filter(ballot=ballot, seat=seat).first()
        before = {"choice": vote.choice if vote else None}
        if vote is None:
            vote = Vote(ballot=ballot, seat=seat)
        elif vote.choice == choice:
            return vote
        vote.choice = choice
        vote.cast_by = actor
        vote.cast_at = timezone.now()
        validated(vote)
        vote.save()
        record(
            audit.VOTE_CAST,
            actor=actor,
            case=ballot.case,
            seat=seat,
            before=before,
            after={"choice": choice},
        )
    return vote


def _refusal(tally: Tally, ballot: Ballot, outcome: str) -> str | None:
    """Why this outcome cannot be recorded now, or None."""
    voting_over = timezone.now() >= ballot.closes_at or tally.cast >= tally.eligible
    if not voting_over:
        return _(
            "The vote is open until %(closes)s and %(missing)d of %(eligible)d seats have not "
            "voted yet. Decide after the close, or once every seat has voted."
        ) % {
            "closes": display.moment(ballot.closes_at),
            "missing": tally.eligible - tally.cast,
            "eligible": tally.eligible,
        }
    if not tally.has_quorum:
        return _(
            "No quorum: %(cast)d of the %(eligible)d seats entitled to vote voted, and "
            "%(needed)d are needed. Extend the vote to give the others time."
        ) % {"cast": tally.cast, "eligible": tally.eligible, "needed": max(tally.quorum, 1)}
    if outcome not in tally.allowed_outcomes():
        if outcome == Decision.Outcome.APPROVED:
            return _("Approval needs a majority: %(approve)d approve, %(reject)d reject.") % {
                "approve": tally.approve,
                "reject": tally.reject,
            }
        return _(
            "The committee voted to approve (%(approve)d to %(reject)d): record the approval."
        ) % {"approve": tally.approve, "reject": tally.reject}
    return None


def _terms_checked(case: Case, terms: Mapping[str, Any] | None) -> dict[str, Any]:
    """The decision's terms as the subject's terms form cleans them, stored as JSON values
    (a decimal as its text, a date in ISO); none for a kind without terms."""
    form = decision_terms_form(case, dict(terms or {}), prefix=None)
    if form is None:
        if terms:
            raise ApplicationError(_("A decision on this kind of case carries no terms."))
        return {}
    if not form.is_valid():
        errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, errors=errors)
    return json.loads(json.dumps(form.cleaned_data, cls=DjangoJSONEncoder))


def decision_record(
    *,
    case: Case,
    actor: User,
    outcome: str,
    rationale: str,
    terms: Mapping[str, Any] | None = None,
) -> Decision:
    """The acting chair records the committee's decision, following its vote.

    Guarantees, all in one transaction: the vote is over (closed by time, or every seat
    entitled to vote voted); it has quorum; the outcome is one the tally allows
    (steering/tally.py); the tally is kept with the decision; the terms, for a kind that
    registers them, are checked by its terms form and kept with the decision; the ballot
    closes; the case moves to the outcome's status; the subject's apply_decision() runs,
    and if it refuses, nothing is saved; the proposer is told the decision, the rationale
    and the reviewers' comments to the proposer, without their names.
    """
    require(can_chair(actor, case))
    if outcome not in Decision.Outcome.values:
        raise ApplicationError(_("Choose a decision."), errors={"outcome": [_("Choose one.")]})
    if not rationale.strip():
        raise ApplicationError(
            _("A decision needs its rationale."),
            errors={"rationale": [_("Explain the decision.")]},
        )
    checked_terms = _terms_checked(case, terms)
    with case_locked(case) as case:
        transition_check(case, outcome)
        ballot = selectors.ballot_current(case)
        if ballot is None:
            raise ApplicationError(_("Open a vote first: the committee decides by vote."))
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        tally = selectors.ballot_tally(ballot)
        refusal = _refusal(tally, ballot, outcome)
        if refusal:
            raise ApplicationError(refusal, errors={"outcome": [refusal]})
        now = timezone.now()
        decision = Decision(
            case=case,
            ballot=ballot,
            outcome=outcome,
            rationale=rationale.strip(),
            decided_by=actor,
            acting_as=access_seat(actor).role,
            decided_at=now,
            eligible_seats=tally.eligible,
            votes_approve=tally.approve,
            votes_reject=tally.reject,
            votes_abstain=tally.abstain,
            terms=checked_terms,
        )
        validated(decision, exclude=["case", "ballot", "decided_by"])
        decision.save()
        if ballot.closed_at is None:
            ballot.closed_at = now
            ballot.save(update_fields=["closed_at"])
        case_move(
            case,
            outcome,
            actor=actor,
            verb=audit.CASE_DECIDED,
            after={
                "decision": decision.pk,
                "eligible": tally.eligible,
                "approve": tally.approve,
                "reject": tally.reject,
                "abstain": tally.abstain,
                **({"terms": checked_terms} if checked_terms else {}),
            },
            updated_at=now,
        )
        subject_kind(case.kind).apply_decision(case.subject, decision)
        notify(
            [case.submitter],
            DECISION_MADE,
            context=case_context(case)
            | {
                "outcome": decision.outcome,
                "rationale": decision.rationale,
                "comments": selectors.comments_to_proposer(case),
            },
            link=reverse("steering:proposal", args=[case.pk]),
            # The committee decides, not a person: the notice names nobody.
            actor=None,
        )
    return decision
