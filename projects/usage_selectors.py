"""Reads of site keys, usage ledgers and the allocations the beat watches: querysets that
carry their joins and start from what the reader may see."""

from collections import defaultdict

from django.db.models import DecimalField, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Round

from members.membership import AnyUser
from members.models import User
from projects.models import Allocation, Site, SiteKey, TeamMember, UsageRecord


def site_key_for(plaintext: str) -> SiteKey | None:
    """The key whose clear text this is (revoked and expired ones too: the caller says why
    it refuses them), with its site; None for anything else. One query, by prefix; the
    clear text is compared with the stored hash (SHA-512, constant time)."""
    prefix, dot, _secret = plaintext.partition(".")
    if not dot or not prefix or len(prefix) > 8:
        return None
    key = SiteKey.objects.select_related("site").filter(prefix=prefix).first()
    if key is None or not key.is_valid(plaintext):
        return None
    return key


def site_keys_of(site: Site) -> QuerySet[SiteKey]:
    """A site's keys, newest first, revoked ones included (their history matters)."""
    return SiteKey.objects.filter(site=site).order_by("-created")


def usage_visible_to(*, user: AnyUser, site: Site | None) -> QuerySet[UsageRecord]:
    """Ledger lines a caller may read: a site (by its key) its own; a person those of the
    projects whose team they are on; staff every one. With the allocation's resource unit
    and the adjusted record's id joined."""
    records = UsageRecord.objects.select_related("site", "allocation__resource").annotate(
        adjusts_record_id=F("adjusts__record_id")
    )
    if site is not None:
        return records.filter(site=site)
    if not user.is_authenticated:
        return records.none()
    if user.is_staff:
        return records
    return records.filter(
        allocation__project__team__user=user,
        allocation__project__team__status=TeamMember.Status.ACTIVE,
    )


def allocations_ledger_mismatched() -> QuerySet[Allocation]:
    """Allocations whose stored `used` differs from the sum of their ledger, each with that
    sum as `ledger` (one grouped query over every allocation)."""
    zero = Value(0, output_field=DecimalField(max_digits=16, decimal_places=3))
    # Both sides at the column's precision: SQLite keeps decimals as floating point, and
    # its SUM of 0.1 and 0.2 is not 0.3.
    return (
        Allocation.objects.select_related("project", "resource__site")
        .annotate(ledger=Coalesce(Sum("usage_records__amount"), zero))
        .exclude(used=Round(F("ledger"), 3))
        .order_by("id")
    )


def project_leads(project_ids: set[int]) -> dict[int, list[User]]:
    """The PI and co-PIs of each project (those told about its allocations), one query."""
    leads: dict[int, list[User]] = defaultdict(list)
    places = TeamMember.objects.filter(
        project_id__in=project_ids,
        status=TeamMember.Status.ACTIVE,
        role__in=[TeamMember.Role.PI, TeamMember.Role.CO_PI],
    ).select_related("user")
    for place in places:
        leads[place.project_id].append(place.user)
    return leads
