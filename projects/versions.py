"""What a submitted version says, in the reader's language, and what changed between two.

A ProjectVersion keeps its title, summary and goals as text and the rest of what reviewers
judge (kind, areas, keywords, team, shares) as data (`details`, see
proposal_selectors.project_snapshot): values and names, put into words here when a page is drawn.
The difference between two versions is computed word by word (difflib) over the title, the
summary, the goals and those details written out as lines; the template escapes every
piece and marks insertions and deletions with <ins> and <del>.
"""

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from members.taxonomy import area_label
from projects.models import Project, Share, TeamMember
from tpc_portal.audit import label_of
from tpc_portal.people import fallback_name

# Roles in the order a team is listed.
ROLE_ORDER = {role: n for n, role in enumerate(TeamMember.Role.values)}
_TOKENS = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions, or only in the old or the new."""

    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass(frozen=True)
class TeamRow:
    name: str
    role: str
    institution: str


@dataclass(frozen=True)
class ShareRow:
    what: str
    description: str
    terms: str


@dataclass(frozen=True)
class Details:
    """A version's details as a page shows them, in the active language."""

    kind: str
    lead_institution: str
    areas: list[str]
    keywords: list[str]
    working_groups: list[str]
    team: list[TeamRow]
    shares: list[ShareRow]


def details_shown(details: Mapping[str, Any]) -> Details:
    """Stored details (values and names) in words of the active language."""
    return Details(
        kind=label_of(Project.Kind, details.get("kind")),
        lead_institution=details.get("lead_institution") or "",
        areas=[area_label(name) for name in details.get("areas", [])],
        keywords=list(details.get("keywords", [])),
        working_groups=list(details.get("working_groups", [])),
        team=[
            TeamRow(
                name=person.get("name") or fallback_name(),
                role=label_of(TeamMember.Role, person.get("role")),
                institution=person.get("institution") or "",
            )
            for person in details.get("team", [])
        ],
        shares=[
            ShareRow(
                what=label_of(Share.What, share.get("what")),
                description=share.get("description", ""),
                terms=share.get("terms", ""),
            )
            for share in details.get("shares", [])
        ],
    )


def details_text(details: Mapping[str, Any]) -> str:
    """The details as lines of text, to compare two versions."""
    shown = details_shown(details)
    lines = [
        _("Kind: %(kind)s") % {"kind": shown.kind},
        _("Lead institution: %(name)s") % {"name": shown.lead_institution or "—"},
        _("Expertise areas: %(areas)s") % {"areas": ", ".join(shown.areas) or "—"},
        _("Keywords: %(keywords)s") % {"keywords": ", ".join(shown.keywords) or "—"},
        _("Working groups: %(groups)s") % {"groups": ", ".join(shown.working_groups) or "—"},
        _("Team:"),
        *(f"- {row.name}, {row.role}, {row.institution or '—'}" for row in shown.team),
        _("Shared:"),
        *(f"- {row.what}: {row.description} ({row.terms})" for row in shown.shares),
    ]
    return "\n".join(lines)


def diff_words(old: str, new: str) -> list[Segment]:
    """`new` compared with `old`, word by word (white space kept as it is). A run of
    changed words separated only by white space reads as one deletion and one insertion."""
    before, after = _TOKENS.split(old or ""), _TOKENS.split(new or "")
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    # Chunks of (old text, new text, equal?), with white space between changes absorbed.
    chunks: list[list[Any]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(before[a1:a2]), "".join(after[b1:b2])
        if op == "equal" and not (removed.isspace() and chunks and not chunks[-1][2]):
            chunks.append([removed, added, True])
        elif chunks and not chunks[-1][2]:
            chunks[-1][0] += removed
            chunks[-1][1] += added
        else:
            chunks.append([removed, added, False])
    segments: list[Segment] = []
    for removed, added, equal in chunks:
        if equal:
            segments.append(Segment("equal", added))
            continue
        # White space absorbed after the last changed word is common to both sides.
        tail = _common_space_at_end(removed, added)
        segments.append(Segment("delete", removed[: len(removed) - len(tail)]))
        segments.append(Segment("insert", added[: len(added) - len(tail)]))
        segments.append(Segment("equal", tail))
    return [segment for segment in segments if segment.text]


def _common_space_at_end(one: str, other: str) -> str:
    space = one[len(one.rstrip()) :]
    return space if space and other.endswith(space) else ""


def has_changes(segments: list[Segment]) -> bool:
    return any(segment.op != "equal" for segment in segments)
