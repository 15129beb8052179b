from django.urls import URLPattern, path

from workinggroups.views import groups

app_name = "workinggroups"
# The group list is the area's "index" (portal/areas.py opens the area once it exists).
urlpatterns: list[URLPattern] = [
    # Groups, membership and leads.
    path("", groups.index, name="index"),
    path("propose/", groups.propose, name="propose"),
    # A page of its own one level under /groups/ goes above this line, or "<slug>/" takes
    # its address; its name goes into services.groups.RESERVED_SLUGS, so no group takes it.
    path("<slug:slug>/", groups.group, name="group"),
    path("<slug:slug>/edit/", groups.edit, name="edit"),
    path("<slug:slug>/close/", groups.close, name="close"),
    path("<slug:slug>/join/", groups.join, name="join"),
    path("<slug:slug>/leave/", groups.leave, name="leave"),
    path("<slug:slug>/members/", groups.members, name="members"),
    path("<slug:slug>/members/<int:pk>/approve/", groups.approve, name="approve"),
    path("<slug:slug>/members/<int:pk>/decline/", groups.decline, name="decline"),
    path("<slug:slug>/members/<int:pk>/remove/", groups.remove, name="remove"),
    path("<slug:slug>/members/<int:pk>/lead/", groups.lead_add, name="lead_add"),
    path("<slug:slug>/members/<int:pk>/unlead/", groups.lead_remove, name="lead_remove"),
    # Meetings and series.
    # Minutes, attendance, action items and documents.
]
