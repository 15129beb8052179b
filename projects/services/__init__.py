"""Every write to projects, one verb per function, by part:

- projects.py: drafts, edits, the state machine, completing;
- team.py: invitations, roles, leaving, the one-PI invariant; team_requests.py: join requests;
- proposals.py: submitting a draft as a steering case, versions, what the decision does;
- openings.py: openings and subscriptions to them.

Import from here: `from projects import services`.
- openings.py: openings and subscriptions to them;
- site_keys.py: partner sites' API keys (made, revoked, last use);
- usage.py: usage reported by sites, the one write path of the allocations' ledger;
- allocation_reminders.py: the daily beat on allocations (reminders, expiry, forecasts,
  silent sites).
"""

from projects.search import project_search_columns_update
from projects.services.common import InvalidTransition
from projects.services.projects import (
    output_add,
    output_remove,
    project_complete,
    project_draft_create,
    project_update,
    project_withdraw,
    share_add,
    share_remove,
)
from projects.services.proposals import (
    project_apply_decision,
    project_apply_resubmission,
    project_apply_withdrawal,
    project_submit,
)
from projects.services.team import (
    team_invitation_accept,
    team_invitation_decline,
    team_invite,
    team_leave,
    team_remove,
    team_role_change,
)
from projects.services.team_requests import (
    team_request_approve,
    team_request_decline,
    team_request_join,
)

__all__ = [
    "InvalidTransition",
    "output_add",
    "output_remove",
    "project_apply_decision",
    "project_apply_resubmission",
    "project_apply_withdrawal",
    "project_complete",
    "project_draft_create",
    "project_search_columns_update",
    "project_submit",
    "project_update",
    "project_withdraw",
    "share_add",
    "share_remove",
    "team_invitation_accept",
    "team_invitation_decline",
    "team_invite",
    "team_leave",
    "team_remove",
    "team_request_approve",
    "team_request_decline",
    "team_request_join",
    "team_role_change",
]
