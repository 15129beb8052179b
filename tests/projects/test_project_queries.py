"""How many queries the directory, a project's page and the API cost: the same for 5 rows
as for 500, so that no N+1 hides in a card, a team or a serializer."""

import pytest
from django.urls import reverse

from members.models import ExpertiseArea, Keyword
from projects.models import Output, Project, Share, TeamMember
from projects.search import project_search_columns_update
from tests.factories import InstitutionFactory, ProjectFactory
from tests.projects.conftest import member

pytestmark = pytest.mark.django_db


def _projects(n, pi):
    """n active projects led by `pi`, each with two areas, a keyword and a co-PI from
    another institution (bulk inserts: 500 through the services would take minutes)."""
    other = member()
    projects = Project.objects.bulk_create(
        [
            Project(
                title=f"Project {i:04}",
                slug=f"project-{i:04}",
                summary="Scaling laws for scientific foundation models.",
                kind=Project.Kind.EVALUATION,
                status=Project.Status.ACTIVE,
                lead_institution=pi.profile.institution,
                created_by=pi,
            )
            for i in range(n)
        ]
    )
    TeamMember.objects.bulk_create(
        [
            TeamMember(project=p, user=pi, role="pi", institution=pi.profile.institution)
            for p in projects
        ]
        + [
            TeamMember(project=p, user=other, role="co_pi", institution=other.profile.institution)
            for p in projects
        ]
    )
    areas = list(ExpertiseArea.objects.all()[:2])
    Project.expertise.through.objects.bulk_create(
        [Project.expertise.through(project=p, expertisearea=a) for p in projects for a in areas]
    )
    keyword = Keyword.objects.create(name="scaling")
    Project.keywords.through.objects.bulk_create(
        [Project.keywords.through(project=p, keyword=keyword) for p in projects]
    )
    project_search_columns_update(project_ids=[p.pk for p in projects])
    return projects


@pytest.mark.parametrize("n", [5, 500])
def test_the_directory_costs_the_same_for_5_and_500(client, pi, n, django_assert_max_num_queries):
    _projects(n, pi)
    client.force_login(member())

    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:index"), {"kind": "evaluation", "q": "Project"})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == n
    assert "multi-institution: 2 institutions" in response.content.decode()


@pytest.mark.parametrize("n", [5, 500])
def test_my_projects_cost_the_same_for_5_and_500(client, pi, n, django_assert_max_num_queries):
    _projects(n, pi)
    client.force_login(pi)

    with django_assert_max_num_queries(13):
        response = client.get(reverse("projects:index"))

    assert len(response.context["mine"]) == n


@pytest.mark.parametrize("n", [5, 500])
@pytest.mark.parametrize("searched", [False, True])
def test_the_api_list_costs_the_same_for_5_and_500(
    client, pi, n, searched, django_assert_max_num_queries
):
    _projects(n, pi)
    client.force_login(member())
    # Two words and a facet, as the benchmark searches.
    params = {"q": "scaling laws", "expertise": ExpertiseArea.objects.first().slug}
    params = params if searched else {}

    with django_assert_max_num_queries(7):
        body = client.get(reverse("api:project-list"), {**params, "page_size": 100}).json()

    assert body["count"] == n
    assert body["results"][0]["multi_institution"] is True
    assert body["results"][0]["keywords"] == ["scaling"]
    assert "team" not in body["results"][0]  # on the project's own address


@pytest.mark.parametrize("n", [5, 500])
def test_the_api_detail_costs_the_same_for_a_team_of_5_and_500(
    client, pi, n, django_assert_max_num_queries
):
    project = _projects(1, pi)[0]
    lab = InstitutionFactory()
    people = [member(lab) for _ in range(n)] if n <= 5 else _many_members(n, lab)
    TeamMember.objects.bulk_create(
        [TeamMember(project=project, user=user, institution=lab) for user in people]
    )
    client.force_login(member())

    with django_assert_max_num_queries(10):
        body = client.get(reverse("api:project-detail", args=[project.slug])).json()

    assert len(body["team"]) == n + 2
    assert len(body["institutions"]) == 3


@pytest.mark.parametrize("n", [5, 500])
def test_a_project_page_costs_the_same_for_a_team_of_5_and_500(
    client, pi, n, django_assert_max_num_queries
):
    project = ProjectFactory(created_by=pi, expertise=["evaluation", "chemistry"])
    lab = InstitutionFactory()
    people = [member(lab) for _ in range(n)] if n <= 5 else _many_members(n, lab)
    TeamMember.objects.bulk_create(
        [TeamMember(project=project, user=user, institution=lab) for user in people]
    )
    Share.objects.bulk_create(
        [
            Share(
                project=project,
                what="data",
                description=f"Set {i}",
                terms="CC-BY-4.0",
                consented_by=pi,
            )
            for i in range(n)
        ]
    )
    Output.objects.bulk_create(
        [
            Output(project=project, kind="paper", title=f"Paper {i}", doi=f"10.1234/{i}")
            for i in range(n)
        ]
    )
    client.force_login(pi)

    with django_assert_max_num_queries(15):
        response = client.get(reverse("projects:project", args=[project.slug]))

    assert response.status_code == 200
    assert len(response.context["team"]) == n + 1


def _many_members(n, lab):
    """n confirmed members of `lab`, their accounts and profiles in bulk."""
    from members.models import Profile, User

    users = User.objects.bulk_create(
        [User(email=f"bulk{i}@lab.example", full_name=f"Bulk {i}") for i in range(n)]
    )
    Profile.objects.bulk_create(
        [Profile(user=user, display_name=user.full_name, institution=lab) for user in users]
    )
    return users
