"""Openings on projects for students, postdocs and engineers, and the researchers who ask
to hear of new ones."""

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import ExpertiseArea, User
from members.services.common import validated
from notifications.services import notify
from projects import audit
from projects.models import Opening, OpeningSubscription, Project
from projects.notices import OPENING_MATCHED
from projects.permissions import (
    OPENING_CAREER_STAGES,
    can_manage_opening,
    can_post_opening,
    can_subscribe_to_openings,
)
from tpc_portal.audit import audit_record
from tpc_portal.errors import ApplicationError

EDITABLE = ("position", "title", "description", "deadline")


def _state(opening: Opening) -> dict[str, Any]:
    return {
        "opening": opening.pk,
        "position": opening.position,
        "title": opening.title,
        "deadline": opening.deadline.isoformat() if opening.deadline else None,
        "status": opening.status,
    }


def _check_deadline(deadline: date | None) -> None:
    if deadline is not None and deadline < timezone.localdate():
        raise ApplicationError(
            _("The deadline has passed already."),
            errors={"deadline": [_("Choose today or a later day.")]},
        )


def opening_post(
    *,
    project: Project,
    actor: User,
    position: str,
    title: str,
    description: str,
    deadline: date | None = None,
) -> Opening:
    """Post an opening on an active project: its PI or a co-PI may.

    Guarantees: the project is active while the opening is saved (its row is locked); the
    deadline is not in the past (in the poster's time zone); an audit entry on the
    project; after the commit, one notice to each subscriber whose positions and areas
    match (see opening_subscribers), never to the project's own team.
    """
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not can_post_opening(actor, project):
            raise PermissionDenied
        opening = Opening(
            project=project,
            position=position,
            title=title.strip(),
            description=description.strip(),
            deadline=deadline,
            created_by=actor,
            created=timezone.now(),
        )
        validated(opening, exclude=["project", "created_by"])
        _check_deadline(deadline)
        opening.save()
        audit_record(actor=actor, subject=project, verb=audit.OPENING_POSTED, after=_state(opening))
        transaction.on_commit(partial(_tell_subscribers, opening.pk), robust=True)
    return opening


def opening_update(
    *,
    opening: Opening,
    actor: User,
    position: str,
    title: str,
    description: str,
    deadline: date | None = None,
) -> Opening:
    """Change an open opening: the project's PI or a co-PI, or the secretariat, may.
    Subscribers are not told again. Guarantees: an audit entry with what it was and is."""
    if not can_manage_opening(actor, opening):
        raise PermissionDenied
    with transaction.atomic():
        opening = Opening.objects.select_for_update().select_related("project").get(pk=opening.pk)
        if opening.status != Opening.Status.OPEN:
            raise ApplicationError(_("A closed opening cannot be changed."))
        before = _state(opening)
        opening.position = position
        opening.title = title.strip()
        opening.description = description.strip()
        if deadline != opening.deadline:
            _check_deadline(deadline)
        opening.deadline = deadline
        validated(opening, exclude=["project", "created_by"])
        opening.save(update_fields=list(EDITABLE))
        after = _state(opening)
        if after != before:
            audit_record(
                actor=actor,
                subject=opening.project,
                verb=audit.OPENING_UPDATED,
                before=before,
                after=after,
            )
    return opening


def opening_close(*, opening: Opening, actor: User) -> Opening:
    """Close an opening (filled, or no longer offered): the project's PI or a co-PI, or the
    secretariat. Closing a closed opening is refused, so that two clicks record one
    closing."""
    if not can_manage_opening(actor, opening):
        raise PermissionDenied
    with transaction.atomic():
        opening = Opening.objects.select_for_update().select_related("project").get(pk=opening.pk)
        if opening.status == Opening.Status.CLOSED:
            raise ApplicationError(_("This opening is closed already."))
        opening.status = Opening.Status.CLOSED
        opening.save(update_fields=["status"])
        audit_record(
            actor=actor,
            subject=opening.project,
            verb=audit.OPENING_CLOSED,
            before={"status": Opening.Status.OPEN},
            after={"status": Opening.Status.CLOSED},
            context={"opening": opening.pk, "title": opening.title},
        )
    return opening


def opening_subscribe(
    *, actor: User, positions: Iterable[str], areas: Iterable[ExpertiseArea] = ()
) -> OpeningSubscription:
    """Ask to hear of new openings of these positions, in these areas (any area when none).

    A student or postdoc (their profile's career stage) may; subscribing again replaces
    what they asked for. Guarantees: at least one known position; one subscription per
    person (the database holds it). Personal preferences, like notification settings:
    no audit entry.
    """
    if not can_subscribe_to_openings(actor):
        raise ApplicationError(
            _(
                "Openings are for students and postdocs: set your career stage on your "
                "profile to subscribe."
            ),
            errors={"positions": [_("Only students and postdocs can subscribe.")]},
        )
    chosen = sorted(set(positions))
    if not chosen or not set(chosen) <= set(Opening.Position.values):
        raise ApplicationError(
            _("Choose the positions you want to hear about."),
            errors={"positions": [_("Choose at least one position.")]},
        )
    with transaction.atomic():
        subscription, _created = OpeningSubscription.objects.update_or_create(
            user=actor, defaults={"positions": chosen}
        )
        subscription.areas.set(list(areas))
    return subscription


def opening_unsubscribe(*, actor: User) -> bool:
    """End the person's subscription; True if there was one (doing it twice is harmless)."""
    deleted, _kinds = OpeningSubscription.objects.filter(user=actor).delete()
    return bool(deleted)


def opening_subscribers(opening: Opening) -> list[User]:
    """Who hears of this opening: subscribers who asked for its position, in one of the
    project's areas (or in any area), still students or postdocs, not on its team."""
    project_areas = Project.expertise.through.objects.filter(project_id=opening.project_id).values(
        "expertisearea_id"
    )
    subscriptions = (
        OpeningSubscription.objects.filter(
            Q(areas__isnull=True) | Q(areas__in=project_areas),
            user__is_active=True,
            user__profile__career_stage__in=OPENING_CAREER_STAGES,
        )
        .exclude(user__project_teams__project_id=opening.project_id)
        .select_related("user__profile")
        .distinct()
    )
    # Positions are a JSON list, which SQLite cannot search: chosen here, in Python.
    return [sub.user for sub in subscriptions if opening.position in sub.positions]


def _tell_subscribers(opening_id: int) -> None:
    opening = Opening.objects.select_related("project", "created_by").filter(pk=opening_id).first()
    if opening is None or opening.status != Opening.Status.OPEN:
        return
    recipients = opening_subscribers(opening)
    if not recipients:
        return
    notify(
        recipients,
        OPENING_MATCHED,
        context={
            "title": opening.title,
            "project": opening.project.title,
            "position": opening.position,
            "deadline": opening.deadline.isoformat() if opening.deadline else "",
            "description": opening.description[:1000],
        },
        link=reverse("projects:opening", args=[opening.pk]),
        actor=opening.created_by,
    )
