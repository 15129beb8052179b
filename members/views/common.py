from django.core.paginator import Page
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from members.pagination import DirectoryPaginator
from tpc_portal.errors import ApplicationError


def paginate(request: HttpRequest, queryset, *, per_page: int) -> Page:
    return DirectoryPaginator(queryset, per_page).get_page(request.GET.get("page"))


def partial_or_page(request: HttpRequest, page: str, partial: str, context: dict):
    """htmx asks for the results alone, except when it restores a page from history."""
    wants_partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, partial if wants_partial else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def show_error(form, error: ApplicationError) -> None:
    """A domain error beside the form: on its fields where named, otherwise on top."""
    fields = {name: messages for name, messages in error.errors.items() if name in form.fields}
    for name, messages in fields.items():
        for message in messages:
            form.add_error(name, message)
    if not fields:
        form.add_error(None, error.message)
