from django.urls import path

from tpc_portal.views import area_landing

app_name = "steering"
urlpatterns = [
    path("", area_landing("steering"), name="index"),
]
