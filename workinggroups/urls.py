from django.urls import path

from tpc_portal.views import area_landing

app_name = "workinggroups"
urlpatterns = [
    path("", area_landing("workinggroups"), name="index"),
]
