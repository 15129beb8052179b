from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.models.cases import Case
from steering.models.seats import Seat


class Ballot(models.Model):
    """A vote of the committee on a case, open until its closing time or the decision.

    A case may see more than one (after a revision), but only one open at a time.

    The electorate is decided when the vote opens (ballot_open() stores it): the seats
    entitled to vote at that moment. A seat created while the vote is open does not join it;
    a seat recused after the opening, or whose seat stops being active, leaves it
    (selectors.ballot_electorate() applies that).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ballots")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes"))
    # Set when the decision is recorded or the case withdrawn: no vote changes after it.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    electorate = models.ManyToManyField(
        Seat,
        blank=True,
        related_name="ballots_entitled",
        verbose_name=_("seats entitled to vote when it opened"),
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(closed_at__isnull=True),
                name="ballot_one_open_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} ({self.opened_at:%Y-%m-%d})"

    def accepts_votes(self, *, now=None) -> bool:
        return self.closed_at is None and (now or timezone.now()) < self.closes_at


class Vote(models.Model):
    """A seat's vote in a ballot: one per seat, changeable until the ballot closes."""

    class Choice(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        ABSTAIN = "abstain", _("Abstain")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["cast_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "seat"], name="vote_once_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.seat}: {self.choice}"


class Decision(models.Model):
    """The committee's decision on a case, recorded by the (acting) chair after a vote.

    The tally is kept as it stood when the decision was recorded.
    """

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    ballot = models.OneToOneField(Ballot, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    rationale = models.TextField(_("rationale"), max_length=10000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acting_as = models.CharField(_("acting as"), max_length=16, choices=Seat.Role.choices)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    eligible_seats = models.PositiveIntegerField(_("seats entitled to vote"))
    votes_approve = models.PositiveIntegerField(_("approve"))
    votes_reject = models.PositiveIntegerField(_("reject"))
    votes_abstain = models.PositiveIntegerField(_("abstain"))
    # What the decision grants beyond its outcome, for kinds that register decision terms
    # (steering/subjects.py): the cleaned data of their form, as JSON.
    terms = models.JSONField(_("terms"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_outcome_display()}"

    @property
    def votes_cast(self) -> int:
        return self.votes_approve + self.votes_reject + self.votes_abstain
