"""The events API: `/api/v1/events/` and registering for one.

- Everyone lists and reads the published events they may see (events.selectors.
  visible_events: public events for visitors, the rest for confirmed members; a draft
  for its organisers and staff), filtered by events.filters.EventFilter (upcoming unless
  `when=past`), with places left, the waitlist's length and the caller's own status.
- Confirmed members create a draft they organise (POST); its organisers edit it (PATCH),
  publish and cancel it.
- Signed-in people register (or apply) with `POST /events/{slug}/registration/` and
  cancel with DELETE on the same address.

The registrations themselves are in events/api_registrations.py. Thin: every write is a
service of events/services/, every refusal of theirs a 400 in the one error shape.
"""

from collections.abc import Iterable
from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from events import selectors
from events.filters import EventFilter
from events.models import Event
from events.permissions import access_event, can_create_event, is_organiser, organised_by
from events.serializers import (
    CancelSerializer,
    EventDetailSerializer,
    EventSerializer,
    EventWriteSerializer,
    RegistrationRequestSerializer,
    RegistrationResultSerializer,
    ShownTo,
    position_of,
)
from events.services.events import event_cancel, event_create, event_publish, event_update
from events.services.registration import registration_cancel, registration_create
from members.membership import AnyUser
from members.models import User
from tpc_portal.second_factor import is_secure_staff


def _caller(request: Request) -> User:
    """The signed-in caller: every write's permissions let no visitor this far."""
    return cast(User, request.user)


class CanCreateEvent(BasePermission):
    message = _("Events are organised by confirmed members of the consortium.")

    def has_permission(self, request, view) -> bool:
        return bool(can_create_event(request.user))


class IsOrganiser(BasePermission):
    message = _("Only the event's organisers do this.")

    def has_object_permission(self, request, view, obj) -> bool:
        return bool(is_organiser(request.user, obj))


# A domain refusal on an operation without a body (the portal's one error shape; the
# schema hook publishes it as "Error").
REFUSED = OpenApiResponse(
    response={"$ref": "#/components/schemas/Error"},
    description="Refused: `message` says why (a draft already published, an event over, "
    "no registration to cancel).",
)


def shown_to(user: AnyUser, events: Iterable[Event]) -> ShownTo:
    """What the caller may see of these events, in the same few queries whatever their
    number: the events they organise, whether they are secure staff, and their own
    registrations for these."""
    if not user.is_authenticated:
        return ShownTo()
    ids = [event.pk for event in events]
    mine = selectors.registrations_of(user).filter(event_id__in=ids)
    return ShownTo(
        organises=organised_by(user),
        every_event=bool(is_secure_staff(user)),
        mine={registration.event_id: registration for registration in mine},
    )


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Events the caller may see, soonest first (`when=past`: the latest first). Filter by
    `kind`, `format`, `audience` and `group` (a working group's slug). Confirmed members
    create drafts (POST); organisers change (PATCH), publish and cancel them."""

    filterset_class = EventFilter
    lookup_field = "slug"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self) -> list[BasePermission]:
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        if self.action == "create":
            return [IsAuthenticated(), CanCreateEvent()]
        if self.action in ("partial_update", "publish", "cancel"):
            return [IsAuthenticated(), IsOrganiser()]
        return [IsAuthenticated()]

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.with_counts(selectors.visible_events(self.request.user)).prefetch_related(
            "questions",
            Prefetch("organisers", queryset=User.objects.select_related("profile")),
        )

    def filter_queryset(self, queryset: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
        # The filters (upcoming unless asked for the past) choose a list's rows; one event
        # is found by its slug whenever it is.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return EventSerializer if self.action == "list" else EventDetailSerializer

    def _context(self, events: Iterable[Event]) -> dict[str, Any]:
        return {**self.get_serializer_context(), "shown": shown_to(self.request.user, events)}

    def _shown(self, event: Event, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=event.pk)
        body = EventDetailSerializer(fresh, context=self._context([fresh])).data
        return Response(body, status=status_code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(queryset) if page is None else page
        data = EventSerializer(rows, many=True, context=self._context(rows)).data
        return Response(data) if page is None else self.get_paginated_response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._shown(self.get_object())

    @extend_schema(request=EventWriteSerializer, responses={201: EventDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create a draft event, organised by the caller."""
        body = EventWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data.pop("confirm_capacity", None)
        questions = data.pop("questions", ())
        event = event_create(actor=_caller(request), data=data, questions=questions)
        return self._shown(event, status.HTTP_201_CREATED)

    @extend_schema(request=EventWriteSerializer(partial=True), responses=EventDetailSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change what the body names (an organiser). A change of time or place tells
        everyone registered; more places move the waitlist up in order."""
        event = self.get_object()
        body = EventWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        confirm = data.pop("confirm_capacity", False)
        questions = data.pop("questions", None)
        event_update(
            event=event,
            actor=_caller(request),
            data=data,
            questions=questions,
            confirm_capacity=confirm,
        )
        return self._shown(event)

    @extend_schema(request=None, responses={200: EventDetailSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, slug: str) -> Response:
        """Publish a draft: the people it is open to see it and may register."""
        return self._shown(event_publish(event=self.get_object(), actor=_caller(request)))

    @extend_schema(request=CancelSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, slug: str) -> Response:
        """Cancel the event: everyone registered, waiting or applying is told."""
        event = self.get_object()
        body = CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        message = body.validated_data.get("message", "")
        return self._shown(event_cancel(event=event, actor=_caller(request), message=message))

    @extend_schema(
        request=RegistrationRequestSerializer, responses={201: RegistrationResultSerializer}
    )
    @action(detail=True, methods=["post"])
    def registration(self, request: Request, slug: str) -> Response:
        """Register (first come: a place while places last, then the waitlist) or apply
        (applications: the organisers choose)."""
        event = access_event(request.user, slug, related=False)
        body = RegistrationRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        registration = registration_create(
            event=event, actor=_caller(request), answers=body.validated_data.get("answers", {})
        )
        # Two plain values, in the shape RegistrationResultSerializer documents: written as
        # they are, since the serializer would only copy them (0.2 ms of a registration).
        result = {"status": str(registration.status), "position": position_of(registration)}
        return Response(result, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None, 400: REFUSED})
    @registration.mapping.delete
    def registration_delete(self, request: Request, slug: str) -> Response:
        """Give up the place, leave the waitlist or withdraw the application, until the
        event starts. A freed place goes to the next in line."""
        event = access_event(request.user, slug, related=False)
        registration_cancel(event=event, actor=_caller(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
