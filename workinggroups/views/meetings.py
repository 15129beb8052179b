"""Meetings and series: the group's meeting list and each meeting's page (public: titles
and times are the consortium's; the place and video link only for members), and the
leads' forms to schedule, change and cancel, with the fair-time table."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tpc_portal.errors import ApplicationError
from tpc_portal.people import person_name
from tpc_portal.refusals import attempt, refuse
from tpc_portal.timezones import zone_of
from workinggroups import fairness, meeting_selectors
from workinggroups.meeting_filters import MeetingFilter
from workinggroups.meeting_forms import FairTimesForm, MeetingForm, OccurrenceForm, SeriesForm
from workinggroups.models import Meeting, WorkingGroup
from workinggroups.permissions import access_group, can_manage_group, can_see_member_parts
from workinggroups.recurrence import local_moment
from workinggroups.recurrence_words import describe_rule, describe_times
from workinggroups.services import meetings as meeting_services
from workinggroups.services import series as series_services

MEETINGS_PER_PAGE = 25


def _meeting_or_404(group: WorkingGroup, pk: int) -> Meeting:
    meeting = meeting_selectors.meeting_of_group(group, pk)
    if meeting is None:
        raise Http404
    return meeting


# --- Public pages --------------------------------------------------------------------------------


@require_safe
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's upcoming meetings (soonest first) or, with ?when=past, its past ones."""
    group = access_group(request.user, slug)
    past = request.GET.get("when") == "past"
    meetings = (
        meeting_selectors.meetings_past(group)
        if past
        else meeting_selectors.meetings_upcoming(group)
    )
    filters = MeetingFilter(request.GET, queryset=meetings)
    page = Paginator(filters.qs, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workinggroups/meeting_list.html",
        {
            "group": group,
            "page": page,
            "past": past,
            "filters": filters,
            "can_manage": can_manage_group(request.user, group),
        },
    )


@require_safe
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = access_group(request.user, slug)
    meeting = _meeting_or_404(group, pk)
    return _meeting_page(request, group, meeting)


def _meeting_page(
    request: HttpRequest, group: WorkingGroup, meeting: Meeting, *, status: int = 200
) -> HttpResponse:
    series = meeting.series
    now = timezone.now()
    return render(
        request,
        "workinggroups/meeting_detail.html",
        {
            "group": group,
            "meeting": meeting,
            "end": meeting.start + timedelta(minutes=meeting.duration_minutes),
            "series": series,
            "repeats": describe_rule(series.rule) if series else "",
            "series_times": describe_times(series_services.pattern_of(series)) if series else "",
            "organiser": person_name(meeting.created_by),
            "can_manage": can_manage_group(request.user, group),
            "can_see_member_parts": can_see_member_parts(request.user, group),
            "can_change": meeting.status == Meeting.Status.SCHEDULED and meeting.start > now,
        },
        status=status,
    )


# --- The leads' forms ----------------------------------------------------------------------------


def _fair_times(group: WorkingGroup, data: Any) -> dict[str, Any] | None:
    """The fair-time table's context for the form's day, time(s), zone and length."""
    form = FairTimesForm(data)
    chosen = form.moment()
    if chosen is None:
        return None
    day, at, alternate = chosen
    zone, duration = form.cleaned_data["time_zone"], form.cleaned_data["duration_minutes"]
    length = timedelta(minutes=duration)
    zones = meeting_selectors.group_member_zones(group)
    start = local_moment(day, at, zone)
    table: dict[str, Any] = {
        "zone": zone,
        "slots": fairness.candidate_slots(zones, start, length),
        "members": len(zones),
    }
    if alternate is not None and alternate != at:
        other = local_moment(day, alternate, zone)
        table["alternate_slots"] = fairness.candidate_slots(zones, other, length)
        table["rotation"] = fairness.rotation(zones, start, other, length)
    return table


def _form_page(
    request: HttpRequest,
    template: str,
    group: WorkingGroup,
    form: forms.Form,
    *,
    checking: bool,
    **extra: Any,
) -> HttpResponse:
    posted = request.method == "POST"
    fair = _fair_times(group, form.data if posted else form.initial)
    # A refused save, or times to check that are not valid, answer 400.
    status = 400 if posted and (not checking or not form.is_valid()) else 200
    return render(
        request,
        template,
        {"group": group, "form": form, "fair": fair, **extra},
        status=status,
    )


def _lead_zone(request: HttpRequest) -> str:
    zone = zone_of(request.user)
    return str(zone) if zone is not None else "UTC"


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A lead schedules a one-off meeting; "Check times" shows the fair-time table."""
    group = access_group(request.user, slug, manage=True)
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial={"time_zone": _lead_zone(request), "duration_minutes": 60},
    )
    checking = "check" in request.POST
    if request.method == "POST" and not checking:
        done, meeting = attempt(
            request,
            form,
            lambda data: meeting_services.meeting_schedule(
                group=group, actor=request.user, **form.service_values()
            ),
        )
        if done:
            messages.success(request, _("The meeting is scheduled and the members are told."))
            return redirect("workinggroups:meeting", group.slug, meeting.pk)
    return _form_page(request, "workinggroups/meeting_form.html", group, form, checking=checking)


@login_required
@require_http_methods(["GET", "POST"])
def series_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A lead starts a recurring series in a zone of their choice (their own by default)."""
    group = access_group(request.user, slug, manage=True)
    form = SeriesForm(
        request.POST if request.method == "POST" else None,
        initial={"time_zone": _lead_zone(request), "duration_minutes": 60},
    )
    checking = "check" in request.POST
    if request.method == "POST" and not checking:
        done, series = attempt(
            request,
            form,
            lambda data: series_services.series_create(
                group=group, actor=request.user, **form.service_values()
            ),
        )
        if done:
            messages.success(request, _("The series is scheduled and the members are told once."))
            first = series.meetings.order_by("start").first()
            if first is not None:
                return redirect("workinggroups:meeting", group.slug, first.pk)
            return redirect("workinggroups:meetings", group.slug)
    return _form_page(request, "workinggroups/series_form.html", group, form, checking=checking)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A lead changes a meeting; for a meeting of a series: this one, this and the
    following ones, or all."""
    group = access_group(request.user, slug, manage=True)
    meeting = _meeting_or_404(group, pk)
    data = request.POST if request.method == "POST" else None
    in_series = meeting.series_id is not None and meeting.occurrence is not None
    form = (OccurrenceForm if in_series else MeetingForm).for_meeting(meeting, data)
    checking = "check" in request.POST
    if request.method == "POST" and not checking:

        def change(cleaned: dict[str, Any]) -> Meeting:
            if in_series:
                return series_services.series_change(
                    meeting=meeting,
                    actor=request.user,
                    scope=cleaned["scope"],
                    **form.service_values(),
                )
            return meeting_services.meeting_change(
                meeting=meeting, actor=request.user, **form.service_values()
            )

        done, changed = attempt(request, form, change)
        if done:
            messages.success(request, _("The meeting is saved."))
            return redirect("workinggroups:meeting", group.slug, changed.pk)
    return _form_page(
        request,
        "workinggroups/meeting_form.html",
        group,
        form,
        checking=checking,
        meeting=meeting,
    )


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A lead cancels a meeting that has not started; it stays on its date, cancelled."""
    group = access_group(request.user, slug, manage=True)
    meeting = _meeting_or_404(group, pk)
    try:
        meeting_services.meeting_cancel(meeting=meeting, actor=request.user)
    except ApplicationError as error:
        refuse(request, None, error)
        return _meeting_page(request, group, _meeting_or_404(group, pk), status=400)
    messages.success(request, _("The meeting is cancelled and the members are told."))
    return redirect("workinggroups:meeting", group.slug, meeting.pk)


@login_required
@require_safe
def fair_times(request: HttpRequest, slug: str) -> HttpResponse:
    """The fair-time table alone, redrawn by htmx as a lead changes the time in a form."""
    group = access_group(request.user, slug, manage=True)
    return render(
        request,
        "workinggroups/includes/fair_times.html",
        {"group": group, "fair": _fair_times(group, request.GET)},
    )
