"""Drafts, edits, what a project shares and produces, completing and withdrawing."""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.membership import is_confirmed_member
from members.models import ExpertiseArea, Institution, Keyword, Profile, User
from projects import audit
from projects.models import Output, Project, Share, TeamMember
from projects.permissions import EDITABLE_STATUSES
from projects.search import project_search_columns_update
from projects.services.common import (
    forget_places,
    place_of,
    project_locked,
    project_move,
    record,
    require,
    validated,
)
from projects.validators import normalise_doi
from steering import services as steering
from steering.models import Case
from tpc_portal.errors import ApplicationError

# Linked working groups are read through the project's own field: projects uses the groups
# app only through its selectors (the import contract), and needs nothing else of it here.
WorkingGroup: Any = Project._meta.get_field("working_groups").related_model

MAX_KEYWORDS = 20
MAX_KEYWORD_LENGTH = 50
SLUG_LENGTH = 70
# What project_update() may change, and what the audit entry names when it does.
EDITABLE_FIELDS = ("title", "summary", "goals", "kind", "differs_from_similar")
LEADS = (TeamMember.Role.PI, TeamMember.Role.CO_PI)
# Fixed addresses under /projects/ (projects/urls.py): never a project's slug.
RESERVED_SLUGS = frozenset({"new", "similar", "openings", "opportunities", "subscriptions"})


def _institution_of(user: User) -> Institution | None:
    profile = Profile.objects.filter(user=user).select_related("institution").first()
    return profile.institution if profile is not None else None


def _unique_slug(title: str) -> str:
    base = slugify(title)[:SLUG_LENGTH].strip("-") or "project"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Project.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _keywords(names: Iterable[str]) -> list[Keyword]:
    """The Keyword rows of these names (lower-case, made when new), within the limits."""
    names = list(dict.fromkeys(" ".join(name.split()).lower() for name in names if name.strip()))
    too_long = [name for name in names if len(name) > MAX_KEYWORD_LENGTH]
    if too_long:
        raise ApplicationError(
            _("Keywords are at most %(n)d characters long.") % {"n": MAX_KEYWORD_LENGTH},
            errors={"keywords": [_("Too long: %(k)s") % {"k": too_long[0]}]},
        )
    if len(names) > MAX_KEYWORDS:
        message = ngettext(
            "At most %(n)d keyword, please.", "At most %(n)d keywords, please.", MAX_KEYWORDS
        ) % {"n": MAX_KEYWORDS}
        raise ApplicationError(message, errors={"keywords": [message]})
    Keyword.objects.bulk_create([Keyword(name=name) for name in names], ignore_conflicts=True)
    return list(Keyword.objects.filter(name__in=names))


def _groups(groups: Iterable[Any]) -> list[Any]:
    groups = list(groups)
    inactive = [group for group in groups if group.status != WorkingGroup.Status.ACTIVE]
    if inactive:
        raise ApplicationError(
            _("A project links to active working groups only; %(name)s is not one.")
            % {"name": inactive[0].name},
            errors={"working_groups": [_("Choose active working groups.")]},
        )
    return groups


def project_draft_create(
    *,
    actor: User,
    title: str,
    summary: str,
    kind: str,
    goals: str = "",
    expertise: Iterable[ExpertiseArea] = (),
    keywords: Iterable[str] = (),
    working_groups: Iterable[Any] = (),
    differs_from_similar: str = "",
) -> Project:
    """A confirmed member drafts a project.

    Guarantees: only a confirmed member; they are its PI, and their institution is its
    lead institution and the first participating one; the slug is made from the title and
    unique; the search vector matches the saved text; audited. The draft is seen by its
    team and staff only.
    """
    require(is_confirmed_member(actor))
    institution = _institution_of(actor)
    project = Project(
        title=" ".join(title.split()),
        summary=summary.strip(),
        goals=goals.strip(),
        kind=kind,
        differs_from_similar=differs_from_similar.strip(),
        lead_institution=institution,
        created_by=actor,
        status=Project.Status.DRAFT,
    )
    project.slug = _unique_slug(project.title)
    validated(project, exclude=["slug", "created_by", "lead_institution"])
    with transaction.atomic():
        for attempt in range(3):
            try:
                with transaction.atomic():
                    project.save()
                break
            except IntegrityError:  # a project of the same title took the slug meanwhile
                if attempt == 2:
                    raise
                project.pk = None
                project.slug = _unique_slug(project.title)
        project.expertise.set(list(expertise))
        project.keywords.set(_keywords(keywords))
        project.working_groups.set(_groups(working_groups))
        TeamMember.objects.create(
            project=project,
            user=actor,
            role=TeamMember.Role.PI,
            status=TeamMember.Status.ACTIVE,
            institution=institution,
        )
        record(
            audit.PROJECT_CREATED,
            actor=actor,
            project=project,
            after={"title": project.title, "status": project.status, "slug": project.slug},
        )
        project_search_columns_update(project_ids=[project.pk])
    forget_places(actor)
    return project


def _leads(project: Project, user: User) -> bool:
    place = place_of(project, user)
    return place is not None and place.status == TeamMember.Status.ACTIVE and place.role in LEADS


def _is_pi(project: Project, user: User) -> bool:
    place = place_of(project, user)
    return place is not None and (place.role, place.status) == (
        TeamMember.Role.PI,
        TeamMember.Status.ACTIVE,
    )


def _editable(project: Project) -> None:
    if project.status not in EDITABLE_STATUSES:
        raise ApplicationError(
            _(
                "A project that is %(status)s cannot be changed: a proposal is edited while "
                "it is a draft or the committee asks for a revision."
            )
            % {"status": Project.Status(project.status).label.lower()},
            errors={"status": [_("Not editable now.")]},
        )


def project_update(
    *,
    project: Project,
    actor: User,
    title: str,
    summary: str,
    kind: str,
    goals: str = "",
    expertise: Iterable[ExpertiseArea] = (),
    keywords: Iterable[str] = (),
    working_groups: Iterable[Any] = (),
    differs_from_similar: str | None = None,
) -> Project:
    """The PI or a co-PI changes what the proposal says, while it is a draft or the
    committee asks for a revision (what was submitted stays in its ProjectVersion).

    `differs_from_similar` is kept as it is when not given. Guarantees: the search vector
    matches the saved text; the audit entry names the fields that changed.
    """
    require(_leads(project, actor))
    with project_locked(project) as locked:
        _editable(locked)
        before = {name: getattr(locked, name) for name in EDITABLE_FIELDS}
        before_links = _links(locked)
        locked.title = " ".join(title.split())
        locked.summary = summary.strip()
        locked.goals = goals.strip()
        locked.kind = kind
        if differs_from_similar is not None:
            locked.differs_from_similar = differs_from_similar.strip()
        locked.updated = timezone.now()
        validated(locked, exclude=["slug", "created_by", "lead_institution"])
        locked.save(update_fields=[*EDITABLE_FIELDS, "updated"])
        locked.expertise.set(list(expertise))
        locked.keywords.set(_keywords(keywords))
        locked.working_groups.set(_groups(working_groups))
        changed = [name for name in EDITABLE_FIELDS if getattr(locked, name) != before[name]]
        after_links = _links(locked)
        changed += [name for name in after_links if after_links[name] != before_links[name]]
        record(audit.PROJECT_UPDATED, actor=actor, project=locked, after={"fields": changed})
        project_search_columns_update(project_ids=[locked.pk])
    return locked


def _links(project: Project) -> dict[str, set[int]]:
    return {
        "expertise": set(project.expertise.values_list("pk", flat=True)),
        "keywords": set(project.keywords.values_list("pk", flat=True)),
        "working_groups": set(project.working_groups.values_list("pk", flat=True)),
    }


# --- What the project shares and produces --------------------------------------------------


def share_add(*, project: Project, actor: User, what: str, description: str, terms: str) -> Share:
    """The PI states something the project shares, under a licence or terms: their consent,
    recorded with who gave it and when. While the project is a proposal being written or
    is active."""
    require(_is_pi(project, actor))
    with project_locked(project) as locked:
        if locked.status not in EDITABLE_STATUSES | {Project.Status.ACTIVE}:
            raise ApplicationError(
                _("What a %(status)s project shares cannot change.")
                % {"status": Project.Status(locked.status).label.lower()}
            )
        share = Share(
            project=locked,
            what=what,
            description=description.strip(),
            terms=terms.strip(),
            consented_by=actor,
            consented=timezone.now(),
        )
        validated(share, exclude=["project", "consented_by"])
        share.save()
        record(
            audit.SHARE_ADDED,
            actor=actor,
            project=locked,
            after={"what": share.what, "description": share.description, "terms": share.terms},
        )
    return share


def share_remove(*, share: Share, actor: User) -> None:
    """The PI takes back a statement of what the project shares (the audit trail keeps it)."""
    project = share.project
    require(_is_pi(project, actor))
    with project_locked(project) as locked:
        if locked.status not in EDITABLE_STATUSES | {Project.Status.ACTIVE}:
            raise ApplicationError(
                _("What a %(status)s project shares cannot change.")
                % {"status": Project.Status(locked.status).label.lower()}
            )
        record(
            audit.SHARE_REMOVED,
            actor=actor,
            project=locked,
            before={"what": share.what, "description": share.description, "terms": share.terms},
        )
        share.delete()


def output_add(
    *, project: Project, actor: User, kind: str, title: str, url: str = "", doi: str = ""
) -> Output:
    """The PI or a co-PI lists a paper, dataset, model or software the project produced,
    with a link or a DOI (checked by its format and stored without a resolver prefix)."""
    require(_leads(project, actor))
    if project.status in (Project.Status.REJECTED, Project.Status.WITHDRAWN):
        raise ApplicationError(_("A project that did not go ahead has no outputs to add."))
    doi = normalise_doi(doi) if doi.strip() else ""
    if not doi and not url.strip():
        raise ApplicationError(
            _("Give a link or a DOI."),
            errors={"url": [_("A link or a DOI, at least one.")]},
        )
    output = Output(project=project, kind=kind, title=title.strip(), url=url.strip(), doi=doi)
    validated(output, exclude=["project"])
    with transaction.atomic():
        output.save()
        record(
            audit.OUTPUT_ADDED,
            actor=actor,
            project=project,
            after={"kind": kind, "title": output.title, "doi": doi, "url": output.url},
        )
    return output


def output_remove(*, output: Output, actor: User) -> None:
    require(_leads(output.project, actor))
    with transaction.atomic():
        record(
            audit.OUTPUT_REMOVED,
            actor=actor,
            project=output.project,
            before={"kind": output.kind, "title": output.title},
        )
        output.delete()


# --- The end of a project ----------------------------------------------------------------------


def project_complete(*, project: Project, actor: User) -> Project:
    """The PI marks an active project completed: it stays public, its team fixed."""
    require(_is_pi(project, actor))
    with project_locked(project) as locked:
        project_move(locked, Project.Status.COMPLETED, actor=actor, verb=audit.PROJECT_COMPLETED)
    return locked


def project_withdraw(*, project: Project, actor: User) -> Project:
    """The PI withdraws a draft or a proposal. A proposal's case before the committee is
    withdrawn with it (steering's case_withdraw, which calls back
    proposals.project_apply_withdrawal); a draft, which has no case, is withdrawn here."""
    require(_is_pi(project, actor))
    case = project.cases.filter(status__in=Case.OPEN_STATUSES).first()
    if case is None:
        with project_locked(project) as locked:
            project_move(
                locked, Project.Status.WITHDRAWN, actor=actor, verb=audit.PROJECT_WITHDRAWN
            )
        return locked
    if case.submitter_id != actor.pk:
        raise ApplicationError(
            _("The proposal was submitted by another PI of the project: they withdraw it.")
        )
    steering.case_withdraw(case=case, actor=actor)
    return Project.objects.get(pk=project.pk)
