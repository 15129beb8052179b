"""The portal's URLs, plus stand-ins for the allocation pages another part of issue 13 adds
(the project's allocations, the request form), so that notices' links can be tested before
those pages exist. Where the real pages exist, they come first and win."""

from django.http import HttpResponse
from django.urls import URLResolver, include, path

from portal.urls import urlpatterns as portal_urlpatterns
from projects.urls import urlpatterns as projects_urlpatterns


def _stand_in(request, slug):
    return HttpResponse(slug)


_pages = [
    path("<slug:slug>/allocations/", _stand_in, name="project_allocations"),
    path("<slug:slug>/allocations/request/", _stand_in, name="allocation_request_new"),
]

urlpatterns = [
    path("projects/", include(([*projects_urlpatterns, *_pages], "projects"))),
    *[
        pattern
        for pattern in portal_urlpatterns
        if not (isinstance(pattern, URLResolver) and pattern.namespace == "projects")
    ],
]
