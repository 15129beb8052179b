"""The projects' data. One module per part; import from here."""

from projects.models.allocations import Allocation, AllocationRequest, UsageRecord
from projects.models.keys import SiteKey
from projects.models.openings import Opening, OpeningSubscription
from projects.models.projects import Project, ProjectVersion, TeamMember
from projects.models.sharing import Output, Share
from projects.models.sites import AllocationPeriod, Resource, Site

__all__ = [
    "Allocation",
    "AllocationPeriod",
    "AllocationRequest",
    "Opening",
    "OpeningSubscription",
    "Output",
    "Project",
    "ProjectVersion",
    "Resource",
    "Share",
    "Site",
    "SiteKey",
    "TeamMember",
    "UsageRecord",
]
