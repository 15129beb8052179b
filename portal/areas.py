"""The portal's areas, as the navigation and the home page present them.

An area is open once its app names its landing page (`<app>:index`) in the URLconf; until
then it appears nowhere, so that no link leads to a page that is not there. A new app opens
its area by adding that route: nothing here changes.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
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
        try:
            return reverse(self.url_name)
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
    return [area for area in AREAS if area.url is not None]


def is_open(key: str) -> bool:
    return AREAS_BY_KEY[key].url is not None
