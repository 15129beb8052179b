"""A project before the steering committee: submitting and resubmitting its proposal, the
versions kept of it, and what the committee's decision and a withdrawal do.

The project is a steering subject (registered in ProjectsConfig.ready()): its first
submission opens a case of kind "project" (steering's case_submit) involving the team's
institutions, whose seats are recused; after the committee asks for a revision, the PI
resubmits through steering's case_resubmit, which calls back
project_apply_resubmission() to keep the new version. Every submission is a ProjectVersion,
kept for ever, so that reviewers see what changed since the version they reviewed.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from notifications.services import notify
from projects import audit, notices
from projects.models import Project, ProjectVersion, TeamMember
from projects.permissions import EDITABLE_STATUSES
from projects.proposal_selectors import project_snapshot
from projects.selectors import (
    participating_institutions,
    project_case,
    team_people,
)
from projects.services.common import (
    place_of,
    project_locked,
    project_move,
    require,
    transition_check,
    validated,
)
from projects.similarity import similar_above_threshold
from steering import selectors as steering_selectors
from steering import services as steering
from steering.models import Case, Decision
from tpc_portal.errors import ApplicationError


def _is_pi(project: Project, user: User) -> bool:
    place = place_of(project, user)
    return place is not None and (place.role, place.status) == (
        TeamMember.Role.PI,
        TeamMember.Status.ACTIVE,
    )


def _differs_check(project: Project) -> None:
    """Similar work above the threshold needs the proposer's word on how theirs differs."""
    if project.differs_from_similar.strip():
        return
    similar = similar_above_threshold(project)
    if similar:
        raise ApplicationError(
            _(
                "Similar projects exist already. Say how yours differs from them (or join "
                "one of them) before you submit."
            ),
            errors={"differs_from_similar": [_("Say how your project differs.")]},
        )


def _propose(project: Project, *, actor: User | None, resubmission: bool) -> ProjectVersion:
    """Inside the project's lock: check, keep the version, move to proposed."""
    transition_check(project, Project.Status.PROPOSED)
    _differs_check(project)
    number = (project.versions.order_by("-number").values_list("number", flat=True).first()) or 0
    snapshot = project_snapshot(project)
    version = ProjectVersion(
        project=project,
        number=number + 1,
        title=project.title,
        summary=project.summary,
        goals=project.goals,
        details=snapshot,
        submitted_by=actor,
        submitted=timezone.now(),
    )
    validated(version, exclude=["project", "submitted_by"])
    version.save()
    project_move(
        project,
        Project.Status.PROPOSED,
        actor=actor,
        verb=audit.PROJECT_RESUBMITTED if resubmission else audit.PROJECT_SUBMITTED,
        after={"version": version.number},
    )
    return version


def project_submit(
    *, project: Project, actor: User, differs_from_similar: str | None = None, note: str = ""
) -> ProjectVersion:
    """The PI proposes the project to the steering committee.

    A draft: a version is kept and a case of kind "project" opens (steering's case_submit),
    involving the institutions of the active team (and the lead institution), whose seats
    are recused. After the committee asked for a revision: the case goes back to the
    committee (steering's case_resubmit, with `note` for it), and the version resubmitted
    is kept beside the earlier ones (project_apply_resubmission).

    `differs_from_similar`, when given, is saved first: when existing work is more similar
    than the threshold (projects/similarity.py), it must say how this project differs.
    Guarantees: only the PI; only from draft or revision requested; all or nothing.
    """
    require(_is_pi(project, actor))
    case = project_case(project)
    if case is not None and case.submitter_id != actor.pk:
        raise ApplicationError(
            _("The proposal was submitted by another PI of the project: they resubmit it.")
        )
    with project_locked(project) as locked:
        if locked.status not in EDITABLE_STATUSES:
            transition_check(locked, Project.Status.PROPOSED)
        if differs_from_similar is not None:
            locked.differs_from_similar = differs_from_similar.strip()
            validated(locked, exclude=["slug", "created_by", "lead_institution"])
            locked.save(update_fields=["differs_from_similar"])
        if locked.status == Project.Status.REVISION_REQUESTED and case is not None:
            # steering locks the case (already ours) and calls project_apply_resubmission.
            steering.case_resubmit(case=case, actor=actor, note=note)
            return ProjectVersion.objects.filter(project=locked).latest("number")
        version = _propose(locked, actor=actor, resubmission=False)
        institutions = participating_institutions(locked)
        if locked.lead_institution and locked.lead_institution not in institutions:
            institutions.append(locked.lead_institution)
        steering.case_submit(
            subject=locked,
            actor=actor,
            institutions=institutions,
            expertise=locked.expertise.all(),
        )
    return version


# --- What the committee's decisions do (registered in ProjectsConfig.ready()) -------------


def project_apply_resubmission(project: Project, case: Case) -> None:
    """Runs inside steering's case_resubmit(): the project is proposed again, and the
    version resubmitted is kept. Refuses (nothing is saved) what a submission would."""
    with project_locked(project) as locked:
        if not _is_pi(locked, case.submitter):
            raise ApplicationError(_("Only the project's PI resubmits its proposal."))
        _propose(locked, actor=case.submitter, resubmission=True)


_OUTCOME_STATUS = {
    Decision.Outcome.APPROVED: Project.Status.ACTIVE,
    Decision.Outcome.REJECTED: Project.Status.REJECTED,
    Decision.Outcome.REVISION_REQUESTED: Project.Status.REVISION_REQUESTED,
}


def project_apply_decision(project: Project, decision: Decision) -> None:
    """Runs inside steering's decision_record(): approved makes the project active (public
    from now on), rejected rejects it, a revision request lets the team edit and resubmit.

    The team hears the decision with the committee's rationale and the reviewers' comments
    to the proposer; the submitter (usually the PI) has it from the committee already.
    """
    with project_locked(project) as locked:
        project_move(
            locked,
            _OUTCOME_STATUS[Decision.Outcome(decision.outcome)],
            actor=None,
            verb=audit.PROJECT_DECIDED,
            after={"decision": decision.pk, "outcome": decision.outcome},
        )
        submitter = decision.case.submitter_id
        notify(
            [person for person in team_people(locked) if person.pk != submitter],
            notices.PROPOSAL_DECIDED,
            context={
                "project": locked.title,
                "decision": decision.outcome,
                "rationale": decision.rationale,
                "comments": steering_selectors.comments_to_proposer(decision.case),
            },
            link=reverse("projects:project", args=[locked.slug]),
            actor=None,  # the committee decides, not a person
        )


def project_apply_withdrawal(project: Project, case: Case) -> None:
    """Runs inside steering's case_withdraw(): the proposal is withdrawn, for good."""
    with project_locked(project) as locked:
        project_move(
            locked, Project.Status.WITHDRAWN, actor=case.submitter, verb=audit.PROJECT_WITHDRAWN
        )
