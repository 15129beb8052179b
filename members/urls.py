from django.urls import path

from members.views import affiliation, contact, directory, institutions, profiles, tokens

app_name = "members"
urlpatterns = [
    path("", directory.index, name="index"),
    path("researchers/", directory.researchers, name="researchers"),
    path("institutions/", institutions.institution_list, name="institutions"),
    path("institutions/<slug:slug>/", institutions.institution_detail, name="institution"),
    path("people/<int:pk>/", profiles.profile_detail, name="profile"),
    path("people/<int:pk>/contact/", contact.contact, name="contact"),
    path("me/", profiles.my_profile, name="my_profile"),
    path("me/edit/", profiles.profile_edit, name="profile_edit"),
    path("me/time-zone/", profiles.time_zone_default, name="time_zone"),
    path("me/affiliation/", affiliation.affiliation, name="affiliation"),
    path("me/api-tokens/", tokens.api_tokens, name="api_tokens"),
    path("me/api-tokens/<str:token_key>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
    path("me/calendar-feed/", tokens.calendar_feed, name="calendar_feed"),
    path("me/calendar-feed/make/", tokens.calendar_feed_make, name="calendar_feed_make"),
    path(
        "me/calendar-feed/new-address/",
        tokens.calendar_feed_regenerate,
        name="calendar_feed_regenerate",
    ),
    path("me/calendar-feed/turn-off/", tokens.calendar_feed_revoke, name="calendar_feed_revoke"),
    path(
        "me/affiliation/<int:pk>/withdraw/",
        affiliation.affiliation_withdraw,
        name="affiliation_withdraw",
    ),
    path("me/affiliation/leave/", affiliation.affiliation_leave, name="affiliation_leave"),
    path("affiliation-requests/", affiliation.affiliation_requests, name="affiliation_requests"),
    path(
        "affiliation-requests/<int:pk>/confirm/",
        affiliation.affiliation_confirm,
        name="affiliation_confirm",
    ),
    path(
        "affiliation-requests/<int:pk>/decline/",
        affiliation.affiliation_decline,
        name="affiliation_decline",
    ),
]
