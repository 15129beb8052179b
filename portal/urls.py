from django.contrib import admin
from django.urls import include, path

from portal import views
from tpc_portal import connected_accounts, feeds, second_factor

urlpatterns = [
    # First: partner sites and scripts call the API many times a second, and Django tries
    # the patterns in order (every one before the match fails with an exception).
    path("api/v1/", include(("portal.api_urls", "api"), namespace="api")),
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("directory/", include("members.urls")),
    path("groups/", include("workinggroups.urls")),
    path("projects/", include("projects.urls")),
    path("events/", include("events.urls")),
    path("committee/", include("steering.urls")),
    path("inbox/", include("notifications.urls")),
    # A person's private calendar feed: the secret token in the address is the authority.
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
    # allauth's own views at their own addresses, wrapped so that setting up a second
    # factor returns to the page that asked for it.
    path("accounts/2fa/totp/activate/", second_factor.totp_activate, name="mfa_activate_totp"),
    path(
        "accounts/2fa/recovery-codes/",
        second_factor.recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path("accounts/3rdparty/", connected_accounts.connections, name="socialaccount_connections"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Errors in the portal's layout, or as JSON under /api/.
handler400 = "tpc_portal.error_views.bad_request"
handler403 = "tpc_portal.error_views.permission_denied"
handler404 = "tpc_portal.error_views.page_not_found"
handler500 = "tpc_portal.error_views.server_error"
