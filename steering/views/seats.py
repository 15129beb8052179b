"""Staff manage the committee's seats."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from steering import selectors, services
from steering.forms import SeatForm
from steering.models import Seat
from steering.permissions import seat_manager_required
from tpc_portal.audit import audit_of_kind
from tpc_portal.errors import ApplicationError
from tpc_portal.refusals import refuse, refuse_invalid


@seat_manager_required
@require_safe
def seat_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "steering/seat_list.html",
        {"seats": selectors.seats_for_staff(), "entries": audit_of_kind(Seat)[:50]},
    )


@seat_manager_required
@require_http_methods(["GET", "POST"])
def seat_create(request: HttpRequest) -> HttpResponse:
    form = SeatForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not form.is_valid():
        refuse_invalid(request, form)
    elif request.method == "POST":
        try:
            seat = services.seat_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            refuse(request, form, error)
        else:
            messages.success(request, _("%(seat)s has its seat.") % {"seat": seat})
            return redirect("steering:seats")
    return render(
        request,
        "steering/seat_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@seat_manager_required
@require_http_methods(["GET", "POST"])
def seat_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seat = get_object_or_404(Seat.objects.select_related("institution"), pk=pk)
    form = SeatForm(request.POST if request.method == "POST" else None, seat=seat)
    if request.method == "POST" and not form.is_valid():
        refuse_invalid(request, form)
    elif request.method == "POST":
        try:
            services.seat_update(seat=seat, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            refuse(request, form, error)
        else:
            messages.success(request, _("The seat of %(seat)s is saved.") % {"seat": seat})
            return redirect("steering:seats")
    return render(
        request,
        "steering/seat_form.html",
        {"form": form, "seat": seat},
        status=400 if request.method == "POST" else 200,
    )
