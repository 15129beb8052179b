"""Cases: submission, the review's start, withdrawal, resubmission, conflicts, discussion."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import ExpertiseArea, Institution, User
from notifications.services import notify
from steering import audit, selectors
from steering.models import Case, Comment, Conflict, Review, Seat, Vote
from steering.notices import CASE_SUBMITTED, case_context
from steering.permissions import (
    access_seat,
    can_chair,
    can_declare_conflict,
    can_see_internals,
    is_submitter,
)
from steering.services.common import (
    case_locked,
    case_move,
    record,
    require,
    transition_check,
    validated,
)
from steering.subjects import Subject, kind_of, subject_kind
from tpc_portal.errors import ApplicationError


def _tell_chair(case: Case, actor: User) -> None:
    chair = selectors.acting_chair_seat(case)
    if chair is None:
        return
    notify(
        chair.holders(),
        CASE_SUBMITTED,
        context=case_context(case) | {"submitter": str(case.submitter)},
        link=reverse("steering:case", args=[case.pk]),
        actor=actor,
    )


def case_submit(
    *,
    subject: Subject,
    actor: User,
    institutions: Iterable[Institution],
    expertise: Iterable[ExpertiseArea] = (),
) -> Case:
    """Put a subject before the committee. The actor is the submitter.

    Guarantees: the subject's kind is registered (steering/subjects.py); one case per
    subject; the seats of `institutions` are recused from it; the acting chair is told.
    """
    kind = kind_of(subject)
    if kind is None:
        raise TypeError(f"{type(subject).__name__} is not a registered case subject.")
    with transaction.atomic():
        case = Case(
            kind=kind, name=str(subject.case_name())[:300], subject=subject, submitter=actor
        )
        validated(case, exclude=["subject_type", "submitter"])
        case.save()
        institutions = list(institutions)
        case.institutions.set(institutions)
        case.expertise.set(list(expertise))
        record(
            audit.CASE_SUBMITTED,
            actor=actor,
            case=case,
            after={
                "status": case.status,
                "institutions": sorted(institution.name for institution in institutions),
            },
        )
        _tell_chair(case, actor)
    return case


def case_review_start(*, case: Case, actor: User, review_deadline: datetime) -> Case:
    """The acting chair opens the review: submitted -> in review, with the reviews' deadline."""
    require(can_chair(actor, case))
    if review_deadline <= timezone.now():
        raise ApplicationError(
            _("The reviews' deadline must be in the future."),
            errors={"review_deadline": [_("Choose a later date.")]},
        )
    with case_locked(case) as case:
        case_move(
            case,
            Case.Status.IN_REVIEW,
            actor=actor,
            verb=audit.CASE_REVIEW_STARTED,
            after={"review_deadline": review_deadline.isoformat()},
            review_deadline=review_deadline,
        )
    return case


def case_withdraw(*, case: Case, actor: User) -> Case:
    """The submitter takes back an open case. Its open vote closes; the subject is told."""
    require(is_submitter(actor, case))
    with case_locked(case) as case:
        transition_check(case, Case.Status.WITHDRAWN)
        now = timezone.now()
        for ballot in case.ballots.filter(closed_at__isnull=True):
            ballot.closed_at = now
            ballot.save(update_fields=["closed_at"])
            record(audit.BALLOT_CLOSED, actor=actor, case=case, after={"ballot": ballot.pk})
        case_move(
            case, Case.Status.WITHDRAWN, actor=actor, verb=audit.CASE_WITHDRAWN, updated_at=now
        )
        withdrawn = subject_kind(case.kind).apply_withdrawal
        if withdrawn is not None:
            withdrawn(case.subject, case)
    return case


def case_resubmit(*, case: Case, actor: User, note: str = "") -> Case:
    """The submitter answers a request for revision: revision requested -> submitted.

    The subject's apply_resubmission(), when its kind has one, runs in the same transaction
    (a project keeps the version resubmitted); if it refuses, nothing is saved.
    """
    require(is_submitter(actor, case))
    with case_locked(case) as case:
        case_move(
            case,
            Case.Status.SUBMITTED,
            actor=actor,
            verb=audit.CASE_RESUBMITTED,
            after={"note": note.strip()[:2000]},
        )
        resubmitted = subject_kind(case.kind).apply_resubmission
        if resubmitted is not None:
            resubmitted(case.subject, case)
        _tell_chair(case, actor)
    return case


def case_institutions_add(
    *, case: Case, institutions: Iterable[Institution], actor: User | None
) -> Case:
    """More institutions become involved in an open case (say, a proposal's team took in
    someone from another institution): from now on their seats are recused from it, by
    the one rule of recusal, so they no longer review, vote or read its reviews.

    Guarantees: institutions already involved are left as they are (idempotent); an open
    case only (a closed one is left alone); the seats newly recused lose their unwritten
    review assignment and their vote in the open ballot, as when a seat declares a
    conflict; the change is audited. The caller decides who may cause it.
    """
    with case_locked(case) as case:
        if not case.is_open:
            return case
        involved = set(case.institutions.values_list("pk", flat=True))
        added = [institution for institution in institutions if institution.pk not in involved]
        if not added:
            return case
        case.institutions.add(*added)
        record(
            audit.CASE_INSTITUTIONS_ADDED,
            actor=actor,
            case=case,
            after={"institutions": sorted({institution.name for institution in added})},
        )
        for seat in Seat.objects.filter(institution__in=added).select_related("institution"):
            _recusal_cancels(case, seat, actor)
    return case


def _recusal_cancels(case: Case, seat: Seat, actor: User | None) -> None:
    """A seat recused from a case gives up its unwritten review and its open vote."""
    for review in Review.objects.filter(case=case, seat=seat, submitted_at__isnull=True):
        review.delete()
        record(
            audit.REVIEW_CANCELLED,
            actor=actor,
            case=case,
            seat=seat,
            before={"seat": seat.institution.name},
        )
    for vote in Vote.objects.filter(ballot__case=case, ballot__closed_at__isnull=True, seat=seat):
        vote.delete()
        record(
            audit.VOTE_CANCELLED,
            actor=actor,
            case=case,
            seat=seat,
            before={"choice": vote.choice},
        )


def conflict_declare(*, case: Case, actor: User, reason: str) -> Conflict:
    """A seat declares a conflict of interest and is recused from the case from now on.

    Guarantees: recorded with its reason; the seat's unwritten review assignment and its
    vote in the open ballot are cancelled (and audited); a recused chair hands the case to
    the vice-chair, who is found anew by every later check.
    """
    seat = access_seat(actor)
    with case_locked(case) as case:
        if not case.is_open:
            raise ApplicationError(_("This case is closed."))
        if not can_declare_conflict(actor, case):
            raise ApplicationError(_("Your seat is already recused from this case."))
        conflict = Conflict(case=case, seat=seat, reason=reason.strip(), declared_by=actor)
        validated(conflict, exclude=["case", "seat", "declared_by"])
        conflict.save()
        record(
            audit.CONFLICT_DECLARED,
            actor=actor,
            case=case,
            seat=seat,
            after={"seat": seat.institution.name, "reason": conflict.reason},
        )
        _recusal_cancels(case, seat, actor)
    return conflict


def comment_post(*, case: Case, actor: User, body: str) -> Comment:
    """A message in the committee's discussion of an open case (never seen by recused seats)."""
    require(can_see_internals(actor, case))
    if not case.is_open:
        raise ApplicationError(_("The discussion of a closed case is over."))
    comment = Comment(case=case, author=actor, body=body.strip())
    validated(comment, exclude=["case", "author"])
    comment.save()
    return comment
