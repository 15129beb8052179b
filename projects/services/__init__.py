"""Every write to projects, one verb per function, by part:

- projects.py: drafts, edits, the state machine, completing;
- team.py: invitations, join requests, roles, leaving, the one-PI invariant;
- proposals.py: submitting a draft as a steering case, versions, what the decision does;
- openings.py: openings and subscriptions to them.
"""
