"""The organisers' view of who comes: the registrations and the waitlist with their
answers (and, for applications, accept / waitlist / decline per person and "decline the
rest"), the CSV export, and the check-in page for the door (a phone: search by name, one
tap per person).

Organisers only (access_event(..., organise=True)): 404 when the event is not visible to
the person, 403 when they do not organise it.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from events import selectors
from events.event_page import places_text
from events.forms.events import CancelEventForm, CapacityForm, MessageForm
from events.forms.registration import (
    ActionForm,
    CheckInForm,
    SearchForm,
    StatusForm,
    answer_text,
)
from events.models import Event, Registration
from events.permissions import access_event
from events.registrations_csv import registration_lines
from events.services import registration as services
from events.views import SignedInRequest
from tpc_portal.errors import ApplicationError
from tpc_portal.people import person_name
from tpc_portal.refusals import perform

Status = Registration.Status


def _with_counts(event: Event) -> Event:
    counted = selectors.with_counts(Event.objects.filter(pk=event.pk)).get()
    event.registered_count = counted.registered_count  # type: ignore[attr-defined]
    event.waitlist_count = counted.waitlist_count  # type: ignore[attr-defined]
    return event


def _listed(event: Event, status: str) -> list[Registration]:
    """The event's registrations in order of arrival (one status, or all but the
    cancelled), each waiting one with its `position` in line."""
    registrations = selectors.registrations_for_organisers(event)
    if status:
        registrations = registrations.filter(status=status)
    else:
        registrations = registrations.exclude(status=Status.CANCELLED)
    listed = list(registrations)
    waiting = 0
    for registration in listed:
        if registration.status == Status.WAITLISTED:
            waiting += 1
            registration.position = waiting  # type: ignore[attr-defined]
    return listed


def _status(request: HttpRequest) -> str:
    form = StatusForm(request.GET)
    return form.cleaned_data["status"] if form.is_valid() else ""


def registrations_page(
    request: HttpRequest,
    event: Event,
    *,
    status: int = 200,
    confirm_lowering: bool = False,
    **forms: Any,
) -> HttpResponse:
    """The registrations page; a refused form comes back in `forms`, with its errors."""
    event = _with_counts(event)
    shown = _status(request)
    questions = list(event.questions.all())
    rows = [
        (registration, [answer_text(q, registration.answers.get(str(q.pk), "")) for q in questions])
        for registration in _listed(event, shown)
    ]
    for registration, _answers in rows:
        registration.name = person_name(registration.user)  # type: ignore[attr-defined]
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "places": places_text(event),
            "rows": rows,
            "questions": questions,
            "status_form": StatusForm(request.GET),
            "shown": shown,
            "applications": event.mode == Event.Mode.APPLICATIONS,
            "applied": sum(1 for r, _a in rows if r.status == Status.APPLIED),
            "open": event.status == Event.Status.PUBLISHED and timezone.now() < event.closes,
            "capacity_form": forms.get("capacity_form")
            or CapacityForm(initial={"capacity": event.capacity}),
            "confirm_lowering": confirm_lowering,
            "message_form": forms.get("message_form") or MessageForm(),
            "cancel_form": forms.get("cancel_form") or CancelEventForm(),
        },
        status=status,
    )


@login_required
@require_safe
def registrations(request: SignedInRequest, slug: str) -> HttpResponse:
    return registrations_page(request, access_event(request.user, slug, organise=True))


def _on_registration(
    request: SignedInRequest,
    slug: str,
    pk: int,
    act: Callable[[Registration], object],
    done_message: str,
) -> HttpResponse:
    """An organiser's answer to one person's application, from the registrations page."""
    event = access_event(request.user, slug, organise=True)
    registration = (
        event.registrations.select_related("event", "user__profile").filter(pk=pk).first()
    )

    def run(data: dict[str, Any]) -> object:
        if registration is None:
            raise ApplicationError(_("This registration is not there any more."))
        return act(registration)

    if not perform(request, ActionForm(request.POST), run):
        return registrations_page(request, event, status=400)
    assert registration is not None  # noqa: S101 - run() refused otherwise
    messages.success(request, done_message % {"person": person_name(registration.user)})
    return redirect("events:registrations", event.slug)


def _decide(request: SignedInRequest, slug: str, pk: int, to: str, done: str) -> HttpResponse:
    return _on_registration(
        request,
        slug,
        pk,
        lambda registration: services.application_decide(
            registration=registration, actor=request.user, to=to
        ),
        done,
    )


@login_required
@require_POST
def accept(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    return _decide(request, slug, pk, Status.REGISTERED, _("%(person)s is accepted."))


@login_required
@require_POST
def waitlist(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    return _decide(request, slug, pk, Status.WAITLISTED, _("%(person)s is on the waitlist."))


@login_required
@require_POST
def decline(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    return _decide(request, slug, pk, Status.DECLINED, _("%(person)s is declined."))


@login_required
@require_POST
def decline_rest(request: SignedInRequest, slug: str) -> HttpResponse:
    """Decline every application still unanswered, in one action."""
    event = access_event(request.user, slug, organise=True)
    declined: list[int] = []
    done = perform(
        request,
        ActionForm(request.POST),
        lambda data: declined.append(
            services.applications_decline_rest(event=event, actor=request.user)
        ),
    )
    if not done:
        return registrations_page(request, event, status=400)
    messages.success(
        request,
        ngettext(
            "%(count)s application is declined.",
            "%(count)s applications are declined.",
            declined[0],
        )
        % {"count": declined[0]},
    )
    return redirect("events:registrations", event.slug)


@login_required
@require_safe
def registrations_csv(request: SignedInRequest, slug: str) -> HttpResponseBase:
    """The registrations as CSV (events/registrations_csv.py); ?status= as on the page."""
    event = access_event(request.user, slug, organise=True)
    form = StatusForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            _("Unknown status."), status=400, content_type="text/plain; charset=utf-8"
        )
    rows = _listed(event, form.cleaned_data["status"])
    response = StreamingHttpResponse(
        registration_lines(event, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
    return response


# --- Check-in ----------------------------------------------------------------------------------


def check_in_page(request: HttpRequest, event: Event, *, status: int = 200) -> HttpResponse:
    search = SearchForm(request.GET if "q" in request.GET else request.POST or None)
    text = search.cleaned_data["q"].strip() if search.is_valid() else ""
    registered = selectors.registrations_for_organisers(event).filter(status=Status.REGISTERED)
    checked_in = registered.filter(checked_in__isnull=False).count()
    total = registered.count()
    if text:
        registered = registered.filter(
            Q(user__profile__display_name__icontains=text) | Q(user__full_name__icontains=text)
        )
    people = list(registered)
    for registration in people:
        registration.name = person_name(registration.user)  # type: ignore[attr-defined]
    people.sort(key=lambda registration: registration.name.casefold())  # type: ignore[attr-defined]
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "people": people,
            "search": search if search.is_bound else SearchForm(),
            "q": text,
            "checked_in": checked_in,
            "total": total,
        },
        status=status,
    )


@login_required
@require_safe
def check_in(request: SignedInRequest, slug: str) -> HttpResponse:
    """The door's page: everyone holding a place, by name, one button each."""
    return check_in_page(request, access_event(request.user, slug, organise=True))


@login_required
@require_POST
def check_in_person(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    """Check one person in; a second tap changes nothing."""
    event = access_event(request.user, slug, organise=True)
    registration = (
        event.registrations.select_related("event", "user__profile").filter(pk=pk).first()
    )
    form = CheckInForm(request.POST)

    def run(data: dict[str, Any]) -> object:
        if registration is None:
            raise ApplicationError(_("This registration is not there any more."))
        return services.check_in(registration=registration, actor=request.user)

    if not perform(request, form, run):
        return check_in_page(request, event, status=400)
    assert registration is not None  # noqa: S101 - run() refused otherwise
    messages.success(
        request, _("%(person)s is checked in.") % {"person": person_name(registration.user)}
    )
    url = reverse("events:check_in", args=[event.slug])
    search = form.cleaned_data.get("q", "").strip()
    return redirect(f"{url}?{urlencode({'q': search})}" if search else url)
