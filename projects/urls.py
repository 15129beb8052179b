from django.urls import URLPattern, path  # noqa: F401

app_name = "projects"
# The project directory is the area's "index" (portal/areas.py opens the area once it exists).
urlpatterns: list[URLPattern] = [
    # Projects, team and proposals.
    # Similar work and openings.
]
