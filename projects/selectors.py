"""Every non-trivial read of projects: querysets that carry their joins and start from
what the reader may see."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from members.membership import AnyUser
from members.models import Institution, Profile, User
from members.selectors import LISTED
from projects.models import Opening, Project, Share, TeamMember
from projects.versions import ROLE_ORDER
from steering.models import Case
from tpc_portal.people import given_name

ACTIVE = TeamMember.Status.ACTIVE


# --- Which projects a person sees ----------------------------------------------------------


def _visible(viewer: AnyUser) -> Q:
    """Public projects for everyone; the viewer's own (on the team, invited, asking) too;
    everything for staff."""
    public = Q(status__in=Project.PUBLIC_STATUSES)
    if not viewer.is_authenticated:
        return public
    if viewer.is_staff:
        return Q()
    return public | Q(pk__in=TeamMember.objects.filter(user=viewer).values("project_id"))


def _institution_count() -> Coalesce:
    """How many institutions the active team spans (a subquery: no GROUP BY over the list)."""
    counted = (
        TeamMember.objects.filter(project=OuterRef("pk"), status=ACTIVE)
        .order_by()
        .values("project")
        .annotate(n=Count("institution", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def _has_open_openings() -> Exists:
    return Exists(Opening.objects.filter(project=OuterRef("pk"), status=Opening.Status.OPEN))


def with_cards(projects: QuerySet[Project]) -> QuerySet[Project]:
    """What a project's card shows: lead institution, areas, how many institutions, whether
    it has open openings; one query for the page and one for the areas of its rows."""
    return (
        projects.select_related("lead_institution")
        .prefetch_related("expertise")
        .annotate(institution_count=_institution_count(), has_openings=_has_open_openings())
        .defer("search_vector", "goals", "differs_from_similar")
    )


def projects_visible_to(viewer: AnyUser) -> QuerySet[Project]:
    """Projects this viewer may see, by title: visitors and members the active and
    completed ones; the team (and those invited to it) its drafts and proposals too; staff
    everything. The directory, its counts and the API start here, so a draft never shows,
    nor counts, for anyone outside its team."""
    return Project.objects.filter(_visible(viewer)).order_by("title", "id")


def project_directory(viewer: AnyUser) -> QuerySet[Project]:
    """The directory's rows before filters, with what a card shows."""
    return with_cards(projects_visible_to(viewer))


# What the API's list shows of a project besides its areas and keywords (project_tags).
SUMMARY_FIELDS = (
    "id", "slug", "title", "summary", "kind", "status", "created", "updated",
    "lead_institution__slug", "lead_institution__name", "institution_count",
)  # fmt: skip


def project_summaries(viewer: AnyUser) -> QuerySet[Project, dict[str, Any]]:
    """The projects this viewer may see as the API's list shows them, one plain row each
    (SUMMARY_FIELDS): the lead institution joined, the institutions counted in the row.
    The directory's filters apply to it as to the page's cards. The full project, team
    included, is on its own address (projects_for_api)."""
    return (
        projects_visible_to(viewer)
        .annotate(institution_count=_institution_count())
        .values(*SUMMARY_FIELDS)
    )


@dataclass
class ProjectTags:
    """The expertise areas (slugs, in the taxonomy's order) and keywords (by name) of
    some projects, by project id."""

    areas: dict[int, list[str]]
    keywords: dict[int, list[str]]


def project_tags(project_ids: list[int]) -> ProjectTags:
    """The areas and keywords of these projects: two queries of plain pairs."""
    tags = ProjectTags(
        areas={pk: [] for pk in project_ids}, keywords={pk: [] for pk in project_ids}
    )
    areas = (
        Project.expertise.through.objects.filter(project_id__in=project_ids)
        .order_by("expertisearea__position", "expertisearea__name")
        .values_list("project_id", "expertisearea__slug")
    )
    for project_id, slug in areas:
        tags.areas[project_id].append(slug)
    keywords = (
        Project.keywords.through.objects.filter(project_id__in=project_ids)
        .order_by("keyword__name")
        .values_list("project_id", "keyword__name")
    )
    for project_id, name in keywords:
        tags.keywords[project_id].append(name)
    return tags


def projects_of(user: AnyUser) -> QuerySet[Project]:
    """The projects a person is on ("my projects"), any status, with their cards."""
    if not user.is_authenticated:
        return Project.objects.none()
    mine = TeamMember.objects.filter(user=user, status=ACTIVE).values("project_id")
    return with_cards(Project.objects.filter(pk__in=mine)).order_by("title", "id")


def invitations_of(user: AnyUser) -> QuerySet[TeamMember]:
    """Invitations waiting for this person's answer, newest first."""
    if not user.is_authenticated:
        return TeamMember.objects.none()
    return (
        TeamMember.objects.filter(user=user, status=TeamMember.Status.INVITED)
        .select_related("project", "invited_by__profile")
        .order_by("-created", "-id")
    )


# --- One project -----------------------------------------------------------------------------


def _team() -> Prefetch:
    return Prefetch(
        "team", queryset=TeamMember.objects.select_related("user__profile", "institution")
    )


def project_detail(*, slug: str) -> Project | None:
    """A project with everything its page shows, in a fixed number of queries. Whether the
    reader may see it is the caller's decision (permissions.access_project)."""
    return (
        Project.objects.filter(slug=slug)
        .select_related("lead_institution", "created_by__profile")
        .prefetch_related(
            "expertise",
            "keywords",
            "working_groups",
            _team(),
            Prefetch("shares", queryset=Share.objects.select_related("consented_by__profile")),
            "outputs",
        )
        .annotate(open_openings=Count("openings", filter=Q(openings__status=Opening.Status.OPEN)))
        .defer("search_vector")
        .first()
    )


def projects_for_api(viewer: AnyUser) -> QuerySet[Project]:
    """Projects the caller may see, with everything the API shows of each, in a fixed
    number of queries whatever the page's length."""
    return (
        projects_visible_to(viewer)
        .select_related("lead_institution")
        .prefetch_related("expertise", "keywords", "working_groups", _team(), "shares", "outputs")
        .defer("search_vector")
    )


def _places(project: Project) -> list[TeamMember]:
    """Every place on the team (members, invitations, requests), PI first, then by name;
    read from what the selector prefetched when it did."""
    places = list(project.team.all())
    return sorted(places, key=lambda place: (ROLE_ORDER[place.role], given_name(place.user)))


def team_of(project: Project) -> list[TeamMember]:
    """The active team, PI first."""
    return [place for place in _places(project) if place.status == ACTIVE]


def team_invited(project: Project) -> list[TeamMember]:
    return [place for place in _places(project) if place.status == TeamMember.Status.INVITED]


def team_requests(project: Project) -> list[TeamMember]:
    return [place for place in _places(project) if place.status == TeamMember.Status.REQUESTED]


def pis_of(project: Project) -> list[TeamMember]:
    return [place for place in team_of(project) if place.role == TeamMember.Role.PI]


def participating_institutions(project: Project) -> list[Institution]:
    """The institutions of the active team (each member's when they joined), by name: read
    from the prefetched team when there is one, else one query."""
    if "team" in getattr(project, "_prefetched_objects_cache", {}):
        found = {place.institution for place in team_of(project) if place.institution}
        return sorted(found, key=lambda institution: institution.name)
    involved = TeamMember.objects.filter(project=project, status=ACTIVE).values("institution_id")
    return list(Institution.objects.filter(pk__in=involved).order_by("name"))


def is_multi_institution(project: Project) -> bool:
    """A team from two or more institutions."""
    return len(participating_institutions(project)) >= 2


def team_people(project: Project, *, roles: tuple[str, ...] = ()) -> list[User]:
    """The people on the active team (of these roles, when given): whom notices go to."""
    places = TeamMember.objects.filter(project=project, status=ACTIVE)
    if roles:
        places = places.filter(role__in=roles)
    return [place.user for place in places.select_related("user__profile")]


def project_case(project: Project) -> Case | None:
    """The committee's case about the project (one per project, resubmissions included)."""
    return project.cases.order_by("-submitted_at").first()


# --- Whom to invite, and what the directory's facets offer -------------------------------


def people_to_invite(project: Project) -> QuerySet[Profile]:
    """Confirmed members listed in the directory who are not on the team yet (nor invited,
    nor asking): whom its PI or a co-PI may invite. A person who chose not to be listed is
    not offered (they ask to join instead), and nobody is looked up by e-mail address."""
    taken = TeamMember.objects.filter(project=project).values("user_id")
    return (
        Profile.objects.filter(LISTED, institution__status=Institution.Status.MEMBER)
        .exclude(user_id__in=taken)
        .select_related("institution")
        .only("pk", "display_name", "user_id", "institution__name")
        .order_by("display_name", "pk")
    )


def institutions_in_projects() -> QuerySet[Institution]:
    """Member institutions, for the directory's institution facet."""
    return Institution.objects.filter(status=Institution.Status.MEMBER).order_by("name")


def working_groups_to_link() -> QuerySet[Any]:
    """Active working groups (read through the project's field: projects uses the groups
    app only through its selectors), for the directory's facet and the project form."""
    groups: Any = Project._meta.get_field("working_groups").related_model
    return groups.objects.filter(status=groups.Status.ACTIVE).order_by("name")


def projects_in_institution(queryset: QuerySet[Project], institution: Institution) -> QuerySet:
    """Projects whose active team includes someone from the institution."""
    team = TeamMember.objects.filter(status=ACTIVE, institution=institution)
    return queryset.filter(pk__in=team.values("project_id"))


def projects_with_expertise(queryset: QuerySet[Project], areas: Any) -> QuerySet[Project]:
    """Projects with any of these expertise areas (no join: a project with two of them is
    listed once, and a ranked search keeps its order)."""
    links = Project.expertise.through.objects.filter(expertisearea__in=list(areas))
    return queryset.filter(pk__in=links.values("project_id"))


def projects_with_openings(queryset: QuerySet[Project], wanted: bool) -> QuerySet[Project]:
    return queryset.filter(_has_open_openings() if wanted else ~_has_open_openings())
