from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from steering import selectors


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Public: who sits on the steering committee, in which role, until when."""
    return render(
        request,
        "steering/index.html",
        {"seats": selectors.seats_public(), "my_seat": selectors.seat_of(request.user)},
    )
