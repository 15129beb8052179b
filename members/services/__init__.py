"""Every write of the members app. Import from here: `from members import services`."""

from members.services.affiliation import (
    affiliation_by_verified_email,
    affiliation_end,
    affiliation_request,
    affiliation_request_confirm,
    affiliation_request_decline,
    affiliation_request_withdraw,
)
from members.services.contact import contact_send
from members.services.institutions import (
    institution_create,
    institution_domains_set,
    institution_representative_set,
    institution_status_change,
)
from members.services.profiles import (
    keywords_parse,
    profile_create,
    profile_search_columns_update,
    profile_time_zone_default,
    profile_update,
    user_name_give,
)
from members.services.tokens import api_token_create, api_token_revoke

__all__ = [
    "affiliation_by_verified_email",
    "affiliation_end",
    "affiliation_request",
    "affiliation_request_confirm",
    "affiliation_request_decline",
    "affiliation_request_withdraw",
    "api_token_create",
    "api_token_revoke",
    "contact_send",
    "institution_create",
    "institution_domains_set",
    "institution_representative_set",
    "institution_status_change",
    "keywords_parse",
    "profile_create",
    "profile_search_columns_update",
    "profile_time_zone_default",
    "profile_update",
    "user_name_give",
]
