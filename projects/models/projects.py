from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import ExpertiseArea, Institution, Keyword


class Project(models.Model):
    """A multi-institution project: drafted, proposed to the committee, run, completed.

    Implements the steering subject protocol (steering/subjects.py): submitting a draft
    opens a "project" case; the committee's decision makes it active, rejected, or asks for
    a revision, after which the PI resubmits (projects/services/proposals.py, registered in
    ProjectsConfig.ready()). Every submission is kept as a ProjectVersion, so reviewers see
    what changed since the version they reviewed.

    `search_vector` (title A, keywords B, summary C) and `title` feed the similar-work
    ranking on PostgreSQL (projects/similarity.py); the services that change those fields
    keep it current.
    """

    case_template = "projects/subjects/project.html"

    class Kind(models.TextChoices):
        MODEL_BUILDING = "model_building", _("Model building")
        DATA_CURATION = "data_curation", _("Data curation")
        EVALUATION = "evaluation", _("Evaluation suite")
        BENCHMARKING = "benchmarking", _("Benchmarking")
        PLATFORM = "platform", _("Platform architecture")
        APPLICATION = "application", _("Application")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", pgettext_lazy("project", "Proposed")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", pgettext_lazy("project", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("project", "Withdrawn")

    # Allowed moves, enforced by the services (and only there).
    TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.PROPOSED, Status.WITHDRAWN},
        Status.PROPOSED: {
            Status.ACTIVE,
            Status.REJECTED,
            Status.REVISION_REQUESTED,
            Status.WITHDRAWN,
        },
        Status.REVISION_REQUESTED: {Status.PROPOSED, Status.WITHDRAWN},
        Status.ACTIVE: {Status.COMPLETED},
        Status.COMPLETED: set(),
        Status.REJECTED: set(),
        Status.WITHDRAWN: set(),
    }
    # Seen by everyone; the others only by the team, staff and (on the case) the committee.
    PUBLIC_STATUSES = (Status.ACTIVE, Status.COMPLETED)
    # Shown as existing work when a new proposal is written.
    EXISTING_WORK_STATUSES = (Status.PROPOSED, Status.ACTIVE, Status.COMPLETED)

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    summary = models.TextField(
        _("summary"), max_length=3000, help_text=_("A paragraph a colleague can read in a minute.")
    )
    goals = models.TextField(_("goals"), max_length=20000, blank=True, help_text=_("Markdown."))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    lead_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects_led",
        verbose_name=_("lead institution"),
    )
    expertise = models.ManyToManyField(
        ExpertiseArea, blank=True, related_name="projects", verbose_name=_("expertise areas")
    )
    keywords = models.ManyToManyField(
        Keyword, blank=True, related_name="projects", verbose_name=_("keywords")
    )
    working_groups = models.ManyToManyField(
        "workinggroups.WorkingGroup",
        blank=True,
        related_name="projects",
        verbose_name=_("working groups"),
    )
    # How this project differs from the similar work shown when it was written: required
    # before submitting when one scored above the threshold.
    differs_from_similar = models.TextField(
        _("how it differs from similar work"), max_length=3000, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="projects_created"
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), default=timezone.now)
    search_vector = SearchVectorField(null=True, editable=False)
    cases = GenericRelation(
        "steering.Case", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["status", "title"], name="project_status_title"),
            # PostgreSQL only (see the migration): the stored vector, and trigrams of titles.
            GinIndex(fields=["search_vector"], name="project_search_vector"),
            GinIndex(fields=["title"], name="project_title_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return self.title

    def case_name(self) -> str:
        return self.title


class TeamMember(models.Model):
    """A person on a project's team, or invited to it, or asking to join it.

    Invited: the PI (or a co-PI) asked them; they accept or decline. Requested: they asked;
    the PI or a co-PI decides. A declined invitation or request, and leaving, delete the row
    (the audit trail keeps the history). A project always has at least one active PI (a
    service invariant).
    """

    class Role(models.TextChoices):
        PI = "pi", _("Principal investigator")
        CO_PI = "co_pi", _("Co-PI")
        MEMBER = "member", _("Member")
        STUDENT = "student", _("Student")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("On the team")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_teams"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # The institution the person was with when they joined: the project's participating
    # institutions are those of its active team.
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        ordering = ["project", "role", "created"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_place_per_team"),
        ]
        indexes = [models.Index(fields=["user", "status"], name="team_user_status")]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_role_display()}"


class ProjectVersion(models.Model):
    """What a project said when it was submitted (or resubmitted): kept for ever, so that
    reviewers see what changed since the version they reviewed."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    goals = models.TextField(blank=True)
    # The rest of what reviewers judge (kind, areas, keywords, team, shares), as data.
    details = models.JSONField(default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="one_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.project} v{self.number}"
