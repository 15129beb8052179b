from django.urls import URLPattern, path

from events.views import calendar, events, organise, registrations

app_name = "events"
# The list is the area's "index" (portal/areas.py opens the area once it exists).
urlpatterns: list[URLPattern] = [
    path("", events.index, name="index"),
    # Pages of their own one level under /events/ go above "<slug>/", and their names into
    # services.events.RESERVED_SLUGS, so that no event takes their address.
    path("new/", organise.new, name="new"),
    path("my/", events.mine, name="mine"),
    path("<slug:slug>/", events.event, name="event"),
    path("<slug:slug>/register/", events.register, name="register"),
    path("<slug:slug>/unregister/", events.unregister, name="unregister"),
    path("<slug:slug>/calendar.ics", calendar.event_ics, name="ics"),
    # The organisers' pages.
    path("<slug:slug>/edit/", organise.edit, name="edit"),
    path("<slug:slug>/publish/", organise.publish, name="publish"),
    path("<slug:slug>/capacity/", organise.capacity, name="capacity"),
    path("<slug:slug>/close/", organise.close, name="close"),
    path("<slug:slug>/message/", organise.message, name="message"),
    path("<slug:slug>/cancel/", organise.cancel, name="cancel"),
    path("<slug:slug>/registrations/", registrations.registrations, name="registrations"),
    path(
        "<slug:slug>/registrations.csv", registrations.registrations_csv, name="registrations_csv"
    ),
    path(
        "<slug:slug>/registrations/decline-rest/",
        registrations.decline_rest,
        name="decline_rest",
    ),
    path("<slug:slug>/registrations/<int:pk>/accept/", registrations.accept, name="accept"),
    path("<slug:slug>/registrations/<int:pk>/waitlist/", registrations.waitlist, name="waitlist"),
    path("<slug:slug>/registrations/<int:pk>/decline/", registrations.decline, name="decline"),
    path("<slug:slug>/check-in/", registrations.check_in, name="check_in"),
    path("<slug:slug>/check-in/<int:pk>/", registrations.check_in_person, name="check_in_person"),
]
