from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import ExpertiseArea


class WorkingGroup(models.Model):
    """A working group of the consortium.

    Implements the steering subject protocol (steering/subjects.py): proposing a group opens
    a "working-group charter" case, and the committee's decision activates or declines it
    (workinggroups/services/charter.py, registered in WorkinggroupsConfig.ready()).
    """

    case_template = "workinggroups/subjects/charter.html"

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")
        DECLINED = "declined", _("Not chartered")

    # Allowed moves, enforced by the services: a charter is approved or declined (or its
    # proposer withdraws it); an active group is closed.
    TRANSITIONS: dict[str, set[str]] = {
        Status.PROPOSED: {Status.ACTIVE, Status.DECLINED},
        Status.ACTIVE: {Status.CLOSED},
        Status.CLOSED: set(),
        Status.DECLINED: set(),
    }

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: confirmed members join at once")
        APPROVAL = "approval", _("Approval: a lead approves each request")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    mission = models.TextField(
        _("mission"),
        max_length=10000,
        help_text=_("What the group works on and what it hopes to produce (Markdown)."),
    )
    expertise = models.ManyToManyField(
        ExpertiseArea, blank=True, related_name="working_groups", verbose_name=_("expertise areas")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    join_policy = models.CharField(
        _("who may join"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="working_groups_proposed",
        verbose_name=_("proposed by"),
    )
    created = models.DateTimeField(_("proposed"), default=timezone.now)
    activated = models.DateTimeField(_("chartered"), null=True, blank=True)
    closed = models.DateTimeField(pgettext_lazy("group", "closed"), null=True, blank=True)
    cases = GenericRelation(
        "steering.Case", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def case_name(self) -> str:
        return self.name


class Membership(models.Model):
    """A person in a group: a member or a lead, or someone asking to join (pending).

    Leaving, a declined request and a removal delete the row; the audit trail keeps the
    history. A group that is active always has at least one lead (a service invariant).
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        PENDING = "pending", _("Asked to join")
        ACTIVE = "active", _("Member")

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    # What the person wrote when asking to join a group that needs a lead's approval.
    message = models.TextField(_("message to the leads"), max_length=2000, blank=True)
    created = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "-role", "created"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group"),
            models.CheckConstraint(
                condition=~models.Q(role="lead", status="pending"), name="leads_are_members"
            ),
        ]
        indexes = [models.Index(fields=["user", "status"], name="membership_user_status")]

    def __str__(self) -> str:
        return f"{self.group} · {self.get_role_display()}"
