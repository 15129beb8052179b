"""What the projects' tests build on: confirmed members of different institutions, drafts
made through the services, and the committee (tests/steering/conftest.py's)."""

import pytest

from projects import services
from projects.models import Project, TeamMember
from tests.factories import InstitutionFactory, ProfileFactory
from tests.steering.conftest import Committee, committee, login  # noqa: F401 - fixtures

__all__ = ["Committee"]


def member(institution=None, **fields):
    """A confirmed member of `institution` (a new member institution unless given)."""
    return ProfileFactory(institution=institution or InstitutionFactory(), **fields).user


def draft(pi, **fields) -> Project:
    data = {
        "title": "Foundation model for materials",
        "summary": "A foundation model trained on crystal structures and their properties.",
        "kind": Project.Kind.MODEL_BUILDING,
        "goals": "1. Train it.\n2. *Share* it.",
    }
    data.update(fields)
    return services.project_draft_create(actor=pi, **data)


def on_team(project, user, role=TeamMember.Role.MEMBER) -> TeamMember:
    """Someone active on the team, as an accepted invitation would make them."""
    pi = project.team.get(role=TeamMember.Role.PI, status=TeamMember.Status.ACTIVE).user
    place = services.team_invite(project=project, actor=pi, user=user, role=role)
    return services.team_invitation_accept(place=place, actor=user)


@pytest.fixture
def pi(db):
    return member(user__full_name="Ada Lead")
