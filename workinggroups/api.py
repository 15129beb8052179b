"""The working groups' API: thin, over the selectors and services."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from members.membership import AnyUser, is_confirmed_member
from members.models import Profile
from tpc_portal.people import person_name
from workinggroups import selectors
from workinggroups.filters import GroupFilter
from workinggroups.models import Membership, WorkingGroup
from workinggroups.permissions import access_group, is_group_member
from workinggroups.services import membership as membership_services

# --- Groups, membership and leads


class PersonSerializer(serializers.Serializer):
    """A person as the group shows them: their name, and their researcher id where the
    caller may open their profile (GET /api/v1/researchers/<id>/), else null."""

    name = serializers.CharField()
    researcher = serializers.IntegerField(allow_null=True)


def _person(membership: Membership, viewer: AnyUser) -> dict:
    user = membership.user
    profile: Profile | None = getattr(user, "profile", None)
    shown = (
        profile is not None
        and profile.is_listed
        and (profile.visibility == Profile.Visibility.PUBLIC or is_confirmed_member(viewer))
    )
    return {"name": person_name(user), "researcher": profile.pk if shown and profile else None}


class WorkingGroupSerializer(serializers.ModelSerializer):
    """A chartered group's public fields; `members` only for the group's own members (null
    for everyone else)."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:working-group-detail", lookup_field="slug"
    )
    areas = serializers.SerializerMethodField()
    leads = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = WorkingGroup
        fields = [
            "url",
            "slug",
            "name",
            "mission",
            "status",
            "join_policy",
            "areas",
            "leads",
            "member_count",
            "members",
            "activated",
            "closed",
        ]
        extra_kwargs = {"mission": {"help_text": _("Markdown, as its leads wrote it.")}}

    def _viewer(self) -> AnyUser:
        return self.context["request"].user

    def get_areas(self, group: WorkingGroup) -> list[str]:
        return [area.slug for area in group.expertise.all()]

    @extend_schema_field(PersonSerializer(many=True))
    def get_leads(self, group: WorkingGroup) -> list[dict]:
        viewer = self._viewer()
        return [_person(membership, viewer) for membership in group.lead_memberships]

    @extend_schema_field(PersonSerializer(many=True, allow_null=True))
    def get_members(self, group: WorkingGroup) -> list[dict] | None:
        viewer = self._viewer()
        if not is_group_member(viewer, group):
            return None
        return [_person(membership, viewer) for membership in group.member_list]


class MembershipSerializer(serializers.Serializer):
    """The caller's place in the group after the action: null, null once they left."""

    status = serializers.ChoiceField(choices=Membership.Status.choices, allow_null=True)
    role = serializers.ChoiceField(choices=Membership.Role.choices, allow_null=True)


class JoinSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class WorkingGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """Chartered working groups (active or closed), filterable by area and status. Public,
    like their pages; the member list only for the group's members. A confirmed member
    joins (or asks to join) and leaves with POST."""

    permission_classes = [AllowAny]
    serializer_class = WorkingGroupSerializer
    filterset_class = GroupFilter
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.groups_for_api(self.request.user)

    @extend_schema(request=JoinSerializer, responses={201: MembershipSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def join(self, request: Request, slug: str) -> Response:
        """Join an open group at once, or ask to join one whose leads approve each member."""
        body = JoinSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        membership = membership_services.membership_join(
            group=access_group(request.user, slug),
            actor=request.user,
            message=body.validated_data.get("message", ""),
        )
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: MembershipSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def leave(self, request: Request, slug: str) -> Response:
        """Leave the group (or take back a request to join). The last lead cannot."""
        group = access_group(request.user, slug)
        membership_services.membership_leave(group=group, actor=request.user)
        return Response(MembershipSerializer({"status": None, "role": None}).data)
