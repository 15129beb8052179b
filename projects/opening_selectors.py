"""Reads of openings: the public list with what a card shows, its filters' pieces, the
projects a person may post openings on, and a person's subscription."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from members.membership import AnyUser
from members.models import ExpertiseArea, Institution
from projects.models import Opening, OpeningSubscription, Project, TeamMember


def openings_public() -> QuerySet[Opening]:
    """Openings of active projects, the newest first, with what a card shows: the project,
    its lead institution, and its expertise areas (one prefetch for the page)."""
    return (
        Opening.objects.filter(project__status=Project.Status.ACTIVE)
        .select_related("project__lead_institution")
        .prefetch_related(
            Prefetch("project__expertise", queryset=ExpertiseArea.objects.order_by("position"))
        )
        .order_by("-created", "-id")
    )


def openings_open(queryset: QuerySet[Opening]) -> QuerySet[Opening]:
    """Those still taking applications: open, and their deadline (if any) not passed in
    the reader's time zone."""
    return queryset.filter(status=Opening.Status.OPEN).filter(
        Q(deadline__isnull=True) | Q(deadline__gte=timezone.localdate())
    )


def openings_at_institution(
    queryset: QuerySet[Opening], institution: Institution
) -> QuerySet[Opening]:
    """Openings of projects the institution takes part in: someone of it is on the team."""
    team = TeamMember.objects.filter(
        project_id=OuterRef("project_id"),
        status=TeamMember.Status.ACTIVE,
        institution=institution,
    )
    return queryset.filter(Exists(team))


def openings_in_areas(
    queryset: QuerySet[Opening], areas: Iterable[ExpertiseArea]
) -> QuerySet[Opening]:
    links = Project.expertise.through.objects.filter(
        project_id=OuterRef("project_id"), expertisearea__in=list(areas)
    )
    return queryset.filter(Exists(links))


def projects_led_for_openings(user: AnyUser) -> QuerySet[Project]:
    """Active projects the person is PI or co-PI of: those they may post openings on."""
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(
        status=Project.Status.ACTIVE,
        team__user=user,
        team__status=TeamMember.Status.ACTIVE,
        team__role__in=[TeamMember.Role.PI, TeamMember.Role.CO_PI],
    ).order_by("title", "id")


def opening_subscription_of(user: AnyUser) -> OpeningSubscription | None:
    if not user.is_authenticated:
        return None
    return (
        OpeningSubscription.objects.filter(user=user)
        .prefetch_related(Prefetch("areas", queryset=ExpertiseArea.objects.order_by("position")))
        .first()
    )
