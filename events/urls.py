from django.urls import URLPattern

app_name = "events"
# Empty until the app's pages are built: its area opens (in the navigation and on the home
# page) once a route named "index" appears here. See portal/areas.py.
urlpatterns: list[URLPattern] = []
