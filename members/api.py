from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from members.filters import InstitutionFilter, ResearcherFilter
from members.models import ExpertiseArea, Institution, Profile
from members.pagination import DirectoryPagination
from members.selectors import expertise_areas, institutions_public, researcher_directory


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    is_staff = serializers.BooleanField()


class MeView(APIView):
    """The caller's own account: the simplest proof that a token works."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


class ExpertiseAreaSerializer(serializers.ModelSerializer):
    label = serializers.CharField(
        read_only=True, help_text="The name in the caller's language (Accept-Language)."
    )

    class Meta:
        model = ExpertiseArea
        fields = ["slug", "name", "label", "group"]


class InstitutionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:institution-detail", lookup_field="slug"
    )
    domains = serializers.SlugRelatedField(slug_field="domain", many=True, read_only=True)

    class Meta:
        model = Institution
        fields = [
            "url",
            "slug",
            "name",
            "short_name",
            "kind",
            "country",
            "website",
            "ror_id",
            "status",
            "joined",
            "domains",
        ]


class InstitutionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["slug", "name", "country"]


class ResearcherSerializer(serializers.ModelSerializer):
    """Only what the person consented to show; `email` is null unless they show it.

    Areas, keywords and the institution are read from the selector's prefetched lists
    and joined row, plain values rather than nested serializers: the list is the API's
    hottest path.
    """

    url = serializers.SerializerMethodField()
    name = serializers.CharField(source="display_name")
    institution = serializers.SerializerMethodField()
    expertise = serializers.SerializerMethodField()
    keywords = serializers.SerializerMethodField()
    open_to = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()

    class Meta:
        model = Profile
        fields = [
            "id",
            "url",
            "name",
            "title",
            "institution",
            "orcid",
            "bio",
            "expertise",
            "keywords",
            "career_stage",
            "open_to",
            "email",
        ]
        extra_kwargs = {
            "orcid": {"help_text": _("As its owner typed it: a claim, not verified.")},
        }

    def get_url(self, profile: Profile) -> str:
        # One reverse() per response, not per row: it was a tenth of the list's time.
        if "detail_url" not in self.context:
            url = reverse("api:researcher-detail", args=[0])
            request = self.context.get("request")
            self.context["detail_url"] = request.build_absolute_uri(url) if request else url
        return self.context["detail_url"].replace("/0/", f"/{profile.pk}/")

    @extend_schema_field(InstitutionBriefSerializer(allow_null=True))
    def get_institution(self, profile: Profile) -> dict | None:
        institution = profile.institution
        if institution is None:
            return None
        return {"slug": institution.slug, "name": institution.name, "country": institution.country}

    def get_expertise(self, profile: Profile) -> list[str]:
        return [area.slug for area in profile.area_list]

    def get_keywords(self, profile: Profile) -> list[str]:
        return [keyword.name for keyword in profile.keyword_list]

    def get_open_to(self, profile: Profile) -> list[str]:
        return [
            field.removeprefix("open_to_")
            for field in ("open_to_collaboration", "open_to_mentoring", "open_to_hosting_students")
            if getattr(profile, field)
        ]

    def get_email(self, profile: Profile) -> str | None:
        # The selector reads an address out of the database only where it may be shown.
        return profile.shown_email or None

    def to_representation(self, profile: Profile) -> dict:
        """The fields above, written in one go: DRF's walk over a field object per value
        was most of the list's serialising time. The declarations still publish the
        shape (the schema), and a test holds this to what that walk would answer."""
        return {
            "id": profile.pk,
            "url": self.get_url(profile),
            "name": profile.display_name,
            "title": profile.title,
            "institution": self.get_institution(profile),
            "orcid": profile.orcid,
            "bio": profile.bio,
            "expertise": self.get_expertise(profile),
            "keywords": self.get_keywords(profile),
            "career_stage": profile.career_stage,
            "open_to": self.get_open_to(profile),
            "email": self.get_email(profile),
        }


class ExpertiseAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """The expertise taxonomy. Public: it describes the consortium, not a person."""

    permission_classes = [AllowAny]
    serializer_class = ExpertiseAreaSerializer
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        return expertise_areas()


class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    """Member institutions, filterable by kind and country. Public, like their pages."""

    permission_classes = [AllowAny]
    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilter
    lookup_field = "slug"

    def get_queryset(self):
        return institutions_public().prefetch_related("domains")


class ResearcherViewSet(viewsets.ReadOnlyModelViewSet):
    """Researchers the caller may see, with the directory's filters and search (`q`)."""

    permission_classes = [IsAuthenticated]
    serializer_class = ResearcherSerializer
    filterset_class = ResearcherFilter
    pagination_class = DirectoryPagination

    def get_queryset(self):
        return researcher_directory(self.request.user)
