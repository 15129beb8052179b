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


# --- Minutes, attendance, action items and documents ------------------------------------

from workinggroups.models import ActionItem, Document, Meeting, Minutes  # noqa: E402 - this section's

#
# Who writes what (decided for issue 11, items 6-8):
# - minutes: the group's leads (and staff with a second factor) write, publish and approve
#   them; a draft is read by them and by whoever wrote one of its revisions; published and
#   approved minutes by the group's members (and staff). Approved minutes stay members-only.
# - attendance: recorded by the leads; read by the members.
# - action items: a lead gives one to any member; a member may record one for themselves
#   only. The owner or a lead marks it done or reopens it; a lead changes anything about
#   it, the owner its text and due date.
# - documents: any member adds one; a lead or whoever added it removes it. A public
#   document is read by everyone, a members-only one by the members (and staff).


def can_write_minutes(user: AnyUser, group: WorkingGroup | int) -> bool:
    """Write, publish and approve minutes, record attendance: the leads (and secure staff)."""
    return bool(can_manage_group(user, group))


def can_read_minutes(user: AnyUser, minutes: Minutes) -> bool:
    """Published and approved minutes: the members; a draft: the leads and its authors."""
    group_id = minutes.meeting.group_id
    if minutes.status != Minutes.Status.DRAFT:
        return bool(can_see_member_parts(user, group_id))
    if can_write_minutes(user, group_id):
        return True
    return (
        user.is_authenticated
        and minutes.pk is not None
        and minutes.revisions.filter(author_id=user.pk).exists()
    )


def can_give_action_item(user: AnyUser, group: WorkingGroup | int, owner: object) -> bool:
    """A lead gives an item to any member; a member records one for themselves."""
    if can_manage_group(user, group):
        return True
    return bool(is_group_member(user, group)) and getattr(owner, "pk", None) == user.pk


def can_close_action_item(user: AnyUser, item: ActionItem) -> bool:
    """Mark done or reopen: the item's owner or a lead of its group."""
    return (user.is_authenticated and item.owner_id == user.pk) or bool(
        can_manage_group(user, item.group_id)
    )


def can_add_document(user: AnyUser, group: WorkingGroup | int) -> bool:
    return bool(is_group_member(user, group) or can_manage_group(user, group))


def can_remove_document(user: AnyUser, document: Document) -> bool:
    return (user.is_authenticated and document.added_by_id == user.pk) or bool(
        can_manage_group(user, document.group_id)
    )


def can_read_document(user: AnyUser, document: Document) -> bool:
    if document.visibility == Document.Visibility.PUBLIC:
        return True
    return bool(can_see_member_parts(user, document.group_id))


rules.add_perm("workinggroups.write_minutes", can_write_minutes)
rules.add_perm("workinggroups.add_document", can_add_document)
rules.add_perm("workinggroups.remove_document", can_remove_document)
rules.add_perm("workinggroups.close_action_item", can_close_action_item)


def access_meeting_record(user: AnyUser, slug: str, pk: int) -> Meeting:
    """The group's meeting `pk` for its record (agenda, minutes, attendance, action
    items): 404 when the group or meeting is not there for the person, 403 for someone
    who is not a member (and not staff)."""
    group = access_group(user, slug)
    meeting = Meeting.objects.filter(pk=pk, group=group).first()
    if meeting is None:
        raise Http404
    meeting.group = group
    if not can_see_member_parts(user, group):
        raise PermissionDenied
    return meeting


def access_action_item(user: AnyUser, slug: str, pk: int) -> ActionItem:
    """An action item of the group for someone who may close it (its owner, a lead);
    404 for anyone else who is not a member, 403 for the other members."""
    group = access_group(user, slug)
    item = ActionItem.objects.filter(pk=pk, group=group).select_related("owner").first()
    if item is None or not can_see_member_parts(user, group):
        raise Http404
    item.group = group
    if not can_close_action_item(user, item):
        raise PermissionDenied
    return item


def access_document(user: AnyUser, slug: str, pk: int) -> Document:
    """A document of the group the person may read; 404 otherwise (a members-only
    document is not there for anyone else)."""
    group = access_group(user, slug)
    document = Document.objects.filter(pk=pk, group=group).first()
    if document is None or not can_read_document(user, document):
        raise Http404
    document.group = group
    return document
