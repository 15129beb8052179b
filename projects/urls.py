from django.urls import URLPattern, path

from projects.views import (
    allocations,
    directory,
    lifecycle,
    openings,
    pages,
    sharing,
    similar,
    site_keys,
    sites,
    team,
)

app_name = "projects"
# The project directory is the area's "index" (portal/areas.py opens the area once it exists).
# Fixed paths come before "<slug:slug>/" (services keep such words out of slugs).
urlpatterns: list[URLPattern] = [
    # --- Allocations: sites (fixed paths, before the projects' <slug:slug>/).
    path("sites/", sites.sites, name="sites"),
    path("sites/<slug:slug>/", sites.site, name="site"),
    # Projects, team and proposals.
    path("", directory.index, name="index"),
    path("new/", pages.new, name="new"),
    # Similar work and openings. Fixed paths: they go before any "<slug:slug>/" route.
    path("similar/", similar.similar, name="similar"),
    path("opportunities/", openings.openings, name="openings"),
    path("opportunities/subscribe/", openings.openings_subscribe, name="openings_subscribe"),
    path("opportunities/unsubscribe/", openings.openings_unsubscribe, name="openings_unsubscribe"),
    path("opportunities/<int:pk>/", openings.opening, name="opening"),
    path("opportunities/<int:pk>/edit/", openings.opening_edit, name="opening_edit"),
    path("opportunities/<int:pk>/close/", openings.opening_close, name="opening_close"),
    path("<slug:slug>/", pages.project, name="project"),
    path("<slug:slug>/edit/", pages.edit, name="edit"),
    path("<slug:slug>/submit/", lifecycle.submit, name="submit"),
    path("<slug:slug>/withdraw/", lifecycle.withdraw, name="withdraw"),
    path("<slug:slug>/complete/", lifecycle.complete, name="complete"),
    path("<slug:slug>/team/", team.team, name="team"),
    path("<slug:slug>/team/invite/", team.invite, name="invite"),
    path("<slug:slug>/team/join/", team.join, name="join"),
    path("<slug:slug>/team/leave/", team.leave, name="leave"),
    path("<slug:slug>/team/<int:pk>/accept/", team.accept, name="accept"),
    path("<slug:slug>/team/<int:pk>/decline/", team.decline, name="decline"),
    path("<slug:slug>/team/<int:pk>/approve/", team.approve, name="approve"),
    path("<slug:slug>/team/<int:pk>/refuse/", team.request_decline, name="request_decline"),
    path("<slug:slug>/team/<int:pk>/remove/", team.remove, name="remove"),
    path("<slug:slug>/team/<int:pk>/role/", team.role, name="role"),
    path("<slug:slug>/shares/add/", sharing.share_add, name="share_add"),
    path("<slug:slug>/shares/<int:pk>/remove/", sharing.share_remove, name="share_remove"),
    path("<slug:slug>/outputs/add/", sharing.output_add, name="output_add"),
    path("<slug:slug>/outputs/<int:pk>/remove/", sharing.output_remove, name="output_remove"),
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
    # --- Usage: partner sites' keys (staff).
    path("sites/<slug:slug>/keys/", site_keys.site_keys, name="site_keys"),
    path(
        "sites/<slug:slug>/keys/<str:prefix>/revoke/",
        site_keys.site_key_revoke_view,
        name="site_key_revoke",
    ),
    path("<slug:slug>/openings/new/", openings.opening_new, name="opening_new"),
]
