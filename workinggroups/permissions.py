"""Who may do what with working groups, their meetings, minutes and documents.

Predicates used by views, the API and templates alike (through `rules`), and
fetch-or-refuse helpers. A person's roles in every group are read once per request
(`roles_of`) and kept on the user object, so a list of groups asks nothing per row.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.membership import AnyUser, is_confirmed_member
from tpc_portal.second_factor import is_secure_staff
from workinggroups.models import Membership, WorkingGroup

# group id -> (role, status) of the person's memberships


def roles_of(user: AnyUser) -> dict[int, tuple[str, str]]:
    """The person's role and status in each group they belong to or asked to join."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_group_roles", None)
    if cached is None:
        cached = {
            group_id: (role, status)
            for group_id, role, status in Membership.objects.filter(user=user).values_list(
                "group_id", "role", "status"
            )
        }
        setattr(user, "_group_roles", cached)  # noqa: B010 - a cache the stubs do not know
    return cached


def forget_roles(user: AnyUser) -> None:
    """After a membership changes, the next check asks the database again."""
    if hasattr(user, "_group_roles"):
        del user._group_roles


def _group_id(group: WorkingGroup | int) -> int:
    return group if isinstance(group, int) else group.pk


@rules.predicate
def is_group_member(user: AnyUser, group: WorkingGroup | int) -> bool:
    """A member or lead of the group (not someone whose request is pending)."""
    role = roles_of(user).get(_group_id(group))
    return role is not None and role[1] == Membership.Status.ACTIVE


@rules.predicate
def is_group_lead(user: AnyUser, group: WorkingGroup | int) -> bool:
    return roles_of(user).get(_group_id(group)) == (
        Membership.Role.LEAD,
        Membership.Status.ACTIVE,
    )


@rules.predicate
def has_asked_to_join(user: AnyUser, group: WorkingGroup | int) -> bool:
    role = roles_of(user).get(_group_id(group))
    return role is not None and role[1] == Membership.Status.PENDING


@rules.predicate
def can_view_group(user: AnyUser, group: WorkingGroup) -> bool:
    """Chartered groups (active or closed) are public; a proposal is seen by its proposer,
    its leads and staff (the committee reads it on its case)."""
    if group.status in (WorkingGroup.Status.ACTIVE, WorkingGroup.Status.CLOSED):
        return True
    if not user.is_authenticated:
        return False
    return group.proposer_id == user.pk or is_group_member(user, group) or user.is_staff


@rules.predicate
def can_see_member_parts(user: AnyUser, group: WorkingGroup | int) -> bool:
    """Video links, member-only minutes and documents: the group's members, and staff."""
    return is_group_member(user, group) or (user.is_authenticated and user.is_staff)


@rules.predicate
def can_manage_group(user: AnyUser, group: WorkingGroup | int) -> bool:
    """Meetings, minutes, members and leads: the group's leads, and staff with a second
    factor."""
    return is_group_lead(user, group) or is_secure_staff(user)


@rules.predicate
def can_join(user: AnyUser, group: WorkingGroup) -> bool:
    """Confirmed members join (or ask to join) active groups they are not in."""
    return (
        group.status == WorkingGroup.Status.ACTIVE
        and is_confirmed_member(user)
        and _group_id(group) not in roles_of(user)
    )


rules.add_perm("workinggroups.view_group", can_view_group)
rules.add_perm("workinggroups.see_member_parts", can_see_member_parts)
rules.add_perm("workinggroups.manage_group", can_manage_group)
rules.add_perm("workinggroups.join_group", can_join)


def access_group(user: AnyUser, slug: str, *, manage: bool = False) -> WorkingGroup:
    """The group named by `slug` if the person may see it (404 otherwise) and, with
    `manage`, run it (403 otherwise)."""
    group = WorkingGroup.objects.filter(slug=slug).first()
    if group is None or not can_view_group(user, group):
        raise Http404
    if manage and not can_manage_group(user, group):
        raise PermissionDenied
    return group
