"""Drafts and proposals are the team's: invisible to everyone else on pages, in the API and
in search counts; visitors see active and completed projects' public fields only."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects import services
from projects.models import Project
from tests.factories import InstitutionFactory, ProfileFactory, ProjectFactory, UserFactory
from tests.projects.conftest import draft, member, on_team

pytestmark = pytest.mark.django_db

S = Project.Status
HIDDEN = [S.DRAFT, S.PROPOSED, S.REVISION_REQUESTED, S.REJECTED, S.WITHDRAWN]


@pytest.fixture
def world(pi):
    """Ada's project at every status, each titled "Quasar <status>", with Tom on each
    team; someone invited to the draft; a stranger (a confirmed member elsewhere); staff."""
    tom = member(user__full_name="Tom Team")
    projects = {}
    for status in S:
        project = ProjectFactory(
            created_by=pi, status=status, title=f"Quasar {status.value}", team=[tom]
        )
        projects[status] = project
    invited = member()
    services.team_invite(project=projects[S.DRAFT], actor=pi, user=invited)
    return {
        "projects": projects,
        "pi": pi,
        "tom": tom,
        "invited": invited,
        "stranger": member(),
        "outsider": UserFactory(),
        "staff": UserFactory(is_staff=True),
    }


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["visitor", "stranger", "outsider"])
@pytest.mark.parametrize("status", HIDDEN)
def test_outsiders_get_404_for_a_project_that_is_not_public(client, world, who, status):
    user = None if who == "visitor" else world[who]
    project = world["projects"][status]

    page = _as(client, user).get(reverse("projects:project", args=[project.slug]))
    api = _as(client, user).get(reverse("api:project-detail", args=[project.slug]))

    assert page.status_code == 404
    assert api.status_code == 404


@pytest.mark.parametrize("who", ["pi", "tom", "staff"])
@pytest.mark.parametrize("status", HIDDEN)
def test_the_team_and_staff_see_it(client, world, who, status):
    project = world["projects"][status]

    page = _as(client, world[who]).get(reverse("projects:project", args=[project.slug]))

    assert page.status_code == 200
    assert "Only its team can see this project" in page.content.decode()


def test_an_invited_person_sees_the_draft_they_are_invited_to(client, world):
    project = world["projects"][S.DRAFT]

    page = _as(client, world["invited"]).get(reverse("projects:project", args=[project.slug]))

    assert page.status_code == 200


@pytest.mark.parametrize("who", ["visitor", "stranger", "outsider"])
def test_lists_searches_and_their_counts_leave_drafts_out_for_outsiders(client, world, who):
    user = None if who == "visitor" else world[who]
    public = {f"Quasar {S.ACTIVE.value}", f"Quasar {S.COMPLETED.value}"}

    page = _as(client, user).get(reverse("projects:index"), {"q": "Quasar"})
    api = _as(client, user).get(reverse("api:project-list"), {"q": "Quasar"})
    by_status = _as(client, user).get(reverse("api:project-list"), {"status": "draft"})

    assert page.context["page"].paginator.count == 2
    assert {project.title for project in page.context["page"].object_list} == public
    assert "2 projects" in page.content.decode()
    assert api.json()["count"] == 2
    assert {row["title"] for row in api.json()["results"]} == public
    assert by_status.json()["count"] == 0


def test_the_team_finds_its_own_drafts(client, world):
    page = _as(client, world["tom"]).get(reverse("projects:index"), {"q": "Quasar"})

    assert page.context["page"].paginator.count == len(S)


def test_visitors_see_the_pi_and_the_institutions_but_not_the_team(client, world):
    project = world["projects"][S.ACTIVE]

    page = _as(client, None).get(reverse("projects:project", args=[project.slug]))
    api = APIClient().get(reverse("api:project-detail", args=[project.slug])).json()

    body = page.content.decode()
    assert "Ada Lead" in body
    assert "Tom Team" not in body
    assert api["team"] is None
    assert api["pis"] == ["Ada Lead"]
    assert {i["name"] for i in api["institutions"]} == {
        world["pi"].profile.institution.name,
        world["tom"].profile.institution.name,
    }


def test_confirmed_members_see_the_team(client, world):
    project = world["projects"][S.ACTIVE]

    page = _as(client, world["stranger"]).get(reverse("projects:project", args=[project.slug]))
    api = _as(client, world["stranger"]).get(reverse("api:project-detail", args=[project.slug]))

    assert "Tom Team" in page.content.decode()
    assert {row["name"] for row in api.json()["team"]} == {"Ada Lead", "Tom Team"}


def test_a_hidden_address_of_someone_on_the_team_is_shown_nowhere(client, pi):
    hidden = ProfileFactory(
        institution=InstitutionFactory(),
        user__full_name="",
        user__email="quiet.person@lab.example",
        display_name="",
        visibility="hidden",
    ).user
    project = draft(pi)
    on_team(project, hidden)
    project.status = S.ACTIVE
    project.save()

    for user in (None, member(), pi, hidden):
        for url in (
            reverse("projects:project", args=[project.slug]),
            reverse("projects:index"),
            reverse("api:project-detail", args=[project.slug]),
            reverse("api:project-list"),
        ):
            body = _as(client, user).get(url).content.decode()
            assert "quiet.person@lab.example" not in body, (user, url)
    page = _as(client, pi).get(reverse("projects:project", args=[project.slug]))
    assert "a TPC member" in page.content.decode()


def test_history_is_for_the_team(client, world):
    project = world["projects"][S.ACTIVE]

    team = _as(client, world["tom"]).get(reverse("projects:project", args=[project.slug]))
    stranger = _as(client, world["stranger"]).get(reverse("projects:project", args=[project.slug]))

    assert "history" in team.context
    assert "history" not in stranger.context
