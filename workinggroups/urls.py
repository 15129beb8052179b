from django.urls import URLPattern, path

from workinggroups.views import actions, calendars, documents, groups, meetings, minutes

app_name = "workinggroups"
# The group list is the area's "index" (portal/areas.py opens the area once it exists).
urlpatterns: list[URLPattern] = [
    # Fixed paths first: a group's `<slug>/` route below would take "action-items" for a
    # group's short name.
    path("action-items/", actions.mine, name="action_items_mine"),
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
    path("<slug:slug>/meetings/", meetings.meeting_list, name="meetings"),
    path("<slug:slug>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("<slug:slug>/meetings/fair-times/", meetings.fair_times, name="meeting_fair_times"),
    path("<slug:slug>/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("<slug:slug>/meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("<slug:slug>/meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("<slug:slug>/series/new/", meetings.series_new, name="series_new"),
    # Minutes, attendance, action items and documents.
    path("<slug:slug>/meetings/<int:pk>/record/", minutes.record, name="minutes"),
    path(
        "<slug:slug>/meetings/<int:pk>/record/minutes/",
        minutes.minutes_edit,
        name="minutes_edit",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/record/minutes/history/",
        minutes.minutes_history,
        name="minutes_history",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/record/minutes/diff/",
        minutes.minutes_diff,
        name="minutes_diff",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/record/minutes/publish/",
        minutes.publish,
        name="minutes_publish",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/record/minutes/approve/",
        minutes.approve,
        name="minutes_approve",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/record/attendance/",
        minutes.attendance,
        name="attendance",
    ),
    path("<slug:slug>/action-items/new/", actions.new, name="action_item_new"),
    path("<slug:slug>/action-items/<int:pk>/", actions.edit, name="action_item_edit"),
    path("<slug:slug>/action-items/<int:pk>/done/", actions.done, name="action_item_done"),
    path("<slug:slug>/action-items/<int:pk>/reopen/", actions.reopen, name="action_item_reopen"),
    path("<slug:slug>/documents/", documents.documents, name="documents"),
    path("<slug:slug>/documents/new/", documents.new, name="document_new"),
    path("<slug:slug>/documents/<int:pk>/file", documents.document_file, name="document_file"),
    path("<slug:slug>/documents/<int:pk>/remove/", documents.remove, name="document_remove"),
    # Calendar files (.ics) of a meeting and of a series.
    path("<slug:slug>/meetings/<int:pk>/calendar.ics", calendars.meeting_ics, name="meeting_ics"),
    path("<slug:slug>/series/<int:pk>/calendar.ics", calendars.series_ics, name="series_ics"),
]
