"""How every action on a page says why it was refused: one way, used by every POST view of
every app (steering's committee pages, the working groups' pages).

A refused action re-renders the page it came from (status 400) with its form, the input
kept and the errors beside the fields, and states the reason in the page's message area at
the top. The reason shows even where the form is not on the page (a case that moved on in
the meantime: withdrawn, decided, its vote closed; a request to join that another lead
decided), which is why it goes to the message area and not only onto the form.

Part of the base: it imports no app.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from tpc_portal.errors import ApplicationError, show_error


def refuse(request: HttpRequest, form: forms.BaseForm | None, error: ApplicationError) -> None:
    """A domain refusal: its fields' errors on the form, its reason on the page."""
    if form is not None:
        show_error(form, error)
    messages.error(request, error.message)


def refuse_invalid(request: HttpRequest, form: forms.BaseForm) -> None:
    """Input the form refused: each error, named by its field, on the page."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for message in map(str, errors):
            if field is None or not field.label:
                messages.error(request, message)
            else:
                messages.error(request, f"{field.label}: {message}")


def attempt(
    request: HttpRequest, form: forms.BaseForm, act: Callable[[dict[str, Any]], Any]
) -> tuple[bool, Any]:
    """Validate the form and run `act` with its cleaned data: (True, what it returned) when
    it was done; otherwise (False, None), and the refusal (invalid input or the service's
    reason) is on the page."""
    if not form.is_valid():
        refuse_invalid(request, form)
        return False, None
    try:
        return True, act(form.cleaned_data)
    except ApplicationError as error:
        refuse(request, form, error)
        return False, None


def perform(
    request: HttpRequest, form: forms.BaseForm, act: Callable[[dict[str, Any]], object]
) -> bool:
    """As attempt(), when only whether it was done matters."""
    return attempt(request, form, act)[0]
