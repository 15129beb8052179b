"""Working groups: proposing one (its charter goes before the steering committee), changing
and closing it, and the one way every service of the app locks a group.

What the committee's decision does to a proposed group is in charter.py; membership and
leads are in membership.py.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.membership import is_confirmed_member
from members.models import ExpertiseArea, Institution, Profile, User
from members.services.common import validated
from steering.services import case_submit
from tpc_portal.audit import Verb, audit_record
from tpc_portal.errors import ApplicationError
from tpc_portal.people import given_name
from tpc_portal.second_factor import is_secure_staff
from workinggroups import audit
from workinggroups.models import Membership, WorkingGroup

__all__ = [
    "RESERVED_SLUGS",
    "group_locked",
    "group_move",
    "group_record",
    "is_manager",
    "require_manager",
    "working_group_close",
    "working_group_propose",
    "working_group_update",
]

# Addresses under /groups/ that are pages of their own, not groups (workinggroups/urls.py):
# a group may not take one of them as its slug.
RESERVED_SLUGS = frozenset(
    {"propose", "new", "my", "mine", "feed", "feeds", "calendar", "meetings", "action-items"}
)


# --- Pieces every group service uses --------------------------------------------------------


@contextmanager
def group_locked(group: WorkingGroup) -> Iterator[WorkingGroup]:
    """A transaction in which the group's row is locked and read afresh.

    Every change to a group's status, members or leads happens inside one, so that two of
    them never decide on the same state: two leads who leave at once queue on the row, and
    the second sees that the first has gone (the one-lead invariant holds).
    """
    with transaction.atomic():
        yield WorkingGroup.objects.select_for_update().get(pk=group.pk)


def is_manager(actor: User, group: WorkingGroup) -> bool:
    """A lead of the group now (read from the database, not the request's remembered roles),
    or staff with a second factor."""
    if is_secure_staff(actor):
        return True
    return Membership.objects.filter(
        group=group, user=actor, role=Membership.Role.LEAD, status=Membership.Status.ACTIVE
    ).exists()


def require_manager(actor: User, group: WorkingGroup) -> None:
    """Services check permission too, on the locked group: a view that forgot to, or a lead
    demoted a moment ago, is refused here."""
    if not is_manager(actor, group):
        raise PermissionDenied


def group_move(group: WorkingGroup, to: str) -> None:
    """Refuse a change of status that WorkingGroup.TRANSITIONS does not allow, else set it."""
    if to not in WorkingGroup.TRANSITIONS[group.status]:
        raise ApplicationError(
            _("A group that is %(old)s cannot become %(new)s.")
            % {
                "old": WorkingGroup.Status(group.status).label.lower(),
                "new": WorkingGroup.Status(to).label.lower(),
            }
        )
    group.status = to


def group_record(
    verb: Verb,
    *,
    actor: User | None,
    group: WorkingGroup,
    person: User | None = None,
    before: dict | None = None,
    after: dict | None = None,
    **context: object,
) -> None:
    """An entry in the audit trail about the group, naming it and (for a change to someone's
    membership) the person, as they named themselves."""
    named = {"group": group.name, **context}
    if person is not None:
        named["person"] = given_name(person)
    audit_record(actor=actor, subject=group, verb=verb, before=before, after=after, context=named)


def _area_slugs(areas: Iterable[ExpertiseArea]) -> list[str]:
    return sorted(area.slug for area in areas)


# --- Proposing --------------------------------------------------------------------------------


def _free_slug(wanted: str, name: str) -> str:
    """The slug asked for (refused if taken or reserved), else one made from the name that no
    group has yet."""
    if wanted:
        slug = slugify(wanted)
        if slug in RESERVED_SLUGS or WorkingGroup.objects.filter(slug=slug).exists():
            raise ApplicationError(
                _("Another group has this short name, or it names a page: choose another."),
                errors={"slug": [_("Choose another short name.")]},
            )
        return slug
    base = (slugify(name) or "group")[:72]
    taken = set(
        WorkingGroup.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    ) | set(RESERVED_SLUGS)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _institutions_of(actor: User) -> list[Institution]:
    profile = Profile.objects.filter(user=actor).select_related("institution").first()
    if profile is None or profile.institution is None or not profile.institution.is_member:
        return []
    return [profile.institution]


def working_group_propose(
    *,
    actor: User,
    name: str,
    mission: str,
    expertise: Iterable[ExpertiseArea] = (),
    join_policy: str = WorkingGroup.JoinPolicy.OPEN,
    slug: str = "",
) -> WorkingGroup:
    """A confirmed member proposes a new working group; its charter goes to the committee.

    Guarantees: the group is created PROPOSED with the actor as its proposer (they become
    its lead only if the committee charters it); its name and short name (made from the
    name unless given) are unique and the short name names no page; a "working-group
    charter" case opens with the proposer's institution involved (its seat is recused)
    and the group's areas (for the choice of reviewers); the chair is told (steering);
    the proposal is in the audit trail; all or nothing.
    """
    if not is_confirmed_member(actor):
        raise PermissionDenied
    areas = list(expertise)
    with transaction.atomic():
        group = WorkingGroup(
            name=" ".join(name.split()),
            slug=_free_slug(slug.strip(), name),
            mission=mission.strip(),
            join_policy=join_policy,
            proposer=actor,
            status=WorkingGroup.Status.PROPOSED,
        )
        validated(group, exclude=["proposer"])
        try:
            with transaction.atomic():
                group.save()
        except IntegrityError as error:  # the same name or slug, proposed a moment ago
            raise ApplicationError(
                _("Another group has this name or short name: choose another."),
                errors={"name": [_("Choose another name.")]},
            ) from error
        group.expertise.set(areas)
        group_record(
            audit.GROUP_PROPOSED,
            actor=actor,
            group=group,
            after={
                "status": group.status,
                "join_policy": group.join_policy,
                "areas": _area_slugs(areas),
            },
        )
        case_submit(
            subject=group, actor=actor, institutions=_institutions_of(actor), expertise=areas
        )
    return group


# --- Changing and closing ---------------------------------------------------------------------


def working_group_update(
    *,
    group: WorkingGroup,
    actor: User,
    mission: str,
    expertise: Iterable[ExpertiseArea],
    join_policy: str,
) -> WorkingGroup:
    """A lead (or staff with a second factor) changes an active group's mission, areas or
    join policy.

    Guarantees: only an active group; nothing is written when nothing changed; the change
    is in the audit trail, naming the fields. Requests waiting under the approval policy
    keep waiting when the policy opens: a lead still answers each.
    """
    areas = list(expertise)
    with group_locked(group) as locked:
        require_manager(actor, locked)
        if locked.status != WorkingGroup.Status.ACTIVE:
            raise ApplicationError(_("Only an active group's mission, areas and policy change."))
        mission = mission.strip()
        before: dict[str, str | list[str]] = {
            "mission": locked.mission,
            "join_policy": locked.join_policy,
            "expertise": _area_slugs(locked.expertise.all()),
        }
        after: dict[str, str | list[str]] = {
            "mission": mission,
            "join_policy": join_policy,
            "expertise": _area_slugs(areas),
        }
        changed = [name for name in before if before[name] != after[name]]
        if not changed:
            return locked
        locked.mission, locked.join_policy = mission, join_policy
        validated(locked, exclude=["proposer"])
        locked.save(update_fields=["mission", "join_policy"])
        locked.expertise.set(areas)
        # The mission's text is the group's own page; the trail says that it changed.
        shown = [name for name in changed if name != "mission"]
        group_record(
            audit.GROUP_UPDATED,
            actor=actor,
            group=locked,
            before={name: before[name] for name in shown},
            after={name: after[name] for name in shown},
            fields=changed,
        )
    return locked


def working_group_close(*, group: WorkingGroup, actor: User) -> WorkingGroup:
    """A lead (or staff with a second factor) closes an active group.

    Guarantees: active -> closed, with the time; the members and leads stay on record (a
    closed group's page is still public); requests still waiting are dropped (a closed
    group takes no one); audited.
    """
    with group_locked(group) as locked:
        require_manager(actor, locked)
        group_move(locked, WorkingGroup.Status.CLOSED)
        locked.closed = timezone.now()
        locked.save(update_fields=["status", "closed"])
        dropped, _kinds = locked.memberships.filter(status=Membership.Status.PENDING).delete()
        group_record(
            audit.GROUP_CLOSED,
            actor=actor,
            group=locked,
            before={"status": WorkingGroup.Status.ACTIVE},
            after={"status": locked.status, "requests_dropped": dropped},
        )
    return locked
