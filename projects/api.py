"""The projects' API: the directory (its filters and search, visitors included), a project's
public fields, and a confirmed member's drafts (create with POST, edit with PATCH)."""

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from members.membership import is_confirmed_member
from members.pagination import DirectoryPagination
from members.selectors import expertise_areas
from projects import selectors, services
from projects.filters import ProjectFilter
from projects.models import Output, Project, Share, TeamMember
from projects.permissions import can_see_team, leads_project, refuse_unless
from projects.services.projects import MAX_KEYWORD_LENGTH, MAX_KEYWORDS


class IsConfirmedMember(BasePermission):
    message = _("Only confirmed members of a member institution propose projects.")

    def has_permission(self, request, view) -> bool:
        return is_confirmed_member(request.user)


class ProjectInstitutionSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class TeamRowSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="As the portal names people; never an address.")
    role = serializers.ChoiceField(choices=TeamMember.Role.choices)
    institution = ProjectInstitutionSerializer(allow_null=True)


class ShareSerializer(serializers.ModelSerializer):
    class Meta:
        model = Share
        fields = ["what", "description", "terms", "consented"]


class OutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Output
        fields = ["kind", "title", "url", "doi"]


def _institution(institution) -> dict | None:
    return None if institution is None else {"slug": institution.slug, "name": institution.name}


class ProjectSummarySerializer(serializers.ModelSerializer):
    """A project as the list shows it: its summary fields, and at `url` the full project
    (ProjectSerializer: goals, team, shares, outputs, groups)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail", lookup_field="slug")
    lead_institution = serializers.SerializerMethodField()
    multi_institution = serializers.SerializerMethodField(
        help_text="Whether the active team spans two or more institutions."
    )
    expertise = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    keywords = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "slug",
            "url",
            "title",
            "summary",
            "kind",
            "status",
            "lead_institution",
            "multi_institution",
            "expertise",
            "keywords",
            "created",
            "updated",
        ]

    @extend_schema_field(ProjectInstitutionSerializer(allow_null=True))
    def get_lead_institution(self, project: Project) -> dict | None:
        return _institution(project.lead_institution)

    def get_multi_institution(self, project: Project) -> bool:
        return selectors.is_multi_institution(project)


class ProjectSerializer(ProjectSummarySerializer):
    """A project's public fields; `team` (who is on it, beyond its PIs) is null for callers
    who may not see it: visitors and people outside the consortium."""

    institutions = serializers.SerializerMethodField(
        help_text="The participating institutions: those of the active team."
    )
    working_groups = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    pis = serializers.SerializerMethodField(help_text="The names of its PIs (a public role).")
    team = serializers.SerializerMethodField()
    shares = ShareSerializer(many=True, read_only=True)
    outputs = OutputSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "slug",
            "url",
            "title",
            "summary",
            "goals",
            "kind",
            "status",
            "lead_institution",
            "institutions",
            "multi_institution",
            "expertise",
            "keywords",
            "working_groups",
            "pis",
            "team",
            "shares",
            "outputs",
            "created",
            "updated",
        ]

    @extend_schema_field(ProjectInstitutionSerializer(many=True))
    def get_institutions(self, project: Project) -> list[dict]:
        return [
            {"slug": i.slug, "name": i.name} for i in selectors.participating_institutions(project)
        ]

    def get_pis(self, project: Project) -> list[str]:
        return [str(place.user) for place in selectors.pis_of(project)]

    @extend_schema_field(TeamRowSerializer(many=True, allow_null=True))
    def get_team(self, project: Project) -> list[dict] | None:
        if not can_see_team(self.context["request"].user, project):
            return None
        return [
            {
                "name": str(place.user),
                "role": place.role,
                "institution": _institution(place.institution),
            }
            for place in selectors.team_of(project)
        ]


def _summary_writer(request: Request, tags: selectors.ProjectTags) -> Callable[[dict], dict]:
    """A function writing one row of selectors.project_summaries as ProjectSummarySerializer
    writes its project: the same fields, times by the field the serializer gives them
    (building the serializer's fields for two of them cost more than writing the page)."""
    moment = serializers.DateTimeField(read_only=True)
    detail = request.build_absolute_uri(reverse("api:project-detail", kwargs={"slug": "0"}))
    before, after = detail.rsplit("/0/", 1)

    def write(row: dict) -> dict:
        lead = row["lead_institution__slug"]
        return {
            "slug": row["slug"],
            "url": f"{before}/{row['slug']}/{after}",
            "title": row["title"],
            "summary": row["summary"],
            "kind": row["kind"],
            "status": row["status"],
            "lead_institution": None
            if lead is None
            else {"slug": lead, "name": row["lead_institution__name"]},
            "multi_institution": row["institution_count"] >= 2,
            "expertise": tags.areas[row["id"]],
            "keywords": tags.keywords[row["id"]],
            "created": moment.to_representation(row["created"]),
            "updated": moment.to_representation(row["updated"]),
        }

    return write


class ProjectWriteSerializer(serializers.Serializer):
    """What a draft says: title, summary and kind are needed to create one."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=3000)
    kind = serializers.ChoiceField(choices=Project.Kind.choices)
    goals = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    expertise = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=expertise_areas(), required=False
    )
    keywords = serializers.ListField(
        child=serializers.CharField(max_length=MAX_KEYWORD_LENGTH),
        max_length=MAX_KEYWORDS,
        required=False,
    )
    working_groups = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=selectors.working_groups_to_link(), required=False
    )
    differs_from_similar = serializers.CharField(max_length=3000, required=False, allow_blank=True)


def _current(project: Project) -> dict:
    """What the project says now, in the write serializer's terms (a PATCH changes some)."""
    return {
        "title": project.title,
        "summary": project.summary,
        "kind": project.kind,
        "goals": project.goals,
        "expertise": list(project.expertise.all()),
        "keywords": [keyword.name for keyword in project.keywords.all()],
        "working_groups": list(project.working_groups.all()),
        "differs_from_similar": project.differs_from_similar,
    }


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Projects the caller may see, with the directory's filters and search (`q`).
    Visitors see active and completed projects; a project's team also its drafts and
    proposals. Confirmed members create drafts (POST); a draft's PI and co-PIs edit it
    (PATCH) while it is a draft or the committee asks for a revision."""

    filterset_class = ProjectFilter
    pagination_class = DirectoryPagination
    lookup_field = "slug"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        if self.action == "create":
            return [IsAuthenticated(), IsConfirmedMember()]
        return [IsAuthenticated()]

    def get_serializer_class(self):
        return ProjectSummarySerializer if self.action == "list" else ProjectSerializer

    def get_queryset(self):
        if self.action == "list":
            return selectors.project_summaries(self.request.user)
        return selectors.projects_for_api(self.request.user)

    @extend_schema(
        description="Projects the caller may see, each as its summary: the whole project "
        "(goals, team, shares, outputs) is at its `url`. The directory's filters apply; "
        "`q` searches titles, keywords and summaries, best match first."
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        # The page as plain rows, written as ProjectSummarySerializer writes a project (a
        # test holds the two equal): a search reads 25 rows and their tags, not 25
        # projects with their teams, shares and outputs.
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        tags = selectors.project_tags([row["id"] for row in rows])
        write = _summary_writer(request, tags)
        return self.get_paginated_response([write(row) for row in rows])

    def _shown(self, project: Project, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=project.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(request=ProjectWriteSerializer, responses={201: ProjectSerializer})
    def create(self, request: Request) -> Response:
        data = ProjectWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_draft_create(actor=request.user, **data.validated_data)
        return self._shown(project, status.HTTP_201_CREATED)

    @extend_schema(request=ProjectWriteSerializer(partial=True), responses=ProjectSerializer)
    def partial_update(self, request: Request, slug: str) -> Response:
        project = self.get_object()
        refuse_unless(leads_project(request.user, project))
        data = ProjectWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.project_update(
            project=project, actor=request.user, **(_current(project) | data.validated_data)
        )
        return self._shown(project)
