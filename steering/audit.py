"""The steering committee's verbs in the portal's audit trail (tpc_portal/audit.py).

Each is put into words by its template in steering/templates/steering/audit/, with the
seat it concerns, if any, named in the entry's context (`context.seat`). An entry's subject
is its case, or the seat for a change to a seat outside any case.
"""

from django.utils.translation import gettext_lazy as _

from tpc_portal.audit import Verb, audit_verb


def _verb(key: str, label) -> Verb:
    return audit_verb(key, label=label, template=f"steering/audit/{key.replace('.', '_')}.html")


SEAT_CREATED = _verb("seat.created", _("Seat created"))
SEAT_UPDATED = _verb("seat.updated", _("Seat changed"))
CASE_SUBMITTED = _verb("case.submitted", _("Submitted"))
CASE_REVIEW_STARTED = _verb("case.review_started", _("Review started"))
CASE_RESUBMITTED = _verb("case.resubmitted", _("Resubmitted after revision"))
CASE_WITHDRAWN = _verb("case.withdrawn", _("Withdrawn"))
CASE_DECIDED = _verb("case.decided", _("Decided"))
CASE_INSTITUTIONS_ADDED = _verb("case.institutions_added", _("Institutions involved added"))
REVIEW_ASSIGNED = _verb("review.assigned", _("Reviewer assigned"))
REVIEW_SUBMITTED = _verb("review.submitted", _("Review submitted"))
REVIEW_UPDATED = _verb("review.updated", _("Review changed"))
REVIEW_CANCELLED = _verb("review.cancelled", _("Review assignment cancelled"))
CONFLICT_DECLARED = _verb("conflict.declared", _("Conflict of interest declared"))
BALLOT_OPENED = _verb("ballot.opened", _("Vote opened"))
BALLOT_EXTENDED = _verb("ballot.extended", _("Vote extended"))
BALLOT_CLOSED = _verb("ballot.closed", _("Vote closed"))
VOTE_CAST = _verb("vote.cast", _("Vote cast"))
VOTE_CANCELLED = _verb("vote.cancelled", _("Vote cancelled"))

VERBS: tuple[Verb, ...] = (
    SEAT_CREATED,
    SEAT_UPDATED,
    CASE_SUBMITTED,
    CASE_REVIEW_STARTED,
    CASE_RESUBMITTED,
    CASE_WITHDRAWN,
    CASE_DECIDED,
    CASE_INSTITUTIONS_ADDED,
    REVIEW_ASSIGNED,
    REVIEW_SUBMITTED,
    REVIEW_UPDATED,
    REVIEW_CANCELLED,
    CONFLICT_DECLARED,
    BALLOT_OPENED,
    BALLOT_EXTENDED,
    BALLOT_CLOSED,
    VOTE_CAST,
    VOTE_CANCELLED,
)
