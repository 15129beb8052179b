"""Reviews: the chair assigns seats, the seats write."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from notifications.services import notify
from steering import audit, selectors
from steering.models import Case, Review, Seat
from steering.notices import REVIEW_ASSIGNED, case_context
from steering.permissions import can_chair, can_review
from steering.services.common import case_locked, record, require, validated
from tpc_portal.errors import ApplicationError


def review_assign(*, case: Case, seat: Seat, actor: User, due: datetime | None = None) -> Review:
    """The acting chair asks a seat to review the case, by the case's deadline unless told.

    Guarantees: only a case in review; never a recused or inactive seat; once per seat;
    the seat's holders are told.
    """
    require(can_chair(actor, case))
    with case_locked(case) as case:
        if case.status != Case.Status.IN_REVIEW:
            raise ApplicationError(_("Reviewers are assigned once the review has started."))
        if not selectors.eligible_seats(case).filter(pk=seat.pk).exists():
            raise ApplicationError(
                _("%(seat)s may not review this case: the seat is recused or not active.")
                % {"seat": seat},
                errors={"seat": [_("Choose a seat that is not recused.")]},
            )
        if Review.objects.filter(case=case, seat=seat).exists():
            raise ApplicationError(
                _("%(seat)s is already a reviewer of this case.") % {"seat": seat},
                errors={"seat": [_("Already a reviewer.")]},
            )
        due = due or case.review_deadline
        review = Review(case=case, seat=seat, assigned_by=actor, due=due)
        validated(review)
        review.save()
        record(
            audit.REVIEW_ASSIGNED,
            actor=actor,
            case=case,
            seat=seat,
            after={"seat": seat.institution.name, "due": due.isoformat() if due else None},
        )
        notify(
            seat.holders(),
            REVIEW_ASSIGNED,
            context=case_context(case) | {"due": due},
            link=reverse("steering:review", args=[case.pk]),
            actor=actor,
        )
    return review


def review_submit(
    *,
    review: Review,
    actor: User,
    score: int,
    recommendation: str,
    comments_committee: str = "",
    comments_proposer: str = "",
) -> Review:
    """A holder of the assigned seat submits (or, while the case is in review, revises) the
    seat's review.

    The audit entry records that the review was submitted or changed, not what it says:
    other reviewers must not read it before they submit their own.
    """
    require(selectors.seat_of(actor) == review.seat)
    # The case first, then the review: the order conflict_declare() takes them in.
    with case_locked(review.case) as case:
        review = (
            Review.objects.select_for_update().select_related("seat__institution").get(pk=review.pk)
        )
        review.case = case
        if review.case.status != Case.Status.IN_REVIEW:
            raise ApplicationError(_("The review of this case is over."))
        require(can_review(actor, review.case))
        first = review.submitted_at is None
        review.score = score
        review.recommendation = recommendation
        review.comments_committee = comments_committee.strip()
        review.comments_proposer = comments_proposer.strip()
        if first:
            review.submitted_at = timezone.now()
        review.submitted_by = actor
        if review.score is None or not 1 <= review.score <= 5:
            raise ApplicationError(
                _("The score is a whole number from 1 to 5."),
                errors={"score": [_("From 1 to 5.")]},
            )
        validated(review, exclude=["case", "seat", "assigned_by", "submitted_by"])
        review.save()
        record(
            audit.REVIEW_SUBMITTED if first else audit.REVIEW_UPDATED,
            actor=actor,
            case=review.case,
            seat=review.seat,
            before={"submitted": not first},
            after={"submitted": True},
        )
    return review
