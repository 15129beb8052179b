"""A meeting's agenda and record: minutes (their revisions and diffs), attendance and
the action items it carries. Members only; leads write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tpc_portal.errors import ApplicationError
from tpc_portal.refusals import perform, refuse
from workinggroups import selectors
from workinggroups.diffs import line_diff
from workinggroups.models import Meeting, Minutes
from workinggroups.permissions import access_meeting_record, can_read_minutes, can_write_minutes
from workinggroups.record_forms import AttendanceForm, MinutesForm
from workinggroups.services.minutes import (
    StaleRevision,
    attendance_record,
    minutes_approve,
    minutes_publish,
    minutes_save,
)
from workinggroups.services.record_common import local_today


def _record_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    attendance_form: AttendanceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    record = selectors.meeting_record(request.user, meeting)
    can_write = can_write_minutes(request.user, meeting.group_id)
    if can_write and attendance_form is None:
        attendance_form = AttendanceForm(
            people=record.members, initial={"present": [p.pk for p in record.present]}
        )
    return render(
        request,
        "workinggroups/record.html",
        {
            "group": meeting.group,
            "meeting": meeting,
            "record": record,
            "can_write": can_write,
            "attendance_form": attendance_form if can_write else None,
            "today": local_today(request.user),
        },
        status=status,
    )


@login_required
@require_safe
def record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The meeting's agenda and record, for the group's members."""
    return _record_page(request, access_meeting_record(request.user, slug, pk))


def _minutes_of(request: HttpRequest, meeting: Meeting) -> Minutes:
    """The meeting's minutes if the person may read them (404 otherwise)."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise Http404
    minutes.meeting = meeting
    if not can_read_minutes(request.user, minutes):
        raise Http404
    return minutes


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Write the minutes. A save from a revision that is no longer the newest comes back
    (409) with the newest text and what differs from it, the writer's text kept."""
    meeting = access_meeting_record(request.user, slug, pk)
    if not can_write_minutes(request.user, meeting.group_id):
        raise PermissionDenied
    minutes = Minutes.objects.filter(meeting=meeting).first()
    current = {
        "text": minutes.text if minutes else "",
        "base_revision": minutes.revision if minutes else 0,
    }
    form = MinutesForm(request.POST if request.method == "POST" else None, initial=current)
    stale: StaleRevision | None = None
    if request.method == "POST" and form.is_valid():
        try:
            minutes_save(
                actor=request.user,
                meeting=meeting,
                text=form.cleaned_data["text"],
                base_revision=form.cleaned_data["base_revision"],
            )
        except StaleRevision as error:
            stale = error
            messages.error(request, error.message)
            # Saving again from here is a choice made with the newest text in view.
            form = MinutesForm({"text": form.cleaned_data["text"], "base_revision": error.revision})
        except ApplicationError as error:
            refuse(request, form, error)
        else:
            messages.success(request, _("The minutes are saved."))
            return redirect("workinggroups:minutes", meeting.group.slug, meeting.pk)
    status = 409 if stale else (400 if request.method == "POST" else 200)
    return render(
        request,
        "workinggroups/minutes_edit.html",
        {
            "group": meeting.group,
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "stale": stale,
            "diff": line_diff(stale.text, form.data["text"]) if stale else None,
        },
        status=status,
    )


@login_required
@require_safe
def minutes_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every revision of the minutes, for those who may read them."""
    meeting = access_meeting_record(request.user, slug, pk)
    minutes = _minutes_of(request, meeting)
    return render(
        request,
        "workinggroups/minutes_history.html",
        {
            "group": meeting.group,
            "meeting": meeting,
            "minutes": minutes,
            "revisions": selectors.minutes_revisions(minutes),
        },
    )


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


@login_required
@require_safe
def minutes_diff(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """What changed between two revisions (?from=1&to=3; by default the newest against the
    one before it)."""
    meeting = access_meeting_record(request.user, slug, pk)
    minutes = _minutes_of(request, meeting)
    new = _number(request.GET.get("to"), minutes.revision)
    old = _number(request.GET.get("from"), new - 1)
    texts = dict(minutes.revisions.filter(number__in=[old, new]).values_list("number", "text"))
    if new not in texts or (old not in texts and old != 0):
        raise Http404
    return render(
        request,
        "workinggroups/minutes_diff.html",
        {
            "group": meeting.group,
            "meeting": meeting,
            "minutes": minutes,
            "old": old,
            "new": new,
            "diff": line_diff(texts.get(old, ""), texts[new]),
        },
    )


def _minutes_step(request: HttpRequest, slug: str, pk: int, step, done: str) -> HttpResponse:
    meeting = access_meeting_record(request.user, slug, pk)
    if not can_write_minutes(request.user, meeting.group_id):
        raise PermissionDenied
    try:
        step(actor=request.user, meeting=meeting)
    except ApplicationError as error:
        refuse(request, None, error)
        return _record_page(request, meeting, status=400)
    messages.success(request, done)
    return redirect("workinggroups:minutes", meeting.group.slug, meeting.pk)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _minutes_step(
        request, slug, pk, minutes_publish, _("The minutes are published to the members.")
    )


@login_required
@require_POST
def approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _minutes_step(
        request, slug, pk, minutes_approve, _("The minutes are approved and now final.")
    )


@login_required
@require_POST
def attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A lead records who was at the meeting."""
    meeting = access_meeting_record(request.user, slug, pk)
    if not can_write_minutes(request.user, meeting.group_id):
        raise PermissionDenied
    record = selectors.meeting_record(request.user, meeting)
    form = AttendanceForm(request.POST, people=record.members)
    done = perform(
        request,
        form,
        lambda data: attendance_record(
            actor=request.user, meeting=meeting, present=data["present"]
        ),
    )
    if not done:
        return _record_page(request, meeting, attendance_form=form, status=400)
    messages.success(request, _("Attendance is recorded."))
    return redirect("workinggroups:minutes", meeting.group.slug, meeting.pk)
