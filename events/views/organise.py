"""The organisers' pages of an event: creating one (confirmed members), editing it with
its questions, publishing it, and the actions of its registrations page (places, closing
registration, a message to everyone, cancelling the event).

Only its organisers (and staff with a second factor) run an event: access_event(...,
organise=True) answers 404 when the event is not visible to the person, 403 when they do
not organise it. Every POST refuses the way every page does (tpc_portal/refusals.py).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from events.forms.events import (
    CancelEventForm,
    CapacityForm,
    EventForm,
    MessageForm,
    questions_formset,
)
from events.forms.registration import ActionForm
from events.models import Event
from events.permissions import access_event, can_create_event
from events.services import events as services
from events.services.registration import CapacityBelowRegistered
from events.views import SignedInRequest
from events.views.events import event_page
from events.views.registrations import registrations_page
from tpc_portal.refusals import perform, refuse_invalid
from tpc_portal.timezones import zone_of


def _form_page(
    request: HttpRequest, form: EventForm, questions: Any, event: Event | None
) -> HttpResponse:
    return render(
        request,
        "events/event_form.html",
        {"form": form, "questions": questions, "event": event},
        status=400 if request.method == "POST" else 200,
    )


def _questions_valid(request: HttpRequest, questions: Any) -> bool:
    """The questions' rows, checked; their errors are beside them and on top of the page."""
    if questions.is_valid():
        return True
    for form in questions.forms:
        refuse_invalid(request, form)
    for message in questions.non_form_errors():
        messages.error(request, message)
    return False


def _asked(questions: Any) -> list[dict[str, Any]]:
    return [row for row in questions.cleaned_data if row and row.get("label")]


@login_required
@require_http_methods(["GET", "POST"])
def new(request: SignedInRequest) -> HttpResponse:
    """A confirmed member creates an event: a draft they organise, published when ready."""
    if not can_create_event(request.user):
        raise PermissionDenied(_("Confirmed members of the consortium organise events."))
    data = request.POST if request.method == "POST" else None
    zone = zone_of(request.user)
    form = EventForm(
        data, initial={"time_zone": str(zone) if zone else "UTC", "registration_opens": None}
    )
    questions = questions_formset(data=data)
    made: list[Event] = []
    done = (
        data is not None
        and _questions_valid(request, questions)
        and perform(
            request,
            form,
            lambda cleaned: made.append(
                services.event_create(
                    actor=request.user, data=form.service_data(), questions=_asked(questions)
                )
            ),
        )
    )
    if done:
        messages.success(request, _("The event is saved as a draft: publish it when it is ready."))
        return redirect("events:event", made[0].slug)
    return _form_page(request, form, questions, None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: SignedInRequest, slug: str) -> HttpResponse:
    """An organiser changes the event and its questions; those registered or waiting are
    told when its time or place changes."""
    event = access_event(request.user, slug, organise=True)
    data = request.POST if request.method == "POST" else None
    form = EventForm(data, event=event)
    questions = questions_formset(event, data)
    done = (
        data is not None
        and _questions_valid(request, questions)
        and perform(
            request,
            form,
            lambda cleaned: services.event_update(
                event=event,
                actor=request.user,
                data=form.service_data(),
                questions=_asked(questions),
            ),
        )
    )
    if done:
        messages.success(request, _("The event is saved."))
        return redirect("events:event", event.slug)
    return _form_page(request, form, questions, event)


@login_required
@require_POST
def publish(request: SignedInRequest, slug: str) -> HttpResponse:
    event = access_event(request.user, slug, organise=True)
    done = perform(
        request,
        ActionForm(request.POST),
        lambda data: services.event_publish(event=event, actor=request.user),
    )
    if not done:
        return event_page(request, event, status=400)
    messages.success(request, _("The event is published: people may now see it and register."))
    return redirect("events:event", event.slug)


@login_required
@require_POST
def capacity(request: SignedInRequest, slug: str) -> HttpResponse:
    """Change the number of places. Raising it moves the waitlist up; lowering it below
    the number registered needs the organiser's confirmation (the box appears then)."""
    event = access_event(request.user, slug, organise=True)
    form = CapacityForm(request.POST)
    lowering: list[bool] = []

    def change(data: dict[str, Any]) -> None:
        try:
            services.event_update(
                event=event,
                actor=request.user,
                data={"capacity": data["capacity"]},
                confirm_capacity=data["confirm"],
            )
        except CapacityBelowRegistered:
            lowering.append(True)
            raise

    if not perform(request, form, change):
        return registrations_page(
            request, event, status=400, capacity_form=form, confirm_lowering=bool(lowering)
        )
    messages.success(request, _("The number of places is changed."))
    return redirect("events:registrations", event.slug)


@login_required
@require_POST
def close(request: SignedInRequest, slug: str) -> HttpResponse:
    """Close registration now; the places taken and the waitlist stay as they are."""
    event = access_event(request.user, slug, organise=True)
    done = perform(
        request,
        ActionForm(request.POST),
        lambda data: services.registration_close(event=event, actor=request.user),
    )
    if not done:
        return registrations_page(request, event, status=400)
    messages.success(request, _("Registration is closed."))
    return redirect("events:registrations", event.slug)


@login_required
@require_POST
def message(request: SignedInRequest, slug: str) -> HttpResponse:
    """Write to everyone holding a place (and, if asked, the waitlist)."""
    event = access_event(request.user, slug, organise=True)
    form = MessageForm(request.POST)
    sent: list[int] = []
    done = perform(
        request,
        form,
        lambda data: sent.append(
            services.event_message(
                event=event, actor=request.user, message=data["message"], waitlist=data["waitlist"]
            )
        ),
    )
    if not done:
        return registrations_page(request, event, status=400, message_form=form)
    messages.success(
        request,
        ngettext(
            "Your message is sent to %(count)s person.",
            "Your message is sent to %(count)s people.",
            sent[0],
        )
        % {"count": sent[0]},
    )
    return redirect("events:registrations", event.slug)


@login_required
@require_POST
def cancel(request: SignedInRequest, slug: str) -> HttpResponse:
    """Cancel the event: everyone registered, waiting or applying is told."""
    event = access_event(request.user, slug, organise=True)
    form = CancelEventForm(request.POST)
    done = perform(
        request,
        form,
        lambda data: services.event_cancel(
            event=event, actor=request.user, message=data["message"]
        ),
    )
    if not done:
        return registrations_page(request, event, status=400, cancel_form=form)
    messages.success(request, _("The event is cancelled, and everyone on its lists is told."))
    return redirect("events:event", event.slug)
