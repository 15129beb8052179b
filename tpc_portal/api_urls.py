from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from members import api as members_api
from tpc_portal.api import router

urlpatterns = [
    # The schema and its docs describe the API, they hold no data: public on purpose.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
    path("me/", members_api.MeView.as_view(), name="me"),
    path("", include(router.urls)),
]
