"""Quorum and majority: plain arithmetic, kept apart so that it can be read and tested alone.

- Seats entitled to vote: the active seats not recused from the case (involved
  institutions and declared conflicts are out, and so is their vote).
- Quorum: at least STEERING_QUORUM (default 1/2) of those seats cast a vote; an abstention
  is a vote cast, so it counts towards the quorum. No seat entitled to vote, no quorum.
- Majority: more approvals than rejections among the votes that are not abstentions.
  A tie (including all abstaining) is no majority: the case is not approved.
- What the chair may record (`allowed_outcomes`): nothing without quorum; with a majority
  to approve, approval; otherwise rejection or a request for revision.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings

from steering.models.voting import Decision, Vote

APPROVE, REJECT, ABSTAIN = Vote.Choice.APPROVE, Vote.Choice.REJECT, Vote.Choice.ABSTAIN


def quorum_share() -> Fraction:
    """STEERING_QUORUM as an exact fraction (0.5 -> 1/2), so no float rounds a seat away.

    The one check of its range: steering's system check (steering/checks.py) runs it when
    the portal starts or migrates, so a wrong setting stops the deployment."""
    share = Fraction(str(settings.STEERING_QUORUM)).limit_denominator(1000)
    if not 0 < share <= 1:
        raise ValueError("STEERING_QUORUM must be more than 0 and at most 1.")
    return share


@dataclass(frozen=True)
class Tally:
    eligible: int
    approve: int
    reject: int
    abstain: int
    share: Fraction

    @property
    def cast(self) -> int:
        return self.approve + self.reject + self.abstain

    @property
    def quorum(self) -> int:
        """Votes needed for quorum (0 when no seat may vote: then there is none)."""
        return math.ceil(self.share * self.eligible)

    @property
    def has_quorum(self) -> bool:
        return self.eligible > 0 and self.cast >= self.quorum

    @property
    def majority(self) -> str | None:
        """APPROVE or REJECT when one side has more votes, None on a tie."""
        if self.approve > self.reject:
            return APPROVE
        if self.reject > self.approve:
            return REJECT
        return None

    def allowed_outcomes(self) -> list[str]:
        if not self.has_quorum:
            return []
        if self.majority == APPROVE:
            return [Decision.Outcome.APPROVED]
        return [Decision.Outcome.REJECTED, Decision.Outcome.REVISION_REQUESTED]


def tally_count(
    *,
    eligible_seat_ids: Iterable[int],
    votes: Iterable[tuple[int, str]],
    share: Fraction | None = None,
) -> Tally:
    """Count (seat id, choice) votes, ignoring those of seats not entitled to vote."""
    eligible = set(eligible_seat_ids)
    counts = {APPROVE: 0, REJECT: 0, ABSTAIN: 0}
    for seat_id, choice in votes:
        if seat_id in eligible:
            counts[choice] += 1
    return Tally(
        eligible=len(eligible),
        approve=counts[APPROVE],
        reject=counts[REJECT],
        abstain=counts[ABSTAIN],
        share=share if share is not None else quorum_share(),
    )
