from django.urls import path

from tpc_portal.views import area_landing

app_name = "events"
urlpatterns = [
    path("", area_landing("events"), name="index"),
]
