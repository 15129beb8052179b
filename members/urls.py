from django.urls import path

from tpc_portal.views import area_landing

app_name = "members"
urlpatterns = [
    path("", area_landing("members"), name="index"),
]
