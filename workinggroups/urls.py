from django.urls import URLPattern, path

from workinggroups.views import calendars

app_name = "workinggroups"
# The group list is the area's "index" (portal/areas.py opens the area once it exists).
urlpatterns: list[URLPattern] = [
    # Groups, membership and leads.
    # Meetings and series.
    # Minutes, attendance, action items and documents.
    # Calendar files (.ics) of a meeting and of a series.
    path("<slug:slug>/meetings/<int:pk>/calendar.ics", calendars.meeting_ics, name="meeting_ics"),
    path("<slug:slug>/series/<int:pk>/calendar.ics", calendars.series_ics, name="series_ics"),
]
