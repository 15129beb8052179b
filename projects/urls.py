from django.urls import URLPattern, path

from projects.views import site_keys

app_name = "projects"
# The project directory is the area's "index" (portal/areas.py opens the area once it exists).
urlpatterns: list[URLPattern] = [
    # Projects, team and proposals.
    # Similar work and openings.
    # --- Usage: partner sites' keys (staff).
    path("sites/<slug:slug>/keys/", site_keys.site_keys, name="site_keys"),
    path(
        "sites/<slug:slug>/keys/<str:prefix>/revoke/",
        site_keys.site_key_revoke_view,
        name="site_key_revoke",
    ),
]
