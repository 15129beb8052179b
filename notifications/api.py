"""/api/v1/notifications/: the caller's own notices; anybody else's is a 404."""

from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from notifications import selectors, services
from notifications.filters import NotificationFilter
from notifications.models import Notification
from tpc_portal.people import person_name


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    # Rendered in the caller's language when read (see notifications/rendering.py).
    title = serializers.CharField(source="display_title", read_only=True)
    body = serializers.CharField(source="display_body", read_only=True)
    # No actor on notices the portal sends by itself: null, and published as nullable.
    actor = serializers.SerializerMethodField()
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "link",
            "actor",
            "created",
            "is_read",
            "read_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, notice: Notification) -> str | None:
        return None if notice.actor is None else person_name(notice.actor)


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Your notices, newest first. `?unread=true` lists only the unread ones."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = NotificationFilter

    def get_queryset(self):
        return selectors.notifications_for(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        """Mark this notice read (idempotent)."""
        notice = services.notification_mark_read(notification=self.get_object(), actor=request.user)
        return Response(self.get_serializer(notice).data)

    @extend_schema(
        request=None,
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark all your notices read; `marked` says how many were unread."""
        return Response({"marked": services.notification_mark_all_read(actor=request.user)})
