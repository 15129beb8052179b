"""The working groups' data. One module per part; import from here."""

from workinggroups.models.actions import ActionItem
from workinggroups.models.documents import Document
from workinggroups.models.groups import Membership, WorkingGroup
from workinggroups.models.meetings import Attendance, Meeting, Series
from workinggroups.models.minutes import Minutes, MinutesRevision

__all__ = [
    "ActionItem",
    "Attendance",
    "Document",
    "Meeting",
    "Membership",
    "Minutes",
    "MinutesRevision",
    "Series",
    "WorkingGroup",
]
