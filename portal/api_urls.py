from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from members import api as members_api
from notifications import api as notifications_api
from projects import usage_api
from steering import api as steering_api
from tpc_portal.api import router

router.register("institutions", members_api.InstitutionViewSet, basename="institution")
router.register("researchers", members_api.ResearcherViewSet, basename="researcher")
router.register("expertise-areas", members_api.ExpertiseAreaViewSet, basename="expertise-area")

router.register("notifications", notifications_api.NotificationViewSet, basename="notification")

router.register("cases", steering_api.CaseViewSet, basename="case")
router.register("decisions", steering_api.DecisionViewSet, basename="decision")

# --- Usage: partner sites report usage with their keys; teams read their ledgers.
router.register("usage", usage_api.UsageViewSet, basename="usage")

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
