"""Every allowed and every refused transition of a project, through the one check, the
services that make them, the pages and the API."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from projects import audit, services
from projects.models import Project
from projects.services import InvalidTransition
from projects.services.common import transition_check
from tests.factories import ProjectFactory
from tests.projects.conftest import member
from tpc_portal.audit import audit_of
from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db

S = Project.Status
ALL = list(S)
ALLOWED = {
    (S.DRAFT, S.PROPOSED),
    (S.DRAFT, S.WITHDRAWN),
    (S.PROPOSED, S.ACTIVE),
    (S.PROPOSED, S.REJECTED),
    (S.PROPOSED, S.REVISION_REQUESTED),
    (S.PROPOSED, S.WITHDRAWN),
    (S.REVISION_REQUESTED, S.PROPOSED),
    (S.REVISION_REQUESTED, S.WITHDRAWN),
    (S.ACTIVE, S.COMPLETED),
}


@pytest.mark.parametrize("old", ALL)
@pytest.mark.parametrize("new", ALL)
def test_the_transition_table(old, new):
    project = Project(status=old)
    if (old, new) in ALLOWED:
        transition_check(project, new)
    else:
        with pytest.raises(InvalidTransition) as refused:
            transition_check(project, new)
        assert "cannot become" in refused.value.message


def _submit(project):
    return services.project_submit(project=project, actor=project.created_by)


def _withdraw(project):
    return services.project_withdraw(project=project, actor=project.created_by)


def _complete(project):
    return services.project_complete(project=project, actor=project.created_by)


# What each service of the PI does, from the statuses it accepts (a proposal's case makes
# the withdrawal of a proposal a steering matter: tests/projects/test_proposal.py).
SERVICES = {
    "submit": (_submit, {S.DRAFT: S.PROPOSED}),
    "withdraw": (_withdraw, {S.DRAFT: S.WITHDRAWN}),
    "complete": (_complete, {S.ACTIVE: S.COMPLETED}),
}
# With a case before the committee, these are steering's moves too: test_proposal.py.
NEEDS_A_CASE = {
    ("submit", S.REVISION_REQUESTED),
    ("withdraw", S.PROPOSED),
    ("withdraw", S.REVISION_REQUESTED),
}
WITHOUT_A_CASE = [
    (name, old) for name in SERVICES for old in ALL if (name, old) not in NEEDS_A_CASE
]


@pytest.mark.parametrize(("service", "old"), WITHOUT_A_CASE)
def test_each_service_moves_only_from_where_it_may(committee, service, old):
    act, moves = SERVICES[service]
    project = ProjectFactory(status=old)

    if old in moves:
        act(project)
        project.refresh_from_db()
        assert project.status == moves[old]
        entry = audit_of(project).last()
        assert (entry.before["status"], entry.after["status"]) == (old, moves[old])
    else:
        with pytest.raises(ApplicationError):
            act(project)
        project.refresh_from_db()
        assert project.status == old


def test_a_decision_for_a_project_that_is_not_proposed_is_refused(committee):
    project = ProjectFactory(status=S.DRAFT)

    with pytest.raises(InvalidTransition):
        services.project_apply_decision(project, _decision("approved"))

    assert Project.objects.get(pk=project.pk).status == S.DRAFT


def _decision(outcome):
    from steering.models import Decision

    return Decision(outcome=outcome, rationale="x")


def test_only_the_pi_moves_the_project(committee):
    project = ProjectFactory(status=S.ACTIVE, team=[member()])
    co_worker = project.team.exclude(user=project.created_by).get().user

    with pytest.raises(PermissionDenied):
        services.project_complete(project=project, actor=co_worker)

    assert Project.objects.get(pk=project.pk).status == S.ACTIVE


def test_every_move_is_in_the_audit_trail_with_its_verb(pi):
    from tests.projects.conftest import draft

    project = draft(pi)
    services.project_withdraw(project=project, actor=pi)

    verbs = [entry.verb for entry in audit_of(project)]
    assert verbs == [audit.PROJECT_CREATED.key, audit.PROJECT_WITHDRAWN.key]


# --- From the pages ---------------------------------------------------------------------------

PAGES = {
    "submit": {S.DRAFT: S.PROPOSED},
    "withdraw": {S.DRAFT: S.WITHDRAWN},
    "complete": {S.ACTIVE: S.COMPLETED},
}


@pytest.mark.parametrize(("action", "old"), WITHOUT_A_CASE)
def test_each_page_action_moves_or_says_why_not(client, committee, action, old):
    project = ProjectFactory(status=old)
    client.force_login(project.created_by)

    response = client.post(reverse(f"projects:{action}", args=[project.slug]))

    project.refresh_from_db()
    if old in PAGES[action]:
        assert response.status_code == 302
        assert project.status == PAGES[action][old]
    else:
        assert response.status_code == 400
        assert project.status == old
        messages = [str(message) for message in response.context["messages"]]
        assert messages, "refused without saying why"


# --- From the API -----------------------------------------------------------------------------


@pytest.mark.parametrize("old", ALL)
def test_the_api_edits_a_project_only_while_a_draft_or_in_revision(client, old):
    project = ProjectFactory(status=old)
    client.force_login(project.created_by)

    response = client.patch(
        reverse("api:project-detail", args=[project.slug]),
        {"title": "A better title"},
        content_type="application/json",
    )

    if old in (S.DRAFT, S.REVISION_REQUESTED):
        assert response.status_code == 200, response.json()
        assert response.json()["title"] == "A better title"
    elif old in Project.PUBLIC_STATUSES:
        assert response.status_code == 400
        assert "cannot be changed" in response.json()["message"]
    else:  # the team sees its rejected or withdrawn project, and cannot edit it
        assert response.status_code == 400
    project.refresh_from_db()
    assert (project.title == "A better title") == (old in (S.DRAFT, S.REVISION_REQUESTED))
