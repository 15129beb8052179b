"""Who may use the routes of similar work and openings: role x URL x method -> status."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from members.models import Profile
from projects.models import Project, TeamMember
from tests.factories import OpeningFactory, ProfileFactory, ProjectFactory, UserFactory
from tests.steering.factories import give_totp

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "unaffiliated", "member", "student", "team member", "co-PI", "PI", "staff"]
OPENING = {"position": "postdoc", "title": "Postdoc", "description": "Apply by e-mail."}
DRAFT = {"title": "Protein folding", "summary": "Predicting protein structure."}


@pytest.fixture
def world():
    project = ProjectFactory(title="Climate emulators")
    people = {
        "visitor": None,
        "unaffiliated": ProfileFactory(institution=None).user,
        "member": ProfileFactory().user,
        "student": ProfileFactory(career_stage=Profile.CareerStage.STUDENT).user,
        "team member": ProfileFactory().user,
        "co-PI": ProfileFactory().user,
        "PI": project.created_by,
        "staff": give_totp(UserFactory(is_staff=True, is_superuser=True)),
    }
    TeamMember.objects.create(project=project, user=people["team member"])
    TeamMember.objects.create(project=project, user=people["co-PI"], role=TeamMember.Role.CO_PI)
    return project, people


def _urls(project):
    opening = OpeningFactory(project=project)
    return {
        "similar": reverse("projects:similar"),
        "openings": reverse("projects:openings"),
        "opening": reverse("projects:opening", args=[opening.pk]),
        "new": reverse("projects:opening_new", args=[project.slug]),
        "edit": reverse("projects:opening_edit", args=[opening.pk]),
        "close": reverse("projects:opening_close", args=[opening.pk]),
        "subscribe": reverse("projects:openings_subscribe"),
        "unsubscribe": reverse("projects:openings_unsubscribe"),
    }


LOGIN = "login"  # a redirect to sign in
# (url, method, data): status for each role, in ROLES' order.
TABLE = [
    ("similar", "get", None, [LOGIN, 403, 200, 200, 200, 200, 200, 200]),
    ("similar", "post", DRAFT, [LOGIN, 403, 200, 200, 200, 200, 200, 200]),
    ("openings", "get", None, [200] * 8),
    ("openings", "post", {}, [405] * 8),
    ("opening", "get", None, [200] * 8),
    ("opening", "post", {}, [405] * 8),
    ("new", "get", None, [LOGIN, 403, 403, 403, 403, 200, 200, 403]),
    ("new", "post", OPENING, [LOGIN, 403, 403, 403, 403, 302, 302, 403]),
    ("edit", "get", None, [LOGIN, 403, 403, 403, 403, 200, 200, 200]),
    ("edit", "post", OPENING, [LOGIN, 403, 403, 403, 403, 302, 302, 302]),
    ("close", "get", None, [LOGIN, 405, 405, 405, 405, 405, 405, 405]),
    ("close", "post", {}, [LOGIN, 403, 403, 403, 403, 302, 302, 302]),
    ("subscribe", "get", None, [LOGIN, 405, 405, 405, 405, 405, 405, 405]),
    ("subscribe", "post", {"positions": ["student"]}, [LOGIN, 400, 400, 302, 400, 400, 400, 400]),
    ("unsubscribe", "post", {}, [LOGIN, 302, 302, 302, 302, 302, 302, 302]),
]


@pytest.mark.parametrize(("url", "method", "data", "statuses"), TABLE)
def test_pages(client, world, url, method, data, statuses):
    project, people = world
    answers = {}
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        # Each role acts on an opening of its own: closing one leaves the next role's open.
        response = getattr(client, method)(_urls(project)[url], data)
        login = response.status_code == 302 and reverse("account_login") in response["Location"]
        answers[role] = LOGIN if login else response.status_code

    assert answers == dict(zip(ROLES, statuses, strict=True))


@pytest.mark.parametrize("status", [s for s in Project.Status.values if s != "active"])
def test_no_opening_is_posted_on_a_project_that_is_not_active(client, status):
    project = ProjectFactory(status=status)
    client.force_login(project.created_by)

    assert client.get(reverse("projects:opening_new", args=[project.slug])).status_code == 403


@pytest.mark.parametrize("status", ["draft", "proposed"])
def test_an_unseen_project_is_not_found_rather_than_refused(client, status):
    project = ProjectFactory(status=status)
    client.force_login(ProfileFactory().user)

    assert client.get(reverse("projects:opening_new", args=[project.slug])).status_code == 404


API = [
    ("/api/v1/projects/similar/", "post", DRAFT, [401, 403, 200, 200, 200, 200, 200, 200]),
    ("/api/v1/projects/similar/", "get", None, [401, 403, 405, 405, 405, 405, 405, 405]),
    ("/api/v1/openings/", "get", None, [200] * 8),
    ("/api/v1/openings/", "post", {}, [405] * 8),
]


@pytest.mark.parametrize(("url", "method", "data", "statuses"), API)
def test_api(world, url, method, data, statuses):
    _project, people = world
    answers = {}
    for role in ROLES:
        api = APIClient()
        if people[role] is not None:
            api.force_authenticate(people[role])
        answers[role] = getattr(api, method)(url, data, format="json").status_code

    assert answers == dict(zip(ROLES, statuses, strict=True))
