from django.urls import URLPattern, path

from projects.views import openings, similar

app_name = "projects"
# The project directory is the area's "index" (portal/areas.py opens the area once it exists).
urlpatterns: list[URLPattern] = [
    # Projects, team and proposals.
    # Similar work and openings. Fixed paths: they go before any "<slug:slug>/" route.
    path("similar/", similar.similar, name="similar"),
    path("opportunities/", openings.openings, name="openings"),
    path("opportunities/subscribe/", openings.openings_subscribe, name="openings_subscribe"),
    path("opportunities/unsubscribe/", openings.openings_unsubscribe, name="openings_unsubscribe"),
    path("opportunities/<int:pk>/", openings.opening, name="opening"),
    path("opportunities/<int:pk>/edit/", openings.opening_edit, name="opening_edit"),
    path("opportunities/<int:pk>/close/", openings.opening_close, name="opening_close"),
    path("<slug:slug>/openings/new/", openings.opening_new, name="opening_new"),
]
