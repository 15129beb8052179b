"""Who may open which projects page and endpoint: role, URL and method -> status.

The project is a draft (seen by its team, those invited to it, and staff). Refusals: a
visitor is sent to log in (API: 401); someone who may not see the draft gets 404, so that
it stays unknown; someone who sees it but may not act gets 403; an action the domain
refuses (an empty form, a move the state machine forbids) is redrawn with its reason, 400.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from projects import services
from projects.models import TeamMember
from tests.factories import UserFactory
from tests.projects.conftest import draft, member, on_team

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ["anonymous", "outsider", "member", "invited", "team", "co_pi", "pi", "staff"]


@pytest.fixture
def world(pi):
    project = draft(pi)
    team = member()
    co_pi = member()
    invited = member()
    on_team(project, team)
    on_team(project, co_pi, role=TeamMember.Role.CO_PI)
    invitation = services.team_invite(project=project, actor=pi, user=invited)
    share = services.share_add(
        project=project, actor=pi, what="code", description="Loaders", terms="MIT"
    )
    output = services.output_add(
        project=project, actor=pi, kind="paper", title="A preprint", doi="10.1234/abc"
    )
    people = {
        "anonymous": None,
        "outsider": UserFactory(),  # signed in, not a confirmed member
        "member": member(),  # a confirmed member, not on this team
        "invited": invited,
        "team": team,
        "co_pi": co_pi,
        "pi": pi,
        "staff": UserFactory(is_staff=True),
    }
    ids = {
        "invitation": invitation.pk,
        "member": project.team.get(user=team).pk,
        "share": share.pk,
        "output": output.pk,
    }
    return project, people, ids


SEES = {"anonymous": 404, "outsider": 404, "member": 404}  # the draft stays unknown
LOGGED = {"anonymous": LOGIN, "outsider": 404, "member": 404}
LEADS_ONLY = {**LOGGED, "invited": 403, "team": 403, "staff": 403}
PI_ONLY = {**LEADS_ONLY, "co_pi": 403}

# (url name, argument, method, data, {role: status}, default for the other roles)
TABLE = [
    ("index", None, "get", None, {}, 200),
    ("new", None, "get", {}, {"anonymous": LOGIN, "outsider": 403}, 200),
    ("new", None, "post", {}, {"anonymous": LOGIN, "outsider": 403}, 400),
    ("project", "slug", "get", None, SEES, 200),
    ("project", "slug", "post", None, {}, 405),
    ("edit", "slug", "get", None, LEADS_ONLY, 200),
    ("edit", "slug", "post", {}, LEADS_ONLY, 400),
    ("submit", "slug", "get", None, {"anonymous": LOGIN}, 405),
    ("submit", "slug", "post", {}, PI_ONLY, 302),
    ("withdraw", "slug", "post", None, PI_ONLY, 302),
    ("complete", "slug", "post", None, PI_ONLY, 400),  # a draft is not completed
    ("team", "slug", "get", None, LEADS_ONLY, 200),
    ("invite", "slug", "post", {}, LEADS_ONLY, 400),
    # Anyone confirmed may ask: the domain says a draft takes no requests. Outsiders 404.
    ("join", "slug", "post", {}, {**LOGGED, "outsider": 404}, 400),
    ("leave", "slug", "post", None, {**LOGGED, "staff": 403, "team": 302, "co_pi": 302}, 400),
    ("accept", "invitation", "post", None, {**LOGGED, "invited": 302}, 403),
    ("decline", "invitation", "post", None, {**LOGGED, "invited": 302}, 403),
    ("approve", "invitation", "post", {"role": "member"}, LEADS_ONLY, 400),  # not a request
    ("request_decline", "invitation", "post", {}, LEADS_ONLY, 400),
    ("remove", "member", "post", None, LEADS_ONLY, 302),
    ("role", "member", "post", {"role": "student"}, LEADS_ONLY, 302),
    ("share_add", "slug", "post", {}, PI_ONLY, 400),
    ("share_remove", "share", "post", None, PI_ONLY, 302),
    ("output_add", "slug", "post", {}, LEADS_ONLY, 400),
    ("output_remove", "output", "post", None, LEADS_ONLY, 302),
]


def _url(name, argument, project, ids):
    if argument is None:
        return reverse(f"projects:{name}")
    if argument == "slug":
        return reverse(f"projects:{name}", args=[project.slug])
    return reverse(f"projects:{name}", args=[project.slug, ids[argument]])


def _answers(client, rows, request):
    """Each row's request, its effects rolled back after it: every row meets the same
    world. Returns the rows whose answer is not the expected one."""
    wrong = []
    for row, expected in rows:
        savepoint = transaction.savepoint_create()
        try:
            response = request(row)
        finally:
            transaction.savepoint_rollback(savepoint)
        if expected == LOGIN:
            ok = response.status_code == 302 and reverse("account_login") in response["Location"]
        else:
            ok = response.status_code == expected
        if not ok:
            wrong.append(f"{row}: {response.status_code}, expected {expected}")
    return wrong


@pytest.mark.parametrize("role", ROLES)
def test_pages(client, world, role):
    project, people, ids = world
    if people[role] is not None:
        client.force_login(people[role])
    rows = [
        ((name, argument, method, data), statuses.get(role, default))
        for name, argument, method, data, statuses, default in TABLE
    ]

    def request(row):
        name, argument, method, data = row
        return getattr(client, method)(_url(name, argument, project, ids), data or {})

    assert _answers(client, rows, request) == []


API = [
    ("list", "get", None, {}, 200),
    ("list", "post", {}, {"anonymous": 401, "outsider": 403}, 400),
    ("detail", "get", None, {"anonymous": 404, "outsider": 404, "member": 404}, 200),
    (
        "detail",
        "patch",
        {},
        {
            "anonymous": 401,
            "outsider": 404,
            "member": 404,
            "invited": 403,
            "team": 403,
            "staff": 403,
        },
        200,
    ),
    ("detail", "put", {}, {"anonymous": 401, "outsider": 405, "member": 405}, 405),
    ("detail", "delete", None, {"anonymous": 401, "outsider": 405, "member": 405}, 405),
]


@pytest.mark.parametrize("role", ROLES)
def test_api(client, world, role):
    project, people, _ids = world
    if people[role] is not None:
        client.force_login(people[role])
    rows = [
        ((kind, method, data), statuses.get(role, default))
        for kind, method, data, statuses, default in API
    ]

    def request(row):
        kind, method, data = row
        url = (
            reverse("api:project-list")
            if kind == "list"
            else reverse("api:project-detail", args=[project.slug])
        )
        return getattr(client, method)(url, data or {}, content_type="application/json")

    assert _answers(client, rows, request) == []
