from django.urls import URLPattern, path  # noqa: F401

app_name = "workinggroups"
# The group list is the area's "index" (portal/areas.py opens the area once it exists).
urlpatterns: list[URLPattern] = [
    # Groups, membership and leads.
    # Meetings and series.
    # Minutes, attendance, action items and documents.
]
