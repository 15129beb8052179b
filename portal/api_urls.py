from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from events import api as events_api
from events import api_registrations as events_registrations_api
from members import api as members_api
from notifications import api as notifications_api
from projects import allocation_api, usage_api
from projects import api as projects_api
from projects import api_openings as projects_openings_api
from projects import api_similar as projects_similar_api
from steering import api as steering_api
from tpc_portal.api import router
from workinggroups import api as workinggroups_api
from workinggroups import meeting_api
from workinggroups import record_api as workinggroups_record_api

router.register("institutions", members_api.InstitutionViewSet, basename="institution")
router.register("researchers", members_api.ResearcherViewSet, basename="researcher")
router.register("expertise-areas", members_api.ExpertiseAreaViewSet, basename="expertise-area")

router.register("notifications", notifications_api.NotificationViewSet, basename="notification")

router.register("cases", steering_api.CaseViewSet, basename="case")
router.register("decisions", steering_api.DecisionViewSet, basename="decision")

router.register("meetings", meeting_api.MeetingViewSet, basename="meeting")
# Working groups: action items (the caller's own) and minutes.
router.register("action-items", workinggroups_record_api.ActionItemViewSet, basename="action-item")
router.register("minutes", workinggroups_record_api.MinutesViewSet, basename="minutes")
router.register("working-groups", workinggroups_api.WorkingGroupViewSet, basename="working-group")
router.register("projects", projects_api.ProjectViewSet, basename="project")
# --- Allocations
router.register("sites", allocation_api.SiteViewSet, basename="site")
router.register("resources", allocation_api.ResourceViewSet, basename="resource")
router.register("allocations", allocation_api.AllocationViewSet, basename="allocation")
# --- Usage: partner sites report usage with their keys; teams read their ledgers.
router.register("usage", usage_api.UsageViewSet, basename="usage")
router.register("openings", projects_openings_api.OpeningViewSet, basename="opening")
# --- Events: the events, registering for one (an action of theirs), the caller's own
# registrations, and an event's registrations for its organisers.
router.register("events", events_api.EventViewSet, basename="event")
router.register(
    r"events/(?P<slug>[^/.]+)/registrations",
    events_registrations_api.EventRegistrationViewSet,
    basename="event-registrations",
)
router.register(
    "registrations", events_registrations_api.MyRegistrationViewSet, basename="registration"
)

urlpatterns = [
    # The schema and its docs describe the API, they hold no data: public on purpose.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
    path("me/", members_api.MeView.as_view(), name="me"),
    # Before the router: projects/{slug}/ would take "similar" for a project's slug.
    path(
        "projects/similar/",
        projects_similar_api.SimilarWorkView.as_view(),
        name="project-similar",
    ),
    path("", include(router.urls)),
]
