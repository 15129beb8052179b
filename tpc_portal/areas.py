"""The portal's areas, as the home page and each area's landing page present them."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    key: str
    url_name: str
    title: Promise
    summary: Promise


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
