"""Demo data of machine time for a local `make run`: five partner sites modelled on
leadership computing facilities (their public names and websites; capacities are demo
values), their resources, the allocation periods around today, and, for the demo projects
that are active, allocations with months of daily usage (one near 80 %, one exhausted,
one ending soon) and requests before the committee at several stages. Never load this
into production.

Requests go through the real services (and the committee's, when it is seated). The
usage ledger is written directly, its total kept equal to the allocation's `used`.
"""

import math
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from members.models import Institution
from notifications.models import EmailState, Notification
from projects.allocation_rules import today_utc
from projects.models import (
    Allocation,
    AllocationPeriod,
    AllocationRequest,
    Project,
    Resource,
    Site,
    TeamMember,
    UsageRecord,
)
from projects.services.allocations import allocation_request_submit
from steering import services as steering
from steering.selectors import acting_chair_seat, ballot_electorate

R = Resource

# (name, slug, host institution, website, [(resource, slug, kind, unit, capacity per period)])
SITES = [
    ("Argonne Leadership Computing Facility", "alcf", "Argonne National Laboratory",
     "https://www.alcf.anl.gov",
     [("Polaris", "polaris", R.Kind.GPU, R.Unit.NODE_HOURS, 400_000),
      ("Aurora", "aurora", R.Kind.GPU, R.Unit.NODE_HOURS, 2_000_000),
      ("Eagle", "eagle", R.Kind.STORAGE, R.Unit.TB_MONTHS, 20_000)]),
    ("Oak Ridge Leadership Computing Facility", "olcf", "Oak Ridge National Laboratory",
     "https://www.olcf.ornl.gov",
     [("Frontier", "frontier", R.Kind.GPU, R.Unit.NODE_HOURS, 3_000_000)]),
    ("National Energy Research Scientific Computing Center", "nersc",
     "Lawrence Berkeley National Laboratory", "https://www.nersc.gov",
     [("Perlmutter GPU", "perlmutter-gpu", R.Kind.GPU, R.Unit.GPU_HOURS, 5_000_000),
      ("Perlmutter CPU", "perlmutter-cpu", R.Kind.CPU, R.Unit.NODE_HOURS, 1_000_000)]),
    ("RIKEN Center for Computational Science", "r-ccs", "RIKEN", "https://www.r-ccs.riken.jp",
     [("Fugaku", "fugaku", R.Kind.CPU, R.Unit.NODE_HOURS, 10_000_000)]),
    ("Jülich Supercomputing Centre", "jsc", "Forschungszentrum Jülich",
     "https://www.fz-juelich.de/en/ias/jsc",
     [("JUWELS Booster", "juwels-booster", R.Kind.GPU, R.Unit.GPU_HOURS, 3_000_000)]),
]  # fmt: skip

SITE_USERS = ["ajones", "bkumar", "cmartin", "dlee"]


def seed() -> Iterator[str]:
    if Site.objects.exists():
        return
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield from _seed_sites()
    previous, current, following = _seed_periods(today_utc(timezone.now()))
    yield f"Allocation periods {previous.name}, {current.name} and {following.name}"
    projects = list(
        Project.objects.filter(status=Project.Status.ACTIVE, team__role=TeamMember.Role.PI)
        .distinct()
        .order_by("pk")[:3]
    )
    if projects:
        yield from _seed_allocations(projects, current, following)
    # Demo data fills inboxes, not the console: the notices it caused are not e-mailed.
    Notification.objects.filter(pk__gt=last, email_state=EmailState.PENDING).update(
        email_state=EmailState.SKIPPED
    )


def _seed_sites() -> Iterator[str]:
    for name, slug, host, website, resources in SITES:
        institution = Institution.objects.filter(name=host).first()
        if institution is None:
            continue
        site = Site.objects.create(
            name=name,
            slug=slug,
            host_institution=institution,
            website=website,
            description=f"{name}, hosted by {host}: demo capacities, not the real ones.",
        )
        Resource.objects.bulk_create(
            [
                Resource(site=site, name=r_name, slug=r_slug, kind=kind, unit=unit, capacity=cap)
                for r_name, r_slug, kind, unit, cap in resources
            ]
        )
        yield f"Site {name} with {len(resources)} resources"


def _half(day: date) -> tuple[date, date]:
    if day.month <= 6:
        return date(day.year, 1, 1), date(day.year, 6, 30)
    return date(day.year, 7, 1), date(day.year, 12, 31)


def _period(start: date, end: date, previous_start: date) -> AllocationPeriod:
    """A half-year, its requests taken during the half-year before it."""
    name = f"{start.year}-H{1 if start.month == 1 else 2}"
    period, _created = AllocationPeriod.objects.get_or_create(
        name=name,
        defaults={
            "start": start,
            "end": end,
            "requests_open": datetime.combine(previous_start, time(0), tzinfo=UTC),
            "requests_close": datetime.combine(start, time(0), tzinfo=UTC),
        },
    )
    return period


def _seed_periods(today: date) -> tuple[AllocationPeriod, AllocationPeriod, AllocationPeriod]:
    current_start, current_end = _half(today)
    previous_start, previous_end = _half(current_start - timedelta(days=1))
    next_start, next_end = _half(current_end + timedelta(days=1))
    before_previous, _end = _half(previous_start - timedelta(days=1))
    return (
        _period(previous_start, previous_end, before_previous),
        _period(current_start, current_end, previous_start),
        _period(next_start, next_end, current_start),
    )


def _allocation(project, slug, period, granted, *, used_share, end=None) -> Allocation:
    allocation = Allocation.objects.create(
        project=project,
        resource=Resource.objects.get(slug=slug),
        period=period,
        granted=granted,
        start=period.start,
        end=end or period.end,
    )
    _usage(allocation, Decimal(granted) * Decimal(str(used_share)))
    return allocation


def _usage(allocation: Allocation, total: Decimal) -> None:
    """Daily usage from the start until yesterday, varying from day to day, adding up to
    `total`; the allocation's stored total and status follow."""
    today = today_utc(timezone.now())
    days = [
        allocation.start + timedelta(days=n)
        for n in range((min(today, allocation.end + timedelta(days=1)) - allocation.start).days)
    ]
    if not days:
        return
    weights = [Decimal(str(1.3 + math.sin(n / 3))) for n in range(len(days))]
    scale = total / sum(weights)
    amounts = [(weight * scale).quantize(Decimal("0.001")) for weight in weights]
    amounts[-1] += total.quantize(Decimal("0.001")) - sum(amounts)
    UsageRecord.objects.bulk_create(
        [
            UsageRecord(
                site_id=allocation.resource.site_id,
                allocation=allocation,
                record_id=f"demo-{allocation.pk}-{day:%Y%m%d}",
                period_start=datetime.combine(day, time(0), tzinfo=UTC),
                period_end=datetime.combine(day, time(23, 59), tzinfo=UTC),
                amount=amount,
                site_user=SITE_USERS[n % len(SITE_USERS)],
            )
            for n, (day, amount) in enumerate(zip(days, amounts, strict=True))
        ]
    )
    now = timezone.now()
    allocation.used = sum(amounts)
    allocation.last_usage = now
    share = allocation.used / allocation.granted
    allocation.warned_80 = now if share >= Decimal("0.8") else None
    if share >= 1:
        allocation.warned_100 = now
        allocation.status = Allocation.Status.EXHAUSTED
    allocation.save()


def _seed_allocations(projects, current, following) -> Iterator[str]:
    near, spent, ending = (projects * 3)[:3]
    today = today_utc(timezone.now())
    _allocation(near, "polaris", current, 50_000, used_share=0.79)
    exhausted = _allocation(spent, "frontier", current, 20_000, used_share=1)
    soon = _allocation(
        ending, "perlmutter-gpu", current, 30_000, used_share=0.45,
        end=min(current.end, today + timedelta(days=12)),
    )  # fmt: skip
    yield (
        f"Allocations: {near.title} near 80 % on Polaris, {spent.title} exhausted on "
        f"Frontier, {ending.title} ending {soon.end} on Perlmutter"
    )
    yield from _seed_requests(near, spent, ending, exhausted, soon, following)


def _pi(project: Project):
    return project.team.filter(role=TeamMember.Role.PI).select_related("user").first().user


def _seed_requests(near, spent, ending, exhausted, soon, following) -> Iterator[str]:
    asked = [
        (
            spent,
            "submitted",
            {"kind": "supplement", "allocation": exhausted, "amount": 10_000},
            None,
        ),
        (
            near,
            "in review",
            {
                "kind": "new",
                "resource": Resource.objects.get(slug="juwels-booster"),
                "period": following,
                "amount": 100_000,
            },
            None,
        ),
        (
            ending,
            "approved",
            {"kind": "renewal", "allocation": soon, "amount": 40_000},
            Decimal(30_000),
        ),
    ]
    for project, stage, fields, granted in asked:
        request = allocation_request_submit(
            actor=_pi(project),
            project=project,
            justification="Scaling runs of the project's next model, estimated from the "
            "last period's jobs.",
            **fields,
        )
        _advance(request, stage, granted)
        yield f"Request of {project.title} for machine time ({request.kind}): {stage}"


def _advance(request: AllocationRequest, stage: str, granted: Decimal | None) -> None:
    case = request.cases.get()
    chair_seat = acting_chair_seat(case)
    if stage == "submitted" or chair_seat is None:
        return
    chair = chair_seat.representative
    now = timezone.now()
    case = steering.case_review_start(
        case=case, actor=chair, review_deadline=now + timedelta(days=14)
    )
    if stage != "approved":
        return
    ballot = steering.ballot_open(case=case, actor=chair, closes_at=now + timedelta(days=7))
    electorate = list(ballot_electorate(ballot).select_related("representative"))
    if not electorate:
        return  # every seat sits this case out: it waits for the secretariat
    for seat in electorate:
        steering.vote_cast(ballot=ballot, actor=seat.representative, choice="approve")
    steering.decision_record(
        case=case,
        actor=chair,
        outcome="approved",
        rationale="A sound plan; the committee grants three quarters of it, as the resource "
        "is over-subscribed next period.",
        terms={"granted": granted},
    )
