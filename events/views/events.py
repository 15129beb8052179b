"""The events everyone reads: the list (upcoming or past, filtered), an event's page with
the viewer's own registration, registering and withdrawing, and "my registrations".

Each POST view refuses the way every page does (tpc_portal/refusals.py): the page it came
from again, status 400, the reason in the message area and beside the form.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from events import selectors
from events.event_page import event_page_for, places_text
from events.filters import EventFilter
from events.forms.registration import ActionForm, RegisterForm
from events.models import Event, Registration
from events.permissions import access_event, can_create_event
from events.services.registration import registration_cancel, registration_create
from events.views import SignedInRequest
from tpc_portal.refusals import perform
from workinggroups.selectors import groups_public

EVENTS_PER_PAGE = 25


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Public: the upcoming events the viewer may see (past ones by the filter), each with
    its places left or its waitlist."""
    events = selectors.with_counts(selectors.visible_events(request.user)).annotate(
        mine=selectors.is_registered(request.user)
    )
    filterset = EventFilter(request.GET, queryset=events)
    page = Paginator(filterset.qs, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    for event in page:
        event.places = places_text(event)
    return render(
        request,
        "events/event_list.html",
        {
            "page": page,
            "form": filterset.form,
            "past": filterset.form.cleaned_data.get("when") == "past"
            if filterset.form.is_valid()
            else False,
            "groups": groups_public().only("slug", "name"),
            "can_create": can_create_event(request.user),
        },
    )


def event_page(
    request: HttpRequest, event: Event, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The event's page; a refused form comes back in `forms`, with its errors."""
    page = event_page_for(request.user, event, timezone.now())
    return render(
        request,
        "events/event_detail.html",
        {
            "page": page,
            "event": event,
            "register_form": forms.get("register_form") or RegisterForm(event=event),
        },
        status=status,
    )


@require_safe
def event(request: HttpRequest, slug: str) -> HttpResponse:
    """Public for a public event; members for the others; a draft for its organisers."""
    return event_page(request, access_event(request.user, slug))


@login_required
@require_POST
def register(request: SignedInRequest, slug: str) -> HttpResponse:
    """Register (first come: a place or the waitlist) or apply, with the answers."""
    event = access_event(request.user, slug)
    form = RegisterForm(request.POST, event=event)
    made: list[Registration] = []
    done = perform(
        request,
        form,
        lambda data: made.append(
            registration_create(event=event, actor=request.user, answers=form.answers())
        ),
    )
    if not done:
        return event_page(request, event, register_form=form, status=400)
    messages.success(request, _registered_message(made[0]))
    return redirect("events:event", event.slug)


def _registered_message(registration: Registration) -> str:
    if registration.status == Registration.Status.REGISTERED:
        return _("You are registered: your place is held.")
    if registration.status == Registration.Status.WAITLISTED:
        return _("All places are taken: you are on the waitlist, and told if a place frees.")
    return _("Your application is sent: the organisers will answer.")


@login_required
@require_POST
def unregister(request: SignedInRequest, slug: str) -> HttpResponse:
    """Cancel one's place, leave the waitlist or withdraw an application."""
    event = access_event(request.user, slug)
    done = perform(
        request,
        ActionForm(request.POST),
        lambda data: registration_cancel(event=event, actor=request.user),
    )
    if not done:
        return event_page(request, event, status=400)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("events:event", event.slug)


@login_required
@require_safe
def mine(request: SignedInRequest) -> HttpResponse:
    """The viewer's registrations, soonest first, each with its status and, while they
    wait, their place in line."""
    registrations = list(selectors.registrations_of(request.user))
    for registration in registrations:
        if registration.status == Registration.Status.WAITLISTED:
            ahead = getattr(registration, "ahead", None) or 0  # annotated by the selector
            registration.position = ahead + 1  # type: ignore[attr-defined]
    now = timezone.now()
    return render(
        request,
        "events/my_registrations.html",
        {
            "upcoming": [r for r in registrations if r.event.end > now],
            "past": [r for r in registrations if r.event.end <= now],
        },
    )
