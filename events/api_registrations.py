"""Registrations in the API: `/api/v1/registrations/`, the caller's own (where they stand
for each event: registered, waiting at which position, applied, declined), and
`/api/v1/events/{slug}/registrations/`, everyone on an event's lists with their answers,
for the event's organisers (and secure staff) only: 403 for anyone else who may see the
event, 404 for those who may not.

People are named as the portal names them to others (tpc_portal.people.person_name),
never by their address. Registering and cancelling are events/api.py's.
"""

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from events import selectors
from events.models import Event, Registration
from events.permissions import access_event
from events.serializers import position_of
from tpc_portal.people import person_name

Status = Registration.Status


class RegistrationEventSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")

    class Meta:
        model = Event
        fields = ["url", "slug", "title", "start", "end", "time_zone", "status"]


class MyRegistrationSerializer(serializers.ModelSerializer):
    """One of the caller's registrations: `position` is their place on the waitlist (1
    for the first; null unless waiting)."""

    event = RegistrationEventSerializer(read_only=True)
    position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = ["event", "status", "position", "answers", "created", "checked_in"]
        extra_kwargs = {
            "answers": {"help_text": _("The caller's answers, keyed by the question's id.")},
        }

    def get_position(self, registration: Registration) -> int | None:
        return position_of(registration)


class MyRegistrationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's registrations (not the ones they cancelled), soonest event first."""

    permission_classes = [IsAuthenticated]
    serializer_class = MyRegistrationSerializer

    def get_queryset(self) -> QuerySet[Registration]:
        return selectors.registrations_of(self.request.user)


# --- An event's registrations, for its organisers


def _with_positions(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Each with `status_rank`, its number in order of arrival among those in the same
    state: for the waitlisted, their position (one query for the whole page)."""
    return registrations.annotate(
        status_rank=Window(RowNumber(), partition_by=[F("status")], order_by=F("arrival").asc())
    )


class RegistrantSerializer(serializers.ModelSerializer):
    """Someone on the event's lists, in order of arrival."""

    name = serializers.SerializerMethodField(help_text=_("As the portal names people."))
    institution = serializers.SerializerMethodField(
        help_text=_("Their institution when they registered (what the per-institution cap counts).")
    )
    position = serializers.SerializerMethodField(
        help_text=_("Their place on the waitlist (1 for the first); null unless waiting.")
    )

    class Meta:
        model = Registration
        fields = [
            "id",
            "name",
            "institution",
            "status",
            "position",
            "answers",
            "created",
            "changed",
            "checked_in",
        ]
        extra_kwargs = {
            "answers": {"help_text": _("Keyed by the question's id (see the event's questions).")},
        }

    def get_name(self, registration: Registration) -> str:
        return person_name(registration.user)

    def get_institution(self, registration: Registration) -> str | None:
        institution = registration.institution
        return None if institution is None else institution.name

    def get_position(self, registration: Registration) -> int | None:
        if registration.status != Status.WAITLISTED:
            return None
        return registration.status_rank  # type: ignore[attr-defined]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The event's slug.")
        ]
    )
)
class EventRegistrationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Everyone on the event's lists, in order of arrival, whatever their state, with their
    answers and check-in: for the event's organisers."""

    permission_classes = [IsAuthenticated]
    serializer_class = RegistrantSerializer

    def get_queryset(self) -> QuerySet[Registration]:
        if getattr(self, "swagger_fake_view", False):  # the schema is made without a request
            return Registration.objects.none()
        event = access_event(self.request.user, self.kwargs["slug"], organise=True, related=False)
        return _with_positions(selectors.registrations_for_organisers(event))
