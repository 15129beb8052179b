from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models.projects import Project
from projects.models.sites import AllocationPeriod, Resource, Site

AMOUNT = {"max_digits": 16, "decimal_places": 3}


class Allocation(models.Model):
    """Machine time granted to a project on a resource, from start to end.

    `used` is the sum of the allocation's usage ledger, kept by the service that writes the
    ledger in the same transaction (`manage.py check_ledgers` proves they agree); remaining
    is granted - used. The `warned_*`/`reminded_*` fields record the notices sent once each:
    the thresholds crossed (80 and 100 percent), the end-date reminders (30 and 7 days;
    each holds the end date it was sent for, so a new end date re-arms it), the forecast
    warning, and when staff were told the site had gone silent.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXHAUSTED = "exhausted", _("Exhausted")
        EXPIRED = "expired", _("Expired")
        SUSPENDED = "suspended", _("Suspended")

    # Allowed moves, enforced by the services (and only there): usage reaching the granted
    # amount exhausts it, and a supplement (or a credit) that leaves time again reopens it;
    # the end date passing expires it, and an extension approved after that reopens it;
    # staff suspend it and resume it to what its totals and dates say.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.ACTIVE: frozenset({Status.EXHAUSTED, Status.EXPIRED, Status.SUSPENDED}),
        Status.EXHAUSTED: frozenset({Status.ACTIVE, Status.EXPIRED, Status.SUSPENDED}),
        Status.EXPIRED: frozenset({Status.ACTIVE, Status.EXHAUSTED}),
        Status.SUSPENDED: frozenset({Status.ACTIVE, Status.EXHAUSTED, Status.EXPIRED}),
    }
    # Running (not expired, not suspended): a supplement or an extension may be asked.
    RUNNING = (Status.ACTIVE, Status.EXHAUSTED)

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="allocations")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="allocations")
    period = models.ForeignKey(
        AllocationPeriod, on_delete=models.PROTECT, related_name="allocations"
    )
    granted = models.DecimalField(_("granted"), **AMOUNT)
    used = models.DecimalField(_("used"), default=0, editable=False, **AMOUNT)
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    warned_80 = models.DateTimeField(null=True, blank=True, editable=False)
    warned_100 = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_30 = models.DateField(null=True, blank=True, editable=False)
    reminded_7 = models.DateField(null=True, blank=True, editable=False)
    forecast_warned = models.DateTimeField(null=True, blank=True, editable=False)
    last_usage = models.DateTimeField(null=True, blank=True, editable=False)
    silence_flagged = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="allocation_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(granted__gt=0), name="allocation_grants_something"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "end"], name="allocation_status_end"),
            models.Index(fields=["project", "status"], name="allocation_project_status"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.resource}"

    @property
    def site_id(self) -> int:
        return self.resource.site_id

    @property
    def remaining(self):
        return self.granted - self.used


class AllocationRequest(models.Model):
    """A project asks for machine time: the subject of an "allocation" case.

    Kinds: new (a period's time on a resource), supplement (more in the current period of an
    allocation), extension (a later end date of an allocation, at most 6 months, asked
    within 90 days of its end), renewal (the next period, asked within 30 days of the end).
    The decision may grant less than asked (`granted`); it creates or changes the
    allocation (projects/services/allocations.py, registered in ProjectsConfig.ready()).
    """

    case_template = "projects/subjects/allocation.html"

    class Kind(models.TextChoices):
        NEW = "new", _("New allocation")
        SUPPLEMENT = "supplement", _("Supplement")
        EXTENSION = "extension", _("Extension")
        RENEWAL = "renewal", _("Renewal")

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="allocation_requests"
    )
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="requests")
    period = models.ForeignKey(
        AllocationPeriod, on_delete=models.PROTECT, related_name="requests", null=True, blank=True
    )
    # The allocation a supplement, extension or renewal follows on from.
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="requests", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    new_end = models.DateField(_("new end date"), null=True, blank=True)
    justification = models.TextField(_("justification"), max_length=10000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    granted = models.DecimalField(_("granted"), null=True, blank=True, **AMOUNT)
    cases = GenericRelation(
        "steering.Case", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        verbose_name = _("allocation request")
        verbose_name_plural = _("allocation requests")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="request_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.resource}"

    def case_name(self) -> str:
        return f"{self.project.title} · {self.resource.site.name} {self.resource.name}"


class UsageRecord(models.Model):
    """One line of an allocation's usage ledger, as the site reported it.

    `record_id` is the site's own id: unique per site, so a record sent twice is stored
    once. An adjustment (credit or debit) refers to the record it corrects (`adjusts`);
    a credit is stored with a negative amount.
    """

    class Kind(models.TextChoices):
        USAGE = "usage", _("Usage")
        CREDIT = "credit", _("Credit")
        DEBIT = "debit", _("Debit")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="usage_records")
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="usage_records"
    )
    record_id = models.CharField(_("site's record id"), max_length=100)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.USAGE)
    adjusts = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="adjustments"
    )
    period_start = models.DateTimeField(_("from"))
    period_end = models.DateTimeField(_("to"))
    amount = models.DecimalField(_("amount"), **AMOUNT)
    site_user = models.CharField(_("user at the site"), max_length=150, blank=True)
    received = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("usage record")
        verbose_name_plural = _("usage records")
        ordering = ["allocation", "period_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "record_id"], name="one_record_per_site_id"),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="usage_period_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["allocation", "period_end"], name="usage_allocation_end"),
        ]

    def __str__(self) -> str:
        return f"{self.site_id}:{self.record_id}"
