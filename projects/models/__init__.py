"""The projects' data. One module per part; import from here."""

from projects.models.openings import Opening, OpeningSubscription
from projects.models.projects import Project, ProjectVersion, TeamMember
from projects.models.sharing import Output, Share

__all__ = [
    "Opening",
    "OpeningSubscription",
    "Output",
    "Project",
    "ProjectVersion",
    "Share",
    "TeamMember",
]
