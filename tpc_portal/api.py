"""Shared pieces of the REST API: pagination, filtering, the error shape, the v1 router."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import FilterSet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, routers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tpc_portal.errors import ApplicationError


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class CountedRows:
    """A list's values() rows for the paginator, counted on the queryset they are read
    from: a COUNT over the rows would join, and plan, every table their fields name (five
    for an allocation, which cost more than reading the page), where the count needs only
    the tables the filters name."""

    def __init__(self, rows: QuerySet, counted: QuerySet) -> None:
        self.rows, self.counted = rows, counted

    @property
    def ordered(self) -> bool:
        return self.rows.ordered

    def count(self) -> int:
        return self.counted.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return self.rows[index]


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, without the filter form when the request names none of the
    filters and the filter set adds nothing of its own (no `__init__`, `filter_queryset` or
    `qs` of its own, where a default such as "upcoming ones only" would be): the list is
    then what the form would have left it, and validating an empty form on every
    unfiltered page, which partner sites poll, cost about a millisecond."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if (
            filterset_class is not None
            and not _has_defaults(filterset_class)
            and request.query_params.keys().isdisjoint(filterset_class.base_filters)
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _has_defaults(filterset_class: type[FilterSet]) -> bool:
    return any(
        getattr(filterset_class, name) is not getattr(FilterSet, name)
        for name in ("__init__", "filter_queryset", "qs")
    )


router = routers.DefaultRouter()


def exception_handler(exc, context) -> Response | None:
    """Every API error has one shape: {"message": str, "errors": {field: [str, ...]}}."""
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "errors": exc.errors}, status=400)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"message": _("Invalid input."), "errors": errors}
    else:
        response.data = {"message": str(exc.detail), "errors": {}}
    return response
