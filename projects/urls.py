from django.urls import path

from tpc_portal.views import area_landing

app_name = "projects"
urlpatterns = [
    path("", area_landing("projects"), name="index"),
]
