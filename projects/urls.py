from django.urls import URLPattern, path

from projects.views import allocations, sites

app_name = "projects"
# The project directory is the area's "index" (portal/areas.py opens the area once it exists).
urlpatterns: list[URLPattern] = [
    # --- Allocations: sites (fixed paths, before the projects' <slug:slug>/).
    path("sites/", sites.sites, name="sites"),
    path("sites/<slug:slug>/", sites.site, name="site"),
    # Projects, team and proposals.
    # Similar work and openings.
    # --- Allocations: a project's machine time (after the projects' <slug:slug>/).
    path("<slug:slug>/allocations/", allocations.project_allocations, name="project_allocations"),
    path(
        "<slug:slug>/allocations/request/",
        allocations.allocation_request_new,
        name="allocation_request_new",
    ),
    path(
        "<slug:slug>/allocations/<int:pk>/ledger.csv",
        allocations.allocation_ledger_csv,
        name="allocation_ledger_csv",
    ),
    path(
        "<slug:slug>/allocations/<int:pk>/suspend/",
        allocations.allocation_suspend,
        name="allocation_suspend",
    ),
    path(
        "<slug:slug>/allocations/<int:pk>/resume/",
        allocations.allocation_resume,
        name="allocation_resume",
    ),
]
