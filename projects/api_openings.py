"""`/api/v1/openings/`: the opportunities page as data. Read-only and public, like the
page: openings of active projects, filtered by the same FilterSet (open ones unless
`include_closed=true`)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from projects.filters_openings import OpeningFilter
from projects.models import Opening
from projects.opening_selectors import openings_public
from projects.similar_display import project_url


class OpeningProjectSerializer(serializers.Serializer):
    title = serializers.CharField()
    slug = serializers.CharField()
    page = serializers.CharField(allow_null=True, help_text="The project's page on the portal.")
    lead_institution = serializers.CharField(allow_null=True)


class OpeningSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:opening-detail")
    page = serializers.SerializerMethodField(help_text="The opening's page on the portal.")
    project = serializers.SerializerMethodField()
    expertise_areas = serializers.SerializerMethodField(help_text="Area slugs.")

    class Meta:
        model = Opening
        fields = [
            "id",
            "url",
            "page",
            "position",
            "title",
            "description",
            "deadline",
            "status",
            "project",
            "expertise_areas",
            "created",
        ]

    def get_page(self, opening: Opening) -> str:
        request = self.context.get("request")
        url = reverse("projects:opening", args=[opening.pk])
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(OpeningProjectSerializer)
    def get_project(self, opening: Opening) -> dict:
        project = opening.project
        page = project_url(project)
        request = self.context.get("request")
        return {
            "title": project.title,
            "slug": project.slug,
            "page": (request.build_absolute_uri(page) if request else page) if page else None,
            "lead_institution": project.lead_institution.name if project.lead_institution else None,
        }

    def get_expertise_areas(self, opening: Opening) -> list[str]:
        return [area.slug for area in opening.project.expertise.all()]


class OpeningViewSet(viewsets.ReadOnlyModelViewSet):
    """Openings of active projects, newest first: the filters of the opportunities page
    (position, area, institution on the team; closed ones with include_closed=true).
    Public, like the page."""

    permission_classes = [AllowAny]
    serializer_class = OpeningSerializer
    filterset_class = OpeningFilter

    def get_queryset(self):
        return openings_public()

    def filter_queryset(self, queryset):
        # An opening's own address answers whatever its status: the filters are the list's.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)
