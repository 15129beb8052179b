"""The directory's facets and search: one FilterSet for the page and the API; full-text
search over the stored vector on PostgreSQL, plain matching elsewhere."""

import pytest
from django.db import connection
from django.urls import reverse

from projects import services
from projects.models import Opening, Project, TeamMember
from projects.search import project_search_columns_update
from tests.factories import InstitutionFactory, ProjectFactory, WorkingGroupFactory
from tests.projects.conftest import draft, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(pi):
    lab = InstitutionFactory(slug="lab")
    group = WorkingGroupFactory(slug="evaluation-wg")
    climate = ProjectFactory(
        title="Climate downscaling benchmark",
        kind=Project.Kind.BENCHMARKING,
        expertise=["climate"],
        keywords=["downscaling"],
    )
    climate.working_groups.add(group)
    TeamMember.objects.create(project=climate, user=member(lab), institution=lab)
    proteins = ProjectFactory(
        title="Protein language model",
        kind=Project.Kind.MODEL_BUILDING,
        status=Project.Status.COMPLETED,
        expertise=["biology"],
        summary="Sequences of enzymes, folded.",
    )
    Opening.objects.create(
        project=proteins, position="postdoc", title="Postdoc", description="x", created_by=pi
    )
    return {"climate": climate, "proteins": proteins}


def _titles(response):
    return [project.title for project in response.context["page"].object_list]


def _api_titles(client, params):
    return [
        row["title"] for row in client.get(reverse("api:project-list"), params).json()["results"]
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Climate downscaling benchmark", "Protein language model"]),
        ({"kind": "benchmarking"}, ["Climate downscaling benchmark"]),
        (
            {"kind": ["benchmarking", "model_building"]},
            ["Climate downscaling benchmark", "Protein language model"],
        ),
        ({"status": "completed"}, ["Protein language model"]),
        ({"expertise": "biology"}, ["Protein language model"]),
        (
            {"expertise": ["biology", "climate"]},
            ["Climate downscaling benchmark", "Protein language model"],
        ),
        ({"institution": "lab"}, ["Climate downscaling benchmark"]),
        ({"working_group": "evaluation-wg"}, ["Climate downscaling benchmark"]),
        ({"has_openings": "true"}, ["Protein language model"]),
        ({"has_openings": "false"}, ["Climate downscaling benchmark"]),
        ({"q": "downscaling"}, ["Climate downscaling benchmark"]),  # a keyword
        ({"q": "enzymes"}, ["Protein language model"]),  # the summary
        ({"q": "protein", "kind": "benchmarking"}, []),
    ],
)
def test_each_facet_and_the_search_on_the_page_and_in_the_api(client, directory, params, expected):
    page = client.get(reverse("projects:index"), params)

    assert _titles(page) == expected
    assert _api_titles(client, params) == expected


def test_a_bad_filter_is_a_400_in_the_api_with_the_field(client, directory):
    response = client.get(reverse("api:project-list"), {"kind": "spaceship"})

    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_a_bad_filter_on_the_page_shows_the_error_not_a_500(client, directory):
    response = client.get(reverse("projects:index"), {"institution": "nowhere"})

    assert response.status_code == 200
    assert response.context["form"].errors["institution"]


def test_htmx_asks_for_the_results_alone(client, directory):
    response = client.get(reverse("projects:index"), {"q": "climate"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert "<html" not in body
    assert "Climate downscaling benchmark" in body


def test_a_search_counts_its_matches_on_each_page_of_the_api_and_the_directory(client, pi):
    """The page query counts a search's matches (members.pagination): the total is the
    same on every page, the pages do not overlap, and past the last one is a 404."""
    catalysis = {ProjectFactory(title=f"Catalysis study {i}").slug for i in range(7)}
    ProjectFactory(title="Protein folding")
    search = {"q": "catalysis", "page_size": 5}

    first = client.get(reverse("api:project-list"), search).json()
    second = client.get(reverse("api:project-list"), {**search, "page": 2}).json()
    past = client.get(reverse("api:project-list"), {**search, "page": 3})
    page = client.get(reverse("projects:index"), {"q": "catalysis"})
    nothing = client.get(reverse("api:project-list"), {"q": "tokamak"}).json()

    assert first["count"] == second["count"] == 7
    assert {row["slug"] for row in first["results"] + second["results"]} == catalysis
    assert past.status_code == 404
    assert page.context["page"].paginator.count == 7
    assert "7 projects" in page.content.decode()
    assert nothing == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.postgres
def test_postgres_ranks_a_title_match_above_a_summary_match(client, pi):
    in_summary = ProjectFactory(title="Catalysis", summary="A transformer for reactions.")
    in_title = ProjectFactory(title="Transformer for catalysis", summary="Reactions.")

    titles = _api_titles(client, {"q": "transformer"})

    assert titles == [in_title.title, in_summary.title]


@pytest.mark.postgres
def test_postgres_search_follows_what_the_services_save(client, pi):
    project = draft(pi, title="Tokamak plasma surrogate", keywords=["fusion"])
    project.status = Project.Status.ACTIVE
    project.save(update_fields=["status"])

    assert _api_titles(client, {"q": "fusion"}) == ["Tokamak plasma surrogate"]
    assert _api_titles(client, {"q": "plasma OR nothing"}) == ["Tokamak plasma surrogate"]
    Project.objects.filter(pk=project.pk).update(status=Project.Status.DRAFT)
    services.project_update(
        project=project,
        actor=pi,
        title="Stellarator surrogate",
        summary=project.summary,
        kind=project.kind,
        keywords=["stellarators"],
    )
    Project.objects.filter(pk=project.pk).update(status=Project.Status.ACTIVE)

    assert _api_titles(client, {"q": "tokamak"}) == []
    assert _api_titles(client, {"q": "stellarators"}) == ["Stellarator surrogate"]


def test_the_search_columns_are_only_written_on_postgres(pi):
    project = draft(pi)

    written = project_search_columns_update(project_ids=[project.pk])

    assert written == (1 if connection.vendor == "postgresql" else 0)
