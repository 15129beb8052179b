"""The portal's URLs plus views that fail in each way, for tests/portal/test_error_pages.py.

The error handlers are read from the root URLconf, so this one carries the portal's own.
"""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500, urlpatterns


def _refused(request):
    raise PermissionDenied("Only the chair of the committee may do this.")


def _refused_without_reason(request):
    raise PermissionDenied


def _suspicious(request):
    raise SuspiciousOperation("the request smells")


def _broken(request):
    raise RuntimeError("a bug")


def _form(request):
    return HttpResponse("accepted")


FAILING = [
    ("refused/", _refused),
    ("refused-quietly/", _refused_without_reason),
    ("suspicious/", _suspicious),
    ("broken/", _broken),
    ("form/", _form),
]

urlpatterns = [
    *(path(f"test-errors/{route}", view) for route, view in FAILING),
    *(path(f"api/v1/test-errors/{route}", view) for route, view in FAILING),
    *urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
