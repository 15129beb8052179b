"""The projects API: a confirmed member's drafts, created with POST and edited with PATCH,
with field errors in the API's one shape."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects.models import Project, TeamMember
from tests.factories import WorkingGroupFactory
from tests.projects.conftest import draft, member, on_team

pytestmark = pytest.mark.django_db

LIST = reverse("api:project-list")


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_confirmed_member_creates_a_draft(pi):
    group = WorkingGroupFactory(slug="scaling")

    response = _api(pi).post(
        LIST,
        {
            "title": "Scaling study of climate emulators",
            "summary": "How emulator skill grows with parameters.",
            "kind": "benchmarking",
            "expertise": ["climate", "evaluation"],
            "keywords": ["Scaling laws"],
            "working_groups": ["scaling"],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["slug"] == "scaling-study-of-climate-emulators"
    assert body["pis"] == ["Ada Lead"]
    assert sorted(body["expertise"]) == ["climate", "evaluation"]
    assert body["keywords"] == ["scaling laws"]
    assert body["working_groups"] == [group.slug]
    project = Project.objects.get()
    assert project.team.get().role == TeamMember.Role.PI


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"summary": "s", "kind": "benchmarking"}, "title"),
        ({"title": "t", "summary": "s", "kind": "spaceship"}, "kind"),
        (
            {"title": "t", "summary": "s", "kind": "evaluation", "expertise": ["astrology"]},
            "expertise",
        ),
        ({"title": "t", "summary": "s", "kind": "evaluation", "keywords": ["k"] * 21}, "keywords"),
        ({"title": "t" * 201, "summary": "s", "kind": "evaluation"}, "title"),
    ],
)
def test_bad_input_is_a_400_with_the_field(pi, data, field):
    response = _api(pi).post(LIST, data, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Project.objects.exists()


def test_a_working_group_that_is_not_active_is_refused_with_the_field(pi):
    WorkingGroupFactory(slug="proposed-group", status="proposed")

    response = _api(pi).post(
        LIST,
        {"title": "t", "summary": "s", "kind": "evaluation", "working_groups": ["proposed-group"]},
        format="json",
    )

    assert response.status_code == 400
    assert "working_groups" in response.json()["errors"]


def test_a_patch_changes_what_it_names_and_keeps_the_rest(pi):
    project = draft(pi, keywords=["crystals"])
    co_pi = member()
    on_team(project, co_pi, role=TeamMember.Role.CO_PI)

    response = _api(co_pi).patch(
        reverse("api:project-detail", args=[project.slug]),
        {"summary": "A sharper summary."},
        format="json",
    )

    assert response.status_code == 200
    project.refresh_from_db()
    assert project.summary == "A sharper summary."
    assert project.title == "Foundation model for materials"
    assert [k.name for k in project.keywords.all()] == ["crystals"]


def test_someone_on_the_team_who_does_not_lead_it_cannot_patch(pi):
    project = draft(pi)
    someone = member()
    on_team(project, someone)

    response = _api(someone).patch(
        reverse("api:project-detail", args=[project.slug]), {"title": "Mine"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["message"]
