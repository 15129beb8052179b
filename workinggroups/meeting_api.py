"""The meetings API: `/api/v1/meetings/`, the meetings of the groups the caller may see.

Public, like the group pages: a chartered group's meeting titles, times and agendas are the
consortium's. `location` and `video_link` are null unless the caller is a member of the
meeting's group (or staff): the one rule, workinggroups.permissions.can_see_member_parts,
read here from the caller's roles fetched once per request. Filter by `group` (slug) and
by a `from`/`to` range of start times (aware ISO 8601), the filter set the HTML list uses.
Times are UTC (ISO 8601 with Z); `time_zone` is the organiser's.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from tpc_portal.markdown import render_markdown
from workinggroups.meeting_filters import MeetingFilter
from workinggroups.meeting_selectors import (
    MEETING_ROW,
    MeetingRows,
    groups_listing_meetings,
    meetings_visible_to,
    member_group_ids,
)
from workinggroups.models import Meeting

_MEMBERS_ONLY = _("Null unless the caller is a member of the meeting's group.")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class MeetingSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.slug", help_text=_("The group's slug."))
    start = serializers.DateTimeField(help_text=_("UTC."))
    end = serializers.SerializerMethodField(help_text=_("UTC: the start plus the length."))
    series = serializers.IntegerField(source="series_id", allow_null=True)
    location = serializers.SerializerMethodField(help_text=_MEMBERS_ONLY)
    video_link = serializers.SerializerMethodField(help_text=_MEMBERS_ONLY)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "group",
            "title",
            "start",
            "end",
            "duration_minutes",
            "time_zone",
            "status",
            "series",
            "uid",
            "sequence",
            "agenda",
            "location",
            "video_link",
        ]

    def _member(self, meeting: Meeting) -> bool:
        return bool(self.context.get("all_groups")) or meeting.group_id in self.context["groups"]

    def get_end(self, meeting: Meeting) -> str:
        return _utc(meeting.start + timedelta(minutes=meeting.duration_minutes))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_location(self, meeting: Meeting) -> str | None:
        return meeting.location if self._member(meeting) else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_video_link(self, meeting: Meeting) -> str | None:
        return meeting.video_link if self._member(meeting) else None

    def to_representation(self, meeting: Meeting) -> dict[str, Any]:
        """The fields above, written by meeting_row() (a test holds it to what DRF's own
        walk over the fields answers)."""
        row = {name: getattr(meeting, name) for name in MEETING_ROW}
        return meeting_row(row, meeting.group.slug, self._member(meeting))


def meeting_row(row: dict[str, Any], group: str, member: bool) -> dict[str, Any]:
    """A meeting as the API writes it, from its row (MEETING_ROW's keys), its group's slug and
    whether the reader sees the member-only parts."""
    return {
        "id": row["id"],
        "group": group,
        "title": row["title"],
        "start": _utc(row["start"]),
        "end": _utc(row["start"] + timedelta(minutes=row["duration_minutes"])),
        "duration_minutes": row["duration_minutes"],
        "time_zone": row["time_zone"],
        "status": row["status"],
        "series": row["series_id"],
        "uid": row["uid"],
        "sequence": row["sequence"],
        "agenda": row["agenda"],
        "location": row["location"] if member else None,
        "video_link": row["video_link"] if member else None,
    }


class MeetingDetailSerializer(MeetingSerializer):
    """One meeting: also its agenda as sanitised HTML."""

    agenda_html = serializers.SerializerMethodField(
        help_text=_("The agenda's Markdown rendered to sanitised HTML.")
    )

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda_html"]

    def get_agenda_html(self, meeting: Meeting) -> str:
        return str(render_markdown(meeting.agenda))

    def to_representation(self, meeting: Meeting) -> dict[str, Any]:
        return super().to_representation(meeting) | {"agenda_html": self.get_agenda_html(meeting)}


def _chosen(request: Request) -> dict[str, Any]:
    """The list's filters as chosen (MeetingFilter's: `group`, `from`, `to`), checked by the
    filter set's form; an empty dict when the request names none of them. A 400 with the
    fields' errors for a bad value, as the filter backend answers."""
    if request.query_params.keys().isdisjoint(MeetingFilter.base_filters):
        return {}
    filterset = MeetingFilter(request.query_params, queryset=Meeting.objects.none())
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    return filterset.form.cleaned_data


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings of chartered groups (and of groups the caller belongs to), soonest first.
    Filter by `group` (slug), `from` and `to` (aware ISO 8601 moments: start >= from,
    start < to). Up to 100 per page (`page_size`)."""

    permission_classes = [AllowAny]
    filterset_class = MeetingFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is made without a request
            return Meeting.objects.none()
        return meetings_visible_to(self.request.user)

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def list(self, request, *args, **kwargs) -> Response:
        """The page as plain rows (meeting_row), written as the serializer would. The groups
        the caller may see are read first (a few dozen rows, with their slugs and the
        caller's membership), so that counting and reading the meetings joins nothing."""
        groups = groups_listing_meetings(request.user)
        chosen = _chosen(request)
        if chosen.get("group"):
            groups = {pk: group for pk, group in groups.items() if group.slug == chosen["group"]}
        rows = MeetingRows(groups, start_from=chosen.get("from"), start_before=chosen.get("to"))
        written = []
        for row in self.paginate_queryset(rows):
            group = groups[row["group_id"]]
            written.append(meeting_row(row, group.slug, group.member))
        return self.get_paginated_response(written)

    def get_serializer_context(self) -> dict[str, Any]:
        user = self.request.user
        return super().get_serializer_context() | {
            "groups": member_group_ids(user),
            "all_groups": user.is_authenticated and user.is_staff,
        }
