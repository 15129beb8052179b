from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.models import ExpertiseArea, Institution
from steering.models.seats import Seat


class Case(models.Model):
    """A proposal under the committee's review: a subject from any app, by kind.

    steering knows no domain app: the subject (a generic relation) implements the protocol
    in steering/subjects.py, and its kind is registered there.
    """

    class Kind(models.TextChoices):
        MEMBERSHIP = "membership", _("Membership application")
        CHARTER = "charter", _("Working-group charter")
        PROJECT = "project", _("Project")
        ALLOCATION = "allocation", _("Allocation of machine time")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The only changes the services make; approved, rejected and withdrawn are final.
    # submitted -> in review: the chair starts the review (case_review_start);
    # in review -> approved / rejected / revision requested: the chair's decision
    #   (decision_record), after a vote with quorum;
    # revision requested -> submitted: the submitter resubmits (case_resubmit);
    # any open status -> withdrawn: the submitter withdraws (case_withdraw).
    STATUS_TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.SUBMITTED: frozenset({Status.IN_REVIEW, Status.WITHDRAWN}),
        Status.IN_REVIEW: frozenset(
            {Status.APPROVED, Status.REJECTED, Status.REVISION_REQUESTED, Status.WITHDRAWN}
        ),
        Status.REVISION_REQUESTED: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
        Status.APPROVED: frozenset(),
        Status.REJECTED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }
    OPEN_STATUSES: ClassVar[frozenset[str]] = frozenset(
        {Status.SUBMITTED, Status.IN_REVIEW, Status.REVISION_REQUESTED}
    )

    # A case's title is composed when shown, in the reader's language, from its kind and the
    # name of what it is about (see `title`); the name is stored as its subject gave it.
    TITLES: ClassVar[dict[str, Promise]] = {
        Kind.MEMBERSHIP: _("Membership of %(name)s"),
        Kind.CHARTER: _("Charter of %(name)s"),
        Kind.PROJECT: _("Project: %(name)s"),
        Kind.ALLOCATION: _("Machine time for %(name)s"),
    }

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=300, help_text=_("What the case is about, e.g. the institution.")
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="steering_cases",
        verbose_name=_("submitter"),
    )
    institutions = models.ManyToManyField(
        Institution,
        related_name="steering_cases",
        verbose_name=_("institutions involved"),
        help_text=_("Their seats are recused from the case."),
    )
    expertise = models.ManyToManyField(
        ExpertiseArea, blank=True, related_name="steering_cases", verbose_name=_("expertise areas")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    review_deadline = models.DateTimeField(_("reviews due"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], name="case_one_per_subject"
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="case_status_submitted")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The case's title in the active language, e.g. "Membership of Argonne"."""
        return case_title(self.kind, self.name)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


def case_title(kind: str, name: str) -> str:
    """The title of a case of this kind about `name`, in the active language."""
    template = Case.TITLES.get(kind)
    return str(template) % {"name": name} if template is not None else name


class Conflict(models.Model):
    """A conflict of interest a seat declared on a case; the seat is recused from it.

    Seats of the institutions involved are recused without a row (see selectors).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conflicts")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.TextField(_("reason"), max_length=2000)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        ordering = ["declared_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seat"], name="conflict_once_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.seat} / {self.case}"


class Review(models.Model):
    """A seat's review of a case: assigned by the chair, then written by the seat."""

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REVISE = "revise", _("Ask for a revision")
        REJECT = "reject", _("Reject")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="reviews")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    due = models.DateTimeField(_("due"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, help_text=_("1 (weak) to 5 (excellent).")
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=Recommendation.choices, blank=True
    )
    comments_committee = models.TextField(
        _("comments to the committee"), max_length=10000, blank=True
    )
    comments_proposer = models.TextField(
        _("comments to the proposer"),
        max_length=10000,
        blank=True,
        help_text=_("Sent to the proposer with the decision, without your name."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seat"], name="review_once_per_seat"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="review_score_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | (Q(score__isnull=False) & ~Q(recommendation="")),
                name="review_submitted_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat} / {self.case}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Comment(models.Model):
    """A message in the committee's discussion of a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"), max_length=5000)
    posted_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        verbose_name = _("discussion message")
        verbose_name_plural = _("discussion messages")
        ordering = ["posted_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]
