"""Every page and API endpoint of the project as concrete URLs, for the sweeps that fetch
them all as one person after another (tests/portal/test_emptiest_user.py,
tests/portal/test_hidden_address.py).

The URLconf is walked as tests/portal/test_access.py does; a route that needs an object
gets one URL per object of its kind in `Objects`, so that the sweep reaches the pages of
the people and cases the test built.
"""

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
    ("api/v1/^openings/", "opening"),
]
SLUG_KINDS = [
    ("directory/institutions/", "institution"),
    ("api/v1/^institutions/", "institution"),
    ("api/v1/^expertise-areas/", "area"),
    ("projects/", "project"),
]

PARAMETER = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:(\w+):)?(\w+)>")


@dataclass
class Objects:
    """Values for the routes' parameters: ids by kind, slugs by kind."""

    ids: dict[str, list[int]] = field(default_factory=dict)
    slugs: dict[str, list[str]] = field(default_factory=dict)


def _kind(route: str, table: list[tuple[str, str]]) -> str | None:
    return next((kind for prefix, kind in table if route.startswith(prefix)), None)


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


def _expand(route: str, objects: Objects) -> list[str]:
    match = PARAMETER.search(route)
    if match is None:
        path = route.replace("^", "").replace("$", "").replace("\\", "").replace("/?", "/")
        return ["/" + path]
    name = match.group(1) or match.group(3)
    converter = match.group(2)
    urls = []
    for value in _values(route, name, converter, objects):
        urls.extend(_expand(route[: match.start()] + value + route[match.end() :], objects))
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
