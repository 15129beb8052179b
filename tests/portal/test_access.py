"""Every route makes a decision about who may use it.

The walk below visits every URL pattern of the project with every method as an anonymous
visitor. A route must either be on PUBLIC (deliberately open to visitors) or refuse them:
a redirect to log in, 401 or 403. Adding a route to PUBLIC is a decision to review.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

METHODS = ["get", "post", "put", "patch", "delete"]

# Route names (namespace:name) open to anonymous visitors, and why.
PUBLIC = {
    # Public pages of the consortium.
    "home",
    "healthz",
    "steering:index",
    "set_language",
    # The public directory of member institutions, each institution's page (its people
    # who chose public profiles), and a researcher's page (public profiles only; a visitor
    # asking for any other is sent to log in), with the API's institutions and taxonomy.
    "members:institutions",
    "members:institution",
    "members:profile",
    # The researcher directory and its search: a visitor sees the profiles their owners
    # made public (researcher_directory), with the same facets as members; the API's
    # researchers endpoint stays closed to visitors.
    "members:index",
    "members:researchers",
    "api:institution-list",
    "api:institution-detail",
    "api:expertise-area-list",
    "api:expertise-area-detail",
    # A chartered group's meetings, their titles, times and agendas, are public like the
    # group's page (issue 11, item 1); the place and the video link only reach members
    # (workinggroups.permissions.can_see_member_parts). The API's meetings list likewise.
    "workinggroups:meetings",
    "workinggroups:meeting",
    "api:meeting-list",
    "api:meeting-detail",
    # Working groups: the list of chartered groups and a group's page (its mission, areas,
    # leads, member count and the next meetings' titles and times; the member list and the
    # leads' parts are left out for anyone outside the group, and a proposed group's page
    # is its proposer's and staff's: 404 for everyone else), with the API's list and detail
    # (members' names only to the group's members). Joining, leaving and the leads' pages
    # need an account.
    "workinggroups:index",
    "workinggroups:group",
    "api:working-group-list",
    "api:working-group-detail",
    # The project directory and a project's page: visitors see active and completed
    # projects' public fields (selectors.projects_visible_to); a draft or a proposal is a
    # 404 outside its team. The API's list and detail show the same; creating (POST) and
    # editing (PATCH) need a confirmed member and the project's PI or co-PI.
    "projects:index",
    "projects:project",
    "api:project-list",
    "api:project-detail",
    # Opportunities: openings of active projects, like the projects themselves, are for
    # everyone to find (students outside the consortium above all); page and API alike.
    # Posting, changing, closing and subscribing need an account and the right role.
    "projects:openings",
    "projects:opening",
    "api:opening-list",
    "api:opening-detail",
    # One-click unsubscribe from e-mail (RFC 8058): the signed token in the link is the
    # authority, so it works without logging in; a forged or altered token gets 400.
    "notifications:unsubscribe",
    # A working group's documents: the public ones are for everyone (white papers and
    # reports); members-only ones are listed and served to the group's members only (a
    # visitor asking for such a file is sent to log in).
    "workinggroups:documents",
    "workinggroups:document_file",
    # The API's description; it holds no data.
    "api:schema",
    "api:docs",
    # Entrance: signing up, logging in, verifying and resetting need no account.
    "account_login",
    "account_signup",
    "account_logout",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_inactive",
    "account_confirm_login_code",
    "account_reauthenticate",
    "mfa_authenticate",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
    "admin:login",
    "admin:logout",
    # allauth also serves its social-account pages under an older, unnamed prefix.
    "/accounts/social/login/cancelled/",
    "/accounts/social/login/error/",
    "/accounts/social/signup/",
    "/accounts/social/connections/",  # a permanent redirect to the guarded /accounts/3rdparty/
    # The calendar file of a meeting or a series of a chartered group, which is public: the
    # location and the video link are left out for everyone but the group's members
    # (access_group; a proposed group's answer 404 to visitors).
    "workinggroups:meeting_ics",
    "workinggroups:series_ics",
    # A person's private calendar feed, read by calendar programs that have no session: the
    # secret token is the authority (an unknown, replaced or revoked one answers 404).
    "calendar_feed",
    # --- Events
    # The list of events and an event's page: a public event is for everyone, the others
    # for confirmed members (a draft for its organisers: 404 to everyone else), as
    # events.permissions.can_view_event decides; the online link only reaches the people
    # holding a place, and the answers only the organisers. Its calendar file likewise
    # (the online link in it only for them too). Registering and every organiser's page
    # need an account.
    "events:index",
    "events:event",
    "events:ics",
    # --- Allocations
    # Computing sites and their resources are public facts of the consortium: the site list,
    # a site's page (its resources, and what is granted per period in total, never per
    # project), and the same in the API (a project's allocations stay with its team).
    "projects:sites",
    "projects:site",
    "api:site-list",
    "api:site-detail",
    "api:resource-list",
    "api:resource-detail",
    # --- Events: public events are for everyone (DESIGN: visitors read them), the others
    # for confirmed members (events.selectors.visible_events); the online link only reaches
    # the organisers and those holding a place. Creating, editing, registering, the
    # caller's registrations and an event's registrations need an account.
    "api:event-list",
    "api:event-detail",
}

SAMPLE_ARGUMENTS = {
    "int": "1",
    "slug": "sample",
    "str": "sample",
    "uuid": "0" * 32,
    "path": "x",
    "drf_format_suffix": ".json",
}


def _routes(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            space = namespace
            if pattern.namespace:
                space = f"{namespace}{pattern.namespace}:"
            yield from _routes(pattern, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern):
            yield (
                f"{namespace}{pattern.name}" if pattern.name else None,
                prefix + str(pattern.pattern),
                pattern,
            )


def _concrete(route: str) -> str:

    # DRF's format-suffix routes (`\.(?P<format>[a-z0-9]+)`) need a format it can render.
    path = re.sub(r"\(\?P<format>[^)]*\)", "json", route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "sample", path)
    path = re.sub(
        r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGUMENTS.get(m.group(1) or "str", "sample"), path
    )
    path = path.replace("^", "").replace("$", "").replace("\\", "").replace("?", "")
    path = re.sub(r"\.\*|\[[^\]]*\][+*]?", "sample", path)
    return "/" + path


# Named routes are known by name; the few unnamed ones by their path.
ROUTES = sorted({(name or _concrete(route), _concrete(route)) for name, route, _ in _routes()})
GUARDED = [(name, url) for name, url in ROUTES if name not in PUBLIC]


def test_every_public_name_still_exists():
    names = {name for name, _ in ROUTES}
    assert sorted(PUBLIC - names) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), GUARDED)
def test_anonymous_visitor_is_refused(client, name, url):
    for method in METHODS:
        response = getattr(client, method)(url)
        refused = response.status_code in {401, 403} or (
            response.status_code == 302 and reverse("account_login") in response["Location"]
        )
        if response.status_code == 302 and reverse("admin:login") in response["Location"]:
            refused = True
        assert refused, f"{method.upper()} {url} ({name}) answered {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), [r for r in ROUTES if r[0] in PUBLIC])
def test_public_html_pages_carry_the_content_security_policy(client, name, url):
    response = client.get(url)
    if response.get("Content-Type", "").startswith("text/html") and response.status_code == 200:
        assert "default-src 'self'" in response["Content-Security-Policy"]
