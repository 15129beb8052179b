from django.urls import URLPattern, path

from workinggroups.views import meetings

app_name = "workinggroups"
# The group list is the area's "index" (portal/areas.py opens the area once it exists).
urlpatterns: list[URLPattern] = [
    # Groups, membership and leads.
    # Meetings and series.
    path("<slug:slug>/meetings/", meetings.meeting_list, name="meetings"),
    path("<slug:slug>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("<slug:slug>/meetings/fair-times/", meetings.fair_times, name="meeting_fair_times"),
    path("<slug:slug>/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("<slug:slug>/meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("<slug:slug>/meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("<slug:slug>/series/new/", meetings.series_new, name="series_new"),
    # Minutes, attendance, action items and documents.
]
