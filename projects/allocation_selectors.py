"""Every non-trivial read of sites, resources, periods, allocations and their requests:
querysets that carry their joins and start from what the reader may see.

Sites, resources, periods and totals granted per resource and period are public; a
project's allocations are its team's and staff's (projects/allocation_permissions.py); a
site key reads its own site's allocations only.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal

from django.db.models import Case as Cases
from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from members.membership import AnyUser
from members.models import Institution
from projects.allocation_rules import Subscription
from projects.forecast import Forecast, forecast, recent_since
from projects.models import (
    Allocation,
    AllocationPeriod,
    AllocationRequest,
    Project,
    Resource,
    Site,
    SiteKey,
    TeamMember,
    UsageRecord,
)
from steering.models import Case

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=3))

# --- Sites, resources, periods ------------------------------------------------------------


def sites_listed() -> QuerySet[Site]:
    """Every site, with its host and how many resources it has."""
    return (
        Site.objects.select_related("host_institution")
        .annotate(resource_count=Count("resources"))
        .order_by("name")
    )


def site_detail(slug: str) -> Site | None:
    return Site.objects.select_related("host_institution").filter(slug=slug).first()


def resources_listed() -> QuerySet[Resource]:
    return Resource.objects.select_related("site").order_by("site__name", "name")


def periods_open(now: datetime) -> QuerySet[AllocationPeriod]:
    """Periods whose request window is open now."""
    return AllocationPeriod.objects.filter(requests_open__lte=now, requests_close__gt=now)


def period_after(period: AllocationPeriod) -> AllocationPeriod | None:
    """The next period: the first to start after this one."""
    return AllocationPeriod.objects.filter(start__gt=period.start).order_by("start").first()


@dataclass
class CapacityRow:
    resource: Resource
    # One per period of the table, in its order.
    cells: list[Subscription] = field(default_factory=list)


@dataclass
class CapacityTable:
    periods: list[AllocationPeriod]
    rows: list[CapacityRow]


def site_capacity(site: Site, *, today: date) -> CapacityTable:
    """Granted against capacity for each resource of the site and each period that has
    not ended or had time granted here: totals only, never per project. Three queries,
    however many allocations there are."""
    resources = list(site.resources.order_by("name"))
    granted = {
        (row["resource_id"], row["period_id"]): row["total"]
        for row in Allocation.objects.filter(resource__site=site)
        .values("resource_id", "period_id")
        .annotate(total=Sum("granted"))
    }
    with_time = {period_id for _resource, period_id in granted}
    periods = list(
        AllocationPeriod.objects.filter(Q(end__gte=today) | Q(pk__in=with_time)).order_by("start")
    )
    rows = [
        CapacityRow(
            resource=resource,
            cells=[
                Subscription(
                    capacity=resource.capacity,
                    granted=granted.get((resource.pk, period.pk), Decimal(0)),
                    requested=Decimal(0),
                )
                for period in periods
            ],
        )
        for resource in resources
    ]
    return CapacityTable(periods=periods, rows=rows)


def granted_in(resource: Resource, period: AllocationPeriod) -> Decimal:
    """What is granted on a resource in a period, every project together."""
    total = Allocation.objects.filter(resource=resource, period=period).aggregate(
        total=Coalesce(Sum("granted"), ZERO)
    )["total"]
    return Decimal(total)


# --- Requests -------------------------------------------------------------------------------


def request_period(request: AllocationRequest) -> AllocationPeriod | None:
    """The period a request's time would be spent in."""
    if request.period is not None:
        return request.period
    return request.allocation.period if request.allocation is not None else None


def request_subscription(request: AllocationRequest) -> Subscription | None:
    """The resource's capacity in the request's period, what is already granted there and
    what the request would add (what the committee weighs)."""
    period = request_period(request)
    if period is None:
        return None
    adds = Decimal(0) if request.kind == AllocationRequest.Kind.EXTENSION else request.amount
    return Subscription(
        capacity=request.resource.capacity,
        granted=granted_in(request.resource, period),
        requested=adds,
    )


def institutions_involved(project: Project, resource: Resource) -> list[Institution]:
    """The institutions whose seats sit out a request: the project's (its active team's,
    and its lead institution) and the site's host."""
    team = TeamMember.objects.filter(
        project=project, status=TeamMember.Status.ACTIVE, institution__isnull=False
    ).values("institution_id")
    return list(
        Institution.objects.filter(
            Q(pk__in=team)
            | Q(pk=project.lead_institution_id)
            | Q(pk=resource.site.host_institution_id)
        ).order_by("name")
    )


def request_is_open_for(
    *,
    project: Project,
    kind: str,
    resource: Resource | None = None,
    period: AllocationPeriod | None = None,
    allocation: Allocation | None = None,
) -> bool:
    """Whether a like request (same kind, and the same resource and period or allocation)
    is still before the committee."""
    requests = AllocationRequest.objects.filter(
        project=project, kind=kind, cases__status__in=Case.OPEN_STATUSES
    )
    if allocation is not None:
        requests = requests.filter(allocation=allocation)
    if resource is not None:
        requests = requests.filter(resource=resource)
    if period is not None:
        requests = requests.filter(period=period)
    return requests.exists()


def allocation_requests_of(project: Project) -> QuerySet[AllocationRequest]:
    """A project's requests, newest first, each with its case (`case_list`)."""
    return (
        AllocationRequest.objects.filter(project=project)
        .select_related("resource__site", "period", "allocation__period", "requested_by__profile")
        .prefetch_related(Prefetch("cases", queryset=Case.objects.all(), to_attr="case_list"))
        .order_by("-created", "-id")
    )


# --- Allocations ----------------------------------------------------------------------------


def _allocations() -> QuerySet[Allocation]:
    return Allocation.objects.select_related("project", "resource__site", "period").order_by(
        "-start", "id"
    )


def allocations_visible_to(user: AnyUser) -> QuerySet[Allocation]:
    """Staff: every allocation; a signed-in person: those of projects they are on."""
    if not user.is_authenticated:
        return Allocation.objects.none()
    if user.is_staff:
        return _allocations()
    team = TeamMember.objects.filter(user=user, status=TeamMember.Status.ACTIVE).values(
        "project_id"
    )
    return _allocations().filter(project_id__in=team)


def allocations_of_site(site_key: SiteKey) -> QuerySet[Allocation]:
    """What a site key may read: its own site's allocations."""
    return _allocations().filter(resource__site_id=site_key.site_id)


def project_allocations(project: Project) -> QuerySet[Allocation]:
    """A project's allocations across every site: running ones first, then by start."""
    running = Cases(
        When(status__in=Allocation.RUNNING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Allocation.objects.filter(project=project)
        .select_related("resource__site", "period")
        .annotate(running_first=running)
        .order_by("running_first", "-start", "id")
    )


def usage_by_day(allocation_ids: Iterable[int]) -> dict[int, list[tuple[date, Decimal]]]:
    """Each allocation's ledger summed per day (UTC) that its lines end on, oldest first:
    one query for all of them."""
    days: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    rows = (
        UsageRecord.objects.filter(allocation_id__in=list(allocation_ids))
        .annotate(day=TruncDate("period_end", tzinfo=UTC))
        .values("allocation_id", "day")
        .annotate(total=Sum("amount"))
        .order_by("allocation_id", "day")
    )
    for row in rows:
        days[row["allocation_id"]].append((row["day"], Decimal(row["total"])))
    return days


def used_since(allocation_ids: Iterable[int], since: date) -> dict[int, Decimal]:
    """What each allocation's ledger recorded on lines ending on or after `since` (UTC)."""
    moment = datetime.combine(since, time(0), tzinfo=UTC)
    rows = (
        UsageRecord.objects.filter(allocation_id__in=list(allocation_ids), period_end__gte=moment)
        .values("allocation_id")
        .annotate(total=Sum("amount"))
    )
    return {row["allocation_id"]: Decimal(row["total"]) for row in rows}


def forecasts_of(allocations: Iterable[Allocation], *, today: date) -> dict[int, Forecast]:
    """The forecast of each running allocation that has started and not ended (one query):
    at its recent rate of use, when it runs out and what it leaves at its end."""
    running = [
        allocation
        for allocation in allocations
        if allocation.status in Allocation.RUNNING and allocation.start <= today <= allocation.end
    ]
    recent = used_since([allocation.pk for allocation in running], recent_since(today))
    return {
        allocation.pk: forecast(
            granted=allocation.granted,
            used=allocation.used,
            start=allocation.start,
            end=allocation.end,
            today=today,
            used_recently=recent.get(allocation.pk, Decimal(0)),
        )
        for allocation in running
    }


def allocation_ledger(allocation: Allocation) -> QuerySet[UsageRecord]:
    """An allocation's ledger in the order the usage happened."""
    return (
        UsageRecord.objects.filter(allocation=allocation)
        .select_related("adjusts")
        .order_by("period_start", "id")
    )
