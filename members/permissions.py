"""Who may do what with accounts, profiles and institutions.

Predicates used by views, the API and templates alike, and fetch-or-refuse helpers.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.membership import AnyUser, is_confirmed_member
from members.models import AffiliationRequest, Institution, Profile, User
from members.selectors import profile_detail, profile_of
from tpc_portal.second_factor import is_secure_staff, is_staff, second_factor_required

# --- Researchers and institutions --------------------------------------------------------


@rules.predicate
def is_profile_owner(user: AnyUser, profile: Profile) -> bool:
    return user.is_authenticated and profile.user_id == user.pk


@rules.predicate
def can_view_profile(user: AnyUser, profile: Profile) -> bool:
    """Public profiles: everyone; member-only: confirmed members; hidden: the owner only."""
    if is_profile_owner(user, profile):
        return True
    if not profile.is_listed:
        return False
    if profile.visibility == Profile.Visibility.PUBLIC:
        return True
    return is_confirmed_member(user)


@rules.predicate
def can_view_email(user: AnyUser, profile: Profile) -> bool:
    """An address its owner hid is shown to nobody else, staff included."""
    return is_profile_owner(user, profile) or (
        profile.email_visible and can_view_profile(user, profile)
    )


@rules.predicate
def can_contact(user: AnyUser, profile: Profile) -> bool:
    """Confirmed members write to people they can see, never to themselves."""
    return (
        is_confirmed_member(user)
        and not is_profile_owner(user, profile)
        and profile.is_listed
        and can_view_profile(user, profile)
    )


@rules.predicate
def represents(user: AnyUser, institution: Institution) -> bool:
    return user.is_authenticated and institution.representative_id == user.pk


@rules.predicate
def can_decide_affiliation(user: AnyUser, request: AffiliationRequest) -> bool:
    """The institution's representative, or staff with a second factor."""
    return represents(user, request.institution) or is_secure_staff(user)


@rules.predicate
def can_review_affiliations(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    return is_secure_staff(user) or represents_any(user)


@rules.predicate
def represents_any(user: AnyUser) -> bool:
    return user.is_authenticated and Institution.objects.filter(representative=user).exists()


# The affiliation review pages: representatives, and staff (who need a second factor).
affiliation_reviewer_required = second_factor_required(
    is_staff | represents_any, needed_by=is_staff
)


rules.add_perm("members.view_profile", can_view_profile)
rules.add_perm("members.view_profile_email", can_view_email)
rules.add_perm("members.change_profile", is_profile_owner)
rules.add_perm("members.contact_profile", can_contact)
rules.add_perm("members.decide_affiliation", can_decide_affiliation)


def access_profile(user: AnyUser, pk: int, *, for_edit: bool = False) -> Profile:
    """The profile, or 404 when this user may not see it (its existence stays unknown)."""
    profile = profile_detail(viewer=user, pk=pk)
    if profile is None or not can_view_profile(user, profile):
        raise Http404
    if for_edit and not is_profile_owner(user, profile):
        raise PermissionDenied
    return profile


def access_own_profile(user: User) -> Profile:
    """One's own profile, made with the account (see services.profile_create); 404 for an
    account that somehow has none, since a page that only reads must not make it."""
    profile = profile_of(user)
    if profile is None:
        raise Http404
    return profile


def access_affiliation_request(user: AnyUser, pk: int) -> AffiliationRequest:
    """A request this user may decide, or 404."""
    request = (
        AffiliationRequest.objects.select_related("institution", "profile__user")
        .filter(pk=pk)
        .first()
    )
    if request is None or not can_decide_affiliation(user, request):
        raise Http404
    return request
