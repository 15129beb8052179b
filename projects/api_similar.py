"""`POST /api/v1/projects/similar/`: the existing projects most like a draft, ranked, with
their scores and the words and areas they share: the selector of the proposal form's panel
(projects/similarity.py), for scripts and other front ends."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from members.membership import is_confirmed_member
from members.models import ExpertiseArea
from projects.models import Project
from projects.similar_display import ShownSimilar, shown_to
from projects.similarity import LIMIT, SIMILARITY_THRESHOLD, similar_projects
from tpc_portal.throttling import UserRateThrottle


class IsConfirmedMember(BasePermission):
    """Confirmed members of the consortium (and staff): those who may propose projects."""

    message = gettext_lazy("Confirmed members of the consortium only.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and is_confirmed_member(request.user))


class SimilarWorkThrottle(UserRateThrottle):
    """Each call ranks the whole catalogue: at most API_THROTTLE_SIMILAR_WORK per person."""

    scope = "similar_work"


_TITLE = Project._meta.get_field("title").max_length
_SUMMARY = Project._meta.get_field("summary").max_length


class DraftSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=_TITLE, allow_blank=True, required=False, default="")
    summary = serializers.CharField(
        max_length=_SUMMARY, allow_blank=True, required=False, default=""
    )
    expertise_areas = serializers.ListField(
        child=serializers.SlugField(),
        required=False,
        default=list,
        max_length=50,
        help_text="Expertise area slugs (GET /api/v1/expertise-areas/).",
    )

    def validate_expertise_areas(self, slugs: list[str]) -> list[int]:
        """The areas' ids, read in one query; an unknown slug is an error."""
        found = dict(ExpertiseArea.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        unknown = sorted(set(slugs) - set(found))
        if unknown:
            raise serializers.ValidationError(
                _("No such expertise area: %(slugs)s.") % {"slugs": ", ".join(unknown)}
            )
        return sorted(set(found.values()))


class SimilarProjectSerializer(serializers.Serializer):
    """A project the caller may not see (a proposal of others) has its title and status
    only: slug, page and lead institution are null."""

    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Project.Status.choices)
    slug = serializers.CharField(allow_null=True)
    page = serializers.CharField(allow_null=True, help_text="The project's page on the portal.")
    lead_institution = serializers.CharField(allow_null=True)


class SimilarItemSerializer(serializers.Serializer):
    project = SimilarProjectSerializer()
    score = serializers.FloatField(min_value=0, max_value=1)
    above_threshold = serializers.BooleanField(
        help_text="A proposal must say how it differs from this project before submission."
    )
    shared_terms = serializers.ListField(child=serializers.CharField())
    shared_areas = serializers.ListField(child=serializers.CharField(), help_text="Area slugs.")


class SimilarWorkSerializer(serializers.Serializer):
    threshold = serializers.FloatField()
    results = SimilarItemSerializer(many=True)


def _item(entry: ShownSimilar, request: Request) -> dict:
    project = entry.project
    return {
        "project": {
            "title": project.title,
            "status": project.status,
            "slug": project.slug if entry.whole else None,
            "page": request.build_absolute_uri(entry.url) if entry.url else None,
            "lead_institution": (
                project.lead_institution.name
                if entry.whole and project.lead_institution is not None
                else None
            ),
        },
        "score": entry.item.score,
        "above_threshold": entry.item.above_threshold,
        "shared_terms": list(entry.item.shared_terms),
        "shared_areas": [area.slug for area in entry.item.shared_areas],
    }


class SimilarWorkView(APIView):
    """The existing projects (proposed, active or completed) most like a draft, best first,
    with a score from 0 to 1 and the words and expertise areas each shares with it. An
    empty draft has no similar work. Confirmed members only; throttled."""

    permission_classes = [IsConfirmedMember]
    throttle_classes = [UserRateThrottle, SimilarWorkThrottle]

    @extend_schema(request=DraftSerializer, responses=SimilarWorkSerializer)
    def post(self, request: Request) -> Response:
        draft = DraftSerializer(data=request.data)
        draft.is_valid(raise_exception=True)
        data = draft.validated_data
        items = []
        if data["title"].strip() or data["summary"].strip():
            items = similar_projects(
                title=data["title"],
                summary=data["summary"],
                area_ids=data["expertise_areas"],
                limit=LIMIT,
            )
        shown = shown_to(request.user, items)
        return Response(
            {
                "threshold": SIMILARITY_THRESHOLD,
                "results": [_item(entry, request) for entry in shown],
            }
        )
