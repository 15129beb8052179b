"""Every write to working groups, one verb per function, by part:

- groups.py, charter.py, membership.py: groups and the group lock, what the committee's
  decision on a charter does, membership and leads;
- meetings.py, series.py: meetings, recurring series, reminders;
- minutes.py: agendas' minutes, their revisions, attendance;
- actions.py: action items and their reminders;
- documents.py: the group's documents.
"""
