"""Every write to projects, one verb per function, by part:

- projects.py: drafts, edits, the state machine, completing;
- team.py: invitations, join requests, roles, leaving, the one-PI invariant;
- proposals.py: submitting a draft as a steering case, versions, what the decision does;
- openings.py: openings and subscriptions to them;
- site_keys.py: partner sites' API keys (made, revoked, last use);
- usage.py: usage reported by sites, the one write path of the allocations' ledger;
- allocation_reminders.py: the daily beat on allocations (reminders, expiry, forecasts,
  silent sites).
"""
