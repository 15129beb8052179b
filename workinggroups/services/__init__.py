"""Every write to working groups, one verb per function, by part:

- groups.py: groups, the charter case, membership and leads;
- meetings.py, series.py: meetings, recurring series, reminders;
- minutes.py: agendas' minutes, their revisions, attendance;
- actions.py: action items and their reminders;
- documents.py: the group's documents.
"""
