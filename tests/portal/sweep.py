"""Every page and API endpoint of the project as concrete URLs, for the sweeps that fetch
them all as one person after another (tests/portal/test_emptiest_user.py,
tests/portal/test_hidden_address.py).

The URLconf is walked as tests/portal/test_access.py does; a route that needs an object
gets one URL per object of its kind in `Objects`, so that the sweep reaches the pages of
the people and cases the test built.
"""

import fnmatch
import re
from dataclasses import dataclass, field

from django.apps import apps

from tests.portal.test_access import _routes

# Routes that cannot be fetched meaningfully with a GET by path alone.
SKIPPED = {
    r"admin/(?P<url>.*)$",  # the admin's catch-all: every path under /admin/ is a 404 or a redirect
}

# Which objects fill a route's id or slug, by the route's beginning (first match wins).
ID_KINDS = [
    ("directory/people/", "profile"),
    ("directory/affiliation-requests/", "affiliation_request"),
    ("directory/me/affiliation/", "affiliation_request"),
    ("committee/proposals/", "case"),
    ("committee/cases/", "case"),
    ("committee/seats/", "seat"),
    ("inbox/", "notification"),
    ("projects/opportunities/", "opening"),
    ("api/v1/^researchers/", "profile"),
    ("api/v1/^notifications/", "notification"),
    ("api/v1/^cases/", "case"),
    ("api/v1/^decisions/", "decision"),
    ("groups/<slug:slug>/meetings/", "meeting"),
    ("api/v1/^meetings/", "meeting"),
    # Working groups' record: the group's slug is filled first, hence the "*" (fnmatch).
    ("groups/*/meetings/", "meeting"),
    ("groups/*/action-items/", "action_item"),
    ("groups/*/documents/", "document"),
    ("api/v1/^action-items/", "action_item"),
    ("api/v1/^minutes/", "minutes"),
    ("projects/<slug:slug>/shares/", "share"),
    ("projects/<slug:slug>/outputs/", "output"),
    ("projects/<slug:slug>/team/", "team_place"),
    # --- Allocations
    ("api/v1/^resources/", "resource"),
    ("api/v1/^allocations/", "allocation"),
    ("api/v1/^openings/", "opening"),
    # --- Events: an organiser's pages of one person's registration.
    ("events/<slug:slug>/registrations/", "registration"),
    ("events/<slug:slug>/check-in/", "registration"),
]
SLUG_KINDS = [
    ("directory/institutions/", "institution"),
    ("api/v1/^institutions/", "institution"),
    ("api/v1/^expertise-areas/", "area"),
    ("groups/", "group"),
    ("api/v1/^working-groups/", "group"),
    ("projects/", "project"),
    ("api/v1/^projects/", "project"),
    # --- Allocations (before any "projects/" entry: the first match wins)
    ("projects/sites/", "site"),
    ("api/v1/^sites/", "site"),
    # --- Events: an event, and its registrations for the organisers.
    ("api/v1/^events/", "event"),
    # --- Usage: a site's keys page (staff).
    ("projects/sites/", "site"),
    ("projects/", "project"),
    # --- Events
    ("events/", "event"),
]

PARAMETER = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:(\w+):)?(\w+)>")


@dataclass
class Objects:
    """Values for the routes' parameters: ids by kind, slugs by kind."""

    ids: dict[str, list[int]] = field(default_factory=dict)
    slugs: dict[str, list[str]] = field(default_factory=dict)


def _kind(route: str, table: list[tuple[str, str]]) -> str | None:
    return next((kind for prefix, kind in table if _begins(route, prefix)), None)


def _begins(route: str, prefix: str) -> bool:
    """A prefix may hold "*" for a part already filled in (a group's slug before an id)."""
    if "*" in prefix:
        return fnmatch.fnmatchcase(route, prefix + "*")
    return route.startswith(prefix)


def _admin_ids(route: str) -> list[int]:
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if not match:
        return []
    try:
        model = apps.get_model(match.group(1), match.group(2))
    except LookupError:
        return []
    return list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:3])


def _values(route: str, name: str, converter: str | None, objects: Objects) -> list[str]:
    # `route` is the pattern as written (e.g. "groups/<slug:slug>/meetings/<int:pk>/"), so
    # a route that takes a slug and an id finds the kind of each.
    if name == "format":
        return [".json" if converter == "drf_format_suffix" else "json"]
    if name == "object_id":
        return [str(pk) for pk in _admin_ids(route)]
    if converter == "slug" or name == "slug":
        kind = _kind(route, SLUG_KINDS)
        return list(objects.slugs.get(kind, [])) if kind else ["sample"]
    if converter == "int" or name == "pk":
        kind = _kind(route, ID_KINDS)
        return [str(pk) for pk in objects.ids.get(kind, [])] if kind else ["1"]
    return ["sample"]


def _expand(route: str, objects: Objects, pattern: str | None = None) -> list[str]:
    pattern = pattern or route
    match = PARAMETER.search(route)
    if match is None:
        path = route.replace("^", "").replace("$", "").replace("\\", "").replace("/?", "/")
        return ["/" + path]
    name = match.group(1) or match.group(3)
    converter = match.group(2)
    urls = []
    for value in _values(pattern, name, converter, objects):
        filled = route[: match.start()] + value + route[match.end() :]
        urls.extend(_expand(filled, objects, pattern))
    return urls


def urls(objects: Objects) -> list[tuple[str, str]]:
    """(route name or pattern, URL) for every route, one per object its parameters take."""
    found = []
    for name, route, _pattern in _routes():
        if route in SKIPPED:
            continue
        for url in _expand(route, objects):
            found.append((name or route, url))
    return sorted(set(found))


# --- Allocations


def nameless_allocation_world(person):
    """`person` leads a project with an allocation on a site's resource, and asks the
    committee for more time on another: (the allocation, the request's case)."""
    from datetime import timedelta

    from django.utils import timezone

    from projects.services.allocations import allocation_request_submit
    from tests.factories import (
        AllocationFactory,
        AllocationPeriodFactory,
        ProjectFactory,
        ResourceFactory,
    )

    allocation = AllocationFactory(project=ProjectFactory(created_by=person))
    now = timezone.now()
    open_now = AllocationPeriodFactory(
        requests_open=now - timedelta(days=1), requests_close=now + timedelta(days=30)
    )
    request = allocation_request_submit(
        actor=person,
        project=allocation.project,
        kind="new",
        resource=ResourceFactory(site=allocation.resource.site),
        period=open_now,
        amount=100,
        justification="More time.",
    )
    return allocation, request.cases.get()


def allocation_objects(objects: Objects, allocation, case) -> None:
    """The allocation's site, resource, project and the request's case, for the sweep."""
    objects.ids.setdefault("allocation", []).append(allocation.pk)
    objects.ids.setdefault("resource", []).append(allocation.resource_id)
    objects.ids.setdefault("case", []).append(case.pk)
    objects.slugs.setdefault("site", []).append(allocation.resource.site.slug)
    objects.slugs.setdefault("project", []).append(allocation.project.slug)


# --- Events


def nameless_events_world(organiser, registrant):
    """`organiser` runs a public event with a question; `registrant` holds a place at it
    and has answered: (the event, the registration)."""
    from events.models import Question
    from events.services.registration import registration_create
    from tests.factories import EventFactory

    event = EventFactory(organiser=organiser, audience="public", capacity=5)
    question = Question.objects.create(event=event, label="Dietary needs")
    registration = registration_create(
        event=event, actor=registrant, answers={str(question.pk): "No nuts"}
    )
    return event, registration


def event_objects(objects: Objects, *registrations) -> None:
    """The registrations' events and the registrations, for the sweep."""
    for registration in registrations:
        objects.slugs.setdefault("event", []).append(registration.event.slug)
        objects.ids.setdefault("registration", []).append(registration.pk)


def nameless_events(person, other) -> list[str]:
    """`person` organises a public event that `other` registered for (with an answer), and
    waits for a place at a public event `other` organises: the two events' slugs."""
    from events.models import Event, Question
    from events.services.registration import registration_create
    from tests.factories import EventFactory, UserFactory

    theirs = EventFactory(organiser=person, audience=Event.Audience.PUBLIC)
    question = Question.objects.create(event=theirs, label="Dietary needs")
    registration_create(event=theirs, actor=other, answers={str(question.pk): "None"})
    others = EventFactory(organiser=other, audience=Event.Audience.PUBLIC, capacity=1)
    registration_create(event=others, actor=UserFactory())
    registration_create(event=others, actor=person)
    return [theirs.slug, others.slug]
