"""Who may see and ask for a project's machine time, and who manages allocations.

- Sites, their resources and periods, and what is granted per resource and period in
  total, are public facts: everyone reads them.
- A project's allocations, their usage and ledger, and its requests: its active team and
  staff. Anyone else gets a 404, as for a project they may not see.
- Asking for machine time: the project's PI and co-PIs.
- Suspending and resuming an allocation: staff (with a second factor, on the page).
"""

import rules
from django.http import Http404

from members.membership import AnyUser
from projects.models import Allocation, Project
from projects.permissions import is_on_team, leads_project


@rules.predicate
def can_see_allocations(user: AnyUser, project: Project) -> bool:
    return user.is_authenticated and (user.is_staff or is_on_team(user, project))


@rules.predicate
def can_request_allocation(user: AnyUser, project: Project) -> bool:
    """The PI and co-PIs of an active project."""
    return project.status == Project.Status.ACTIVE and leads_project(user, project)


@rules.predicate
def can_manage_allocations(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_staff


def access_project_allocations(user: AnyUser, slug: str) -> Project:
    """The project whose allocations the person may see, or 404."""
    project = Project.objects.filter(slug=slug).select_related("lead_institution").first()
    if project is None or not can_see_allocations(user, project):
        raise Http404
    return project


def access_allocation(user: AnyUser, project: Project, pk: int) -> Allocation:
    """One allocation of a project whose allocations the person may see, or 404."""
    allocation = (
        Allocation.objects.filter(project=project, pk=pk)
        .select_related("resource__site", "period", "project")
        .first()
    )
    if allocation is None or not can_see_allocations(user, project):
        raise Http404
    return allocation
