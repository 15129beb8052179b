from django.urls import path

from events.views import calendar

app_name = "events"
# The app's pages come with their own routes here; its area opens (in the navigation and on
# the home page) once a route named "index" appears. See portal/areas.py.
urlpatterns = [
    path("<slug:slug>/calendar.ics", calendar.event_ics, name="ics"),
]
