"""What the home page shows: the consortium in figures for visitors, and for a signed-in
person where they stand and what waits for them.

The home page is part of the composition root: it reads each app through its selectors.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Event
from events.selectors import upcoming, visible_events
from members.models import AffiliationRequest, Institution, Profile, User
from members.selectors import (
    ConsortiumFigures,
    affiliation_pending_of,
    affiliation_requests_to_decide,
    consortium_figures,
)
from portal.areas import AREAS_BY_KEY
from portal.context_processors import unread_count
from projects.models import Project
from projects.selectors import projects_visible_to
from steering.selectors import ballots_awaiting, reviews_pending_of, seat_of
from workinggroups.models import WorkingGroup
from workinggroups.selectors import groups_public, join_requests_waiting_for

# The figures change slowly; a visitor's home page then costs no query for them.
FIGURES_CACHE_SECONDS = 60
FIGURES_CACHE_KEY = "home:figures"


@dataclass(frozen=True)
class Figure:
    value: int
    label: str


@dataclass(frozen=True)
class Counts:
    consortium: ConsortiumFigures
    groups: int
    projects: int
    events: int


def _counts() -> Counts:
    """What a visitor may see counted: five COUNTs, each through its app's selectors."""
    visitor = AnonymousUser()
    return Counts(
        consortium=consortium_figures(),
        groups=groups_public().filter(status=WorkingGroup.Status.ACTIVE).count(),
        projects=projects_visible_to(visitor).filter(status=Project.Status.ACTIVE).count(),
        events=upcoming(visible_events(visitor), timezone.now())
        .filter(status=Event.Status.PUBLISHED)
        .count(),
    )


def figures() -> list[Figure]:
    """The consortium in numbers, as a visitor may see them."""
    counts: Counts = cache.get_or_set(FIGURES_CACHE_KEY, _counts, FIGURES_CACHE_SECONDS)
    consortium = counts.consortium
    return [
        Figure(
            consortium.institutions,
            ngettext("member institution", "member institutions", consortium.institutions),
        ),
        Figure(
            consortium.researchers,
            ngettext(
                "researcher in the directory",
                "researchers in the directory",
                consortium.researchers,
            ),
        ),
        Figure(counts.groups, ngettext("working group", "working groups", counts.groups)),
        Figure(counts.projects, ngettext("active project", "active projects", counts.projects)),
        Figure(counts.events, ngettext("upcoming event", "upcoming events", counts.events)),
    ]


@dataclass(frozen=True)
class Standing:
    """Where a person stands: a member through `institution`, waiting for the confirmation
    asked for in `pending`, or neither."""

    institution: Institution | None
    pending: AffiliationRequest | None


def standing_of(profile: Profile | None) -> Standing:
    institution = profile.institution if profile is not None else None
    if institution is not None and institution.is_member:
        return Standing(institution=institution, pending=None)
    return Standing(
        institution=None, pending=affiliation_pending_of(profile) if profile is not None else None
    )


@dataclass(frozen=True)
class Action:
    text: str
    url: str


def next_actions(request: HttpRequest, user: User) -> list[Action]:
    """What waits for this person, most pressing first; each with the page to act on it."""
    seat = seat_of(user)
    waiting = [
        (
            reviews_pending_of(seat).count() if seat else 0,
            lambda n: ngettext("%(count)d review due", "%(count)d reviews due", n),
            "steering:dashboard",
        ),
        (
            ballots_awaiting(seat).count() if seat else 0,
            lambda n: ngettext(
                "%(count)d vote open for your seat", "%(count)d votes open for your seat", n
            ),
            "steering:dashboard",
        ),
        (
            affiliation_requests_to_decide(user).count(),
            lambda n: ngettext(
                "%(count)d affiliation request to decide",
                "%(count)d affiliation requests to decide",
                n,
            ),
            "members:affiliation_requests",
        ),
        (
            join_requests_waiting_for(user),
            lambda n: ngettext(
                "%(count)d request to join your groups",
                "%(count)d requests to join your groups",
                n,
            ),
            "workinggroups:index",
        ),
        (
            unread_count(request),
            lambda n: ngettext("%(count)d unread notice", "%(count)d unread notices", n),
            "notifications:inbox",
        ),
    ]
    return [
        Action(words(count) % {"count": count}, reverse(url_name))
        for count, words, url_name in waiting
        if count
    ]


def first_steps(profile: Profile | None) -> list[Action]:
    """For someone new (a profile not yet listed): fill in the profile, find people, and
    join a group once groups exist."""
    if profile is not None and profile.is_listed:
        return []
    steps = [
        Action(
            _("Complete your profile, so that others can find you"), reverse("members:profile_edit")
        ),
        Action(_("Find people who work on what you do"), reverse("members:researchers")),
    ]
    groups = AREAS_BY_KEY["workinggroups"].url
    if groups is not None:
        steps.append(Action(_("Join a working group"), groups))
    return steps
