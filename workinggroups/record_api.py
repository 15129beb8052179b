"""/api/v1/action-items/ (the caller's own; mark done) and /api/v1/minutes/ (read by the
group's members; written by its leads, from a base revision: 409 when it is stale)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from tpc_portal.markdown import render_markdown
from tpc_portal.people import person_name
from workinggroups import selectors
from workinggroups.models import ActionItem, Meeting, Minutes
from workinggroups.record_filters import ActionItemFilter, MinutesFilter
from workinggroups.services.actions import action_item_done, action_item_reopen
from workinggroups.services.minutes import StaleRevision, minutes_save


class ActionItemSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    meeting = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(
        choices=ActionItem.Status.choices,
        help_text="Writable: `done` marks the item done, `open` opens it again.",
    )

    class Meta:
        model = ActionItem
        fields = ["id", "group", "group_name", "meeting", "text", "due", "status", "done"]
        read_only_fields = ["id", "group", "group_name", "meeting", "text", "due", "done"]


class ActionItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Your own action items across your groups, open first by due day; filter by
    `status` and `group` (its short name). PATCH `{"status": "done"}` (or `"open"`), or
    POST to `done/`."""

    serializer_class = ActionItemSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = ActionItemFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.action_items_of(self.request.user)

    def perform_update(self, serializer: ActionItemSerializer) -> None:
        wanted = serializer.validated_data.get("status")
        item = serializer.instance
        if wanted == ActionItem.Status.DONE:
            serializer.instance = action_item_done(actor=self.request.user, item=item)
        elif wanted == ActionItem.Status.OPEN:
            serializer.instance = action_item_reopen(actor=self.request.user, item=item)

    @extend_schema(request=None, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        """Mark the item done (idempotent)."""
        item = action_item_done(actor=request.user, item=self.get_object())
        return Response(self.get_serializer(item).data)


class MinutesSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    meeting_start = serializers.DateTimeField(source="meeting.start", read_only=True)
    group = serializers.SlugRelatedField(source="meeting.group", slug_field="slug", read_only=True)
    html = serializers.SerializerMethodField(help_text="The text as sanitised HTML.")
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = Minutes
        fields = [
            "id",
            "meeting",
            "meeting_title",
            "meeting_start",
            "group",
            "status",
            "revision",
            "text",
            "html",
            "published",
            "approved",
            "approved_by",
        ]
        read_only_fields = fields

    def get_html(self, minutes: Minutes) -> str:
        return str(render_markdown(minutes.text))

    def get_approved_by(self, minutes: Minutes) -> str | None:
        return person_name(minutes.approved_by) if minutes.approved_by_id else None


class MinutesWriteSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=100000, trim_whitespace=False)
    base_revision = serializers.IntegerField(
        min_value=0, help_text="The revision the text was written from (0 for new minutes)."
    )


class MinutesCreateSerializer(MinutesWriteSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())


_STALE = OpenApiResponse(
    # The portal's one error shape (tpc_portal/schema.py publishes it as "Error").
    response=inline_serializer(
        "Error",
        {
            "message": serializers.CharField(),
            "errors": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField())
            ),
        },
    ),
    description="The minutes were saved by someone else since `base_revision`: read them "
    "again, merge, and save with the newest revision.",
)


class MinutesViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Minutes of your groups' meetings: published and approved ones for members, drafts
    for the leads; filter by `meeting` (its id) and `status`. Leads write them with PUT
    (or POST for a meeting's first), naming the revision they wrote from: a stale one is
    refused with 409, never overwritten."""

    serializer_class = MinutesSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = MinutesFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self):
        return selectors.minutes_visible_to(self.request.user)

    def _save(self, meeting: Meeting, data: dict) -> Response:
        try:
            minutes = minutes_save(
                actor=self.request.user,
                meeting=meeting,
                text=data["text"],
                base_revision=data["base_revision"],
            )
        except StaleRevision as stale:
            return Response(
                {"message": stale.message, "errors": stale.errors},
                status=status.HTTP_409_CONFLICT,
            )
        minutes.meeting = meeting
        return Response(MinutesSerializer(minutes, context=self.get_serializer_context()).data)

    @extend_schema(request=MinutesCreateSerializer, responses={200: MinutesSerializer, 409: _STALE})
    def create(self, request: Request) -> Response:
        """Write a meeting's minutes (a lead; `base_revision` 0 for the first)."""
        serializer = MinutesCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = serializer.validated_data["meeting"]
        return self._save(meeting, serializer.validated_data)

    @extend_schema(request=MinutesWriteSerializer, responses={200: MinutesSerializer, 409: _STALE})
    def update(self, request: Request, pk: str | None = None) -> Response:
        """Save new text from `base_revision` (a lead)."""
        minutes = self.get_object()
        serializer = MinutesWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._save(minutes.meeting, serializer.validated_data)
