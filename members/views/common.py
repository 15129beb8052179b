from django.core.paginator import Page
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from members.pagination import DirectoryPaginator


def paginate(request: HttpRequest, queryset, *, per_page: int) -> Page:
    return DirectoryPaginator(queryset, per_page).get_page(request.GET.get("page"))


def partial_or_page(request: HttpRequest, page: str, partial: str, context: dict):
    """htmx asks for the results alone, except when it restores a page from history."""
    wants_partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, partial if wants_partial else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
