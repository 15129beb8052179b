"""The projects API: a confirmed member's drafts, created with POST and edited with PATCH,
with field errors in the API's one shape."""

import pytest
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from projects.api import ProjectSummarySerializer
from projects.models import Project, TeamMember
from tests.factories import ProjectFactory, WorkingGroupFactory
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


@pytest.fixture
def listed(pi):
    """Projects as the list finds them: one of two institutions with areas and keywords,
    one of a single institution without either, one without a lead institution."""
    return [
        ProjectFactory(
            title="Climate emulator",
            created_by=pi,
            team=[member()],
            expertise=["climate", "evaluation"],
            keywords=["downscaling", "emulators"],
        ),
        ProjectFactory(title="Enzyme language model", status=Project.Status.COMPLETED),
        ProjectFactory(title="Shared benchmark suite", lead_institution=None),
    ]


SUMMARY = [
    "slug",
    "url",
    "title",
    "summary",
    "kind",
    "status",
    "lead_institution",
    "multi_institution",
    "expertise",
    "keywords",
    "created",
    "updated",
]


def test_the_list_gives_each_projects_summary_and_its_address_the_whole_project(listed):
    api = _api(member())

    row = api.get(LIST).json()["results"][0]
    whole = api.get(row["url"]).json()

    assert list(row) == SUMMARY
    assert row["multi_institution"] is True
    assert sorted(row["expertise"]) == ["climate", "evaluation"]
    assert {field: whole[field] for field in SUMMARY} == row
    assert len(whole["team"]) == 2
    assert set(whole) - set(row) == {
        "goals",
        "institutions",
        "working_groups",
        "pis",
        "team",
        "shares",
        "outputs",
    }


@pytest.mark.parametrize("params", [{}, {"q": "foundation model"}])
def test_the_list_writes_each_project_as_its_serializer_does(listed, params):
    """The list reads plain rows for speed; every field must still be what the summary
    serializer (and so the schema) says of the project."""
    caller = member()

    listed_rows = _api(caller).get(LIST, params).json()["results"]

    request = APIRequestFactory().get(LIST)
    request.user = caller
    by_slug = {project.slug: project for project in Project.objects.all()}
    expected = [
        ProjectSummarySerializer(by_slug[row["slug"]], context={"request": Request(request)}).data
        for row in listed_rows
    ]
    assert len(listed_rows) == 3
    assert listed_rows == [dict(row) for row in expected]
