"""The members app's models, one module per part of the domain."""

from members.models.affiliation import AffiliationRequest, ContactMessage
from members.models.institutions import (
    ExpertiseArea,
    Institution,
    InstitutionDomain,
    Keyword,
    country_choices,
)
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
    "country_choices",
    "unpack_tags",
]
