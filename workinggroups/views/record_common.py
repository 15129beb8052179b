"""How the record's pages (minutes, attendance, action items, documents) say why an action
was refused: the reason in the page's message area and on the form's fields. The same
way as steering's (steering/views/refusals.py), which an app may not import."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from tpc_portal.errors import ApplicationError, show_error


def refuse(request: HttpRequest, form: forms.Form | None, error: ApplicationError) -> None:
    if form is not None:
        show_error(form, error)
    messages.error(request, error.message)


def perform(
    request: HttpRequest, form: forms.Form, act: Callable[[dict[str, Any]], object]
) -> bool:
    """Validate the form and run `act` with its cleaned data: True when it was done;
    otherwise False, with the form's errors or the service's reason shown."""
    if not form.is_valid():
        return False
    try:
        act(form.cleaned_data)
    except ApplicationError as error:
        refuse(request, form, error)
        return False
    return True
