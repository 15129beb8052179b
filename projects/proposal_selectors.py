"""What the committee reads of a project on its case: the versions submitted, the one a
seat reviewed, and the words that changed since; and the snapshot a version keeps."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from projects.models import Project, ProjectVersion, TeamMember
from projects.versions import (
    ROLE_ORDER,
    Details,
    Segment,
    details_shown,
    details_text,
    diff_words,
    has_changes,
)
from steering import audit as steering_audit
from steering.models import Case, Seat
from tpc_portal.audit import audit_of
from tpc_portal.people import given_name

ACTIVE = TeamMember.Status.ACTIVE


def project_snapshot(project: Project) -> dict[str, Any]:
    """What a version keeps of the project besides its text, as data (names and values,
    put into words when shown: projects/versions.py)."""
    team = (
        TeamMember.objects.filter(project=project, status=ACTIVE)
        .select_related("user__profile", "institution")
        .order_by("created", "id")
    )
    people = sorted(team, key=lambda place: (ROLE_ORDER[place.role], given_name(place.user)))
    return {
        "kind": project.kind,
        "lead_institution": project.lead_institution.name if project.lead_institution else "",
        "areas": [area.name for area in project.expertise.order_by("position", "name")],
        "keywords": sorted(keyword.name for keyword in project.keywords.all()),
        "working_groups": sorted(group.name for group in project.working_groups.all()),
        "team": [
            {
                "name": given_name(place.user),
                "role": place.role,
                "institution": place.institution.name if place.institution else "",
            }
            for place in people
        ],
        "shares": [
            {"what": share.what, "description": share.description, "terms": share.terms}
            for share in project.shares.order_by("what", "id")
        ],
    }


@dataclass
class FieldDiff:
    label: str
    segments: list[Segment]
    changed: bool


@dataclass
class ProposalOnCase:
    """A project as the committee reads it on its case: the version last submitted (the
    project as it stands when none was), and what changed since the version the viewer's
    seat reviewed, or else since the previous one."""

    project: Project
    title: str
    summary: str
    goals: str
    details: Details
    number: int | None = None
    submitted: datetime | None = None
    versions: list[ProjectVersion] = field(default_factory=list)
    base: ProjectVersion | None = None
    reviewed: int | None = None
    diff: list[FieldDiff] = field(default_factory=list)


def _reviewed_at(case: Case | None, seat: Seat | None) -> datetime | None:
    """When the seat last submitted or changed its review of the case (the audit trail
    keeps each time; the review row only the first)."""
    if case is None or seat is None:
        return None
    verbs = [steering_audit.REVIEW_SUBMITTED.key, steering_audit.REVIEW_UPDATED.key]
    return (
        audit_of(case)
        .filter(verb__in=verbs, context__seat_id=seat.pk)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )


def proposal_on_case(project: Project, *, case: Case | None, seat: Seat | None) -> ProposalOnCase:
    """The case page's view of a project for a viewer holding `seat` (None for the
    proposer and staff)."""
    versions = list(project.versions.select_related("submitted_by__profile").order_by("number"))
    if not versions:
        return ProposalOnCase(
            project=project,
            title=project.title,
            summary=project.summary,
            goals=project.goals,
            details=details_shown(project_snapshot(project)),
        )
    current = versions[-1]
    view = ProposalOnCase(
        project=project,
        title=current.title,
        summary=current.summary,
        goals=current.goals,
        details=details_shown(current.details),
        number=current.number,
        submitted=current.submitted,
        versions=versions,
    )
    reviewed_at = _reviewed_at(case, seat)
    if reviewed_at is not None:
        seen = [version for version in versions if version.submitted <= reviewed_at]
        view.reviewed = seen[-1].number if seen else None
    if view.reviewed is not None and view.reviewed < current.number:
        view.base = {version.number: version for version in versions}.get(view.reviewed)
    if view.base is None and len(versions) > 1:
        view.base = versions[-2]
    if view.base is not None:
        view.diff = _diff(view.base, current)
    return view


def _diff(old: ProjectVersion, new: ProjectVersion) -> list[FieldDiff]:
    pairs = [
        (_("Title"), old.title, new.title),
        (_("Summary"), old.summary, new.summary),
        (_("Goals"), old.goals, new.goals),
        (_("Details"), details_text(old.details), details_text(new.details)),
    ]
    diffs = []
    for label, before, after in pairs:
        segments = diff_words(before, after)
        diffs.append(FieldDiff(label, segments, has_changes(segments)))
    return diffs
