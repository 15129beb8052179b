"""The portal's areas, as the navigation and the home page present them.

An area is open once its app names its landing page (`<app>:index`) in the URLconf; until
then it appears nowhere, so that no link leads to a page that is not there. A new app opens
its area by adding that route: nothing here changes.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    key: str
    url_name: str
    title: Promise
    summary: Promise

    @property
    def url(self) -> str | None:
        """The landing page, or None while the area is not built."""
        return _landing_page(self.url_name, get_resolver(get_urlconf()), get_script_prefix())


@lru_cache(maxsize=64)
def _landing_page(url_name: str, resolver: object, script_prefix: str) -> str | None:
    # Every page's navigation asks for every area: reversed once per URLconf (a new
    # resolver whenever it changes) and script prefix, which is all reverse() reads.
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


AREAS = [
    Area(
        "members",
        "members:index",
        _("Directory"),
        _("Member institutions and researchers, and who shares your interests."),
    ),
    Area(
        "workinggroups",
        "workinggroups:index",
        _("Working groups"),
        _("Groups that meet regularly, with agendas, minutes and action items."),
    ),
    Area(
        "projects",
        "projects:index",
        _("Projects"),
        _("Multi-site projects, their teams and the machine time they need."),
    ),
    Area(
        "events",
        "events:index",
        _("Events"),
        _("Hackathons, workshops, seminars and summer schools."),
    ),
    Area(
        "steering",
        "steering:index",
        _("Committee"),
        _("The steering committee and the proposals it reviews."),
    ),
]
AREAS_BY_KEY = {area.key: area for area in AREAS}


def open_areas() -> list[Area]:
    """The areas whose pages exist, in the navigation's order."""
    return list(_open_areas(get_resolver(get_urlconf()), get_script_prefix()))


@lru_cache(maxsize=8)
def _open_areas(resolver: object, script_prefix: str) -> tuple[Area, ...]:
    # Asked by every page's navigation: kept like _landing_page, per URLconf and prefix.
    return tuple(
        area for area in AREAS if _landing_page(area.url_name, resolver, script_prefix) is not None
    )


def is_open(key: str) -> bool:
    return AREAS_BY_KEY[key].url is not None
