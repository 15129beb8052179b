"""The members app's models, one module per part of the domain."""

from members.models.affiliation import AffiliationRequest, ContactMessage
from members.models.institutions import ExpertiseArea, Institution, InstitutionDomain, Keyword
from members.models.profiles import (
    FIELD_SEP,
    ITEM_SEP,
    OPEN_TO,
    Profile,
    Tag,
    unpack_tags,
)
from members.models.users import User, UserManager

__all__ = [
    "FIELD_SEP",
    "ITEM_SEP",
    "OPEN_TO",
    "AffiliationRequest",
    "ContactMessage",
    "ExpertiseArea",
    "Institution",
    "InstitutionDomain",
    "Keyword",
    "Profile",
    "Tag",
    "User",
    "UserManager",
    "unpack_tags",
]
