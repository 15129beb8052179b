"""Similar work where people meet it: the proposal form's live panel (an htmx fragment) and
its page, the API, and the case page reviewers read. Who may ask, what an outsider learns
of a proposed project, and bad input."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from members.models import Profile
from projects.models import Project
from projects.search import project_search_columns_update
from tests.factories import InstitutionFactory, ProfileFactory, ProjectFactory, UserFactory
from tests.steering.factories import give_totp

pytestmark = pytest.mark.django_db

PROTEIN = {
    "title": "Protein structure prediction with a foundation model",
    "summary": "Predicting how a protein folds from its amino-acid sequence underpins drug "
    "design. We pretrain a foundation model on protein sequences.",
}


@pytest.fixture
def member():
    return ProfileFactory(user__full_name="Marie Member").user


@pytest.fixture
def existing():
    """An active project like the draft, a proposed one of others like it, a draft of
    others like it (never shown), and an unrelated active project."""
    lead = InstitutionFactory(name="Protein Lab")
    projects = {
        "active": ProjectFactory(
            title="Foundation model for protein folding",
            summary="A foundation model predicts protein structure from amino-acid sequence.",
            created_by=ProfileFactory(institution=lead).user,
            expertise=["biology"],
        ),
        "proposed": ProjectFactory(
            title="Protein structure prediction at scale",
            summary="Predicting protein folds from sequence with a pretrained model. Secret "
            "goals of the team.",
            status=Project.Status.PROPOSED,
            expertise=["biology"],
        ),
        "draft": ProjectFactory(
            title="Protein structure prediction draft",
            summary="Protein folding from sequence.",
            status=Project.Status.DRAFT,
        ),
        "unrelated": ProjectFactory(
            title="Turbulent flow simulation",
            summary="Resolving turbulence in computational fluid dynamics is expensive.",
        ),
    }
    project_search_columns_update(project_ids=None)
    return projects


def _panel(client, **data):
    return client.post(reverse("projects:similar"), PROTEIN | data, HTTP_HX_REQUEST="true")


# --- Who may ask ----------------------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.post(reverse("projects:similar"), PROTEIN)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_someone_not_confirmed_as_a_member_is_refused(client):
    client.force_login(ProfileFactory(institution=None).user)

    assert client.post(reverse("projects:similar"), PROTEIN).status_code == 403


# --- The panel and its page ----------------------------------------------------------------


def test_the_panel_lists_similar_existing_projects_as_a_fragment(client, member, existing):
    client.force_login(member)

    response = _panel(client)

    assert response.status_code == 200
    assert response.templates[0].name == "projects/includes/similar_results.html"
    assert "<html" not in response.content.decode()
    shown = [entry.project for entry in response.context["items"]]
    assert existing["active"] in shown
    assert existing["proposed"] in shown
    assert existing["draft"] not in shown
    assert "HX-Request" in response["Vary"]


def test_an_outsider_learns_a_proposed_projects_title_and_status_only(client, member, existing):
    client.force_login(member)

    page = _panel(client).content.decode()

    proposed = existing["proposed"]
    assert proposed.title in page
    assert "Proposed" in page
    assert "Secret goals" not in page
    assert proposed.lead_institution.name not in page
    assert f"/{proposed.slug}/" not in page


def test_the_proposed_projects_own_team_sees_it_whole(client, existing):
    proposed = existing["proposed"]
    client.force_login(proposed.created_by)

    response = _panel(client)

    entry = next(e for e in response.context["items"] if e.project == proposed)
    assert entry.whole is True
    assert proposed.lead_institution.name in response.content.decode()


def test_an_active_project_is_shown_whole_with_what_it_shares(client, member, existing):
    client.force_login(member)

    response = _panel(client, expertise=["biology", "physics"])

    entry = next(e for e in response.context["items"] if e.project == existing["active"])
    assert entry.whole is True
    assert "protein" in entry.item.shared_terms
    assert [area.slug for area in entry.item.shared_areas] == ["biology"]
    page = response.content.decode()
    assert "Protein Lab" in page
    assert "Biology" in page


def test_areas_may_come_as_ids_as_a_form_of_model_choices_sends_them(client, member, existing):
    client.force_login(member)
    biology = existing["active"].expertise.get()

    response = _panel(client, expertise=[str(biology.pk)])

    entry = next(e for e in response.context["items"] if e.project == existing["active"])
    assert [area.slug for area in entry.item.shared_areas] == ["biology"]


def test_an_empty_draft_asks_for_words(client, member, existing):
    client.force_login(member)

    response = _panel(client, title="", summary="")

    assert response.status_code == 200
    assert response.context["items"] == []
    assert "Type a title or a summary" in response.content.decode()


def test_bad_input_shows_its_errors_in_the_fragment_and_is_a_400_as_a_page(client, member):
    client.force_login(member)
    too_long = {"title": "x" * 201, "expertise": ["no-such-area"]}

    fragment = _panel(client, **too_long)
    page = client.get(reverse("projects:similar"), PROTEIN | too_long)

    assert fragment.status_code == 200  # htmx swaps no 4xx: the errors are in the fragment
    assert "error-summary" in fragment.content.decode()
    assert page.status_code == 400
    assert set(page.context["form"].errors) == {"title", "expertise"}


def test_without_a_script_the_check_is_a_page_of_its_own(client, member, existing):
    client.force_login(member)

    empty = client.get(reverse("projects:similar"))
    filled = client.get(reverse("projects:similar"), PROTEIN)

    assert empty.status_code == 200
    assert "<h1>" in empty.content.decode()
    assert existing["active"].title in filled.content.decode()


def test_the_panel_include_asks_as_the_proposer_types():
    draft_form = SimpleNamespace(
        title=SimpleNamespace(id_for_label="id_title"),
        summary=SimpleNamespace(id_for_label="id_summary"),
    )

    html = Template('{% include "projects/includes/similar_work.html" %}').render(
        Context({"form": draft_form})
    )

    assert f'hx-post="{reverse("projects:similar")}"' in html
    assert "input changed delay:700ms from:#id_title" in html
    assert "from:#id_summary" in html
    assert 'aria-live="polite"' in html
    assert "<script" not in html
    assert "25%" in html  # the threshold, stated


def test_the_panel_does_not_fade_its_text_while_it_updates():
    # axe found the panel's muted text at 2.8:1 while a request was under way: the panel
    # updates as the proposer types, so a faded panel is one they read.
    stylesheet = Path(finders.find("projects/similar.css")).read_text()
    updating = [rule for rule in stylesheet.split("}") if ".htmx-request" in rule]

    assert updating
    assert not [rule for rule in updating if "opacity" in rule or "color" in rule]


# --- The case page -------------------------------------------------------------------------


def _case_fragment(subject, reader) -> str:
    request = RequestFactory().get("/")
    request.user = reader
    return Template('{% include "projects/includes/similar_on_case.html" %}').render(
        Context({"subject": subject, "request": request, "user": reader})
    )


def test_reviewers_see_the_same_list_on_the_case_never_the_project_itself(existing, member):
    mine = ProjectFactory(
        title=PROTEIN["title"],
        summary=PROTEIN["summary"],
        status=Project.Status.PROPOSED,
        differs_from_similar="Ours predicts complexes, not single chains.",
        expertise=["biology"],
    )
    project_search_columns_update(project_ids=[mine.pk])
    reviewer = give_totp(ProfileFactory().user)

    html = _case_fragment(mine, reviewer)

    assert existing["active"].title in html
    assert existing["proposed"].title in html
    assert "Secret goals" not in html
    assert html.count(mine.title) == 0
    assert "Ours predicts complexes" in html


def test_the_case_fragment_says_so_when_nothing_is_similar(member):
    lonely = ProjectFactory(title="Quantum gravity poetry", summary="Sonnets about spacetime.")

    html = _case_fragment(lonely, AnonymousUser())

    assert "No existing project is like this proposal." in html


# --- The API -------------------------------------------------------------------------------

URL = "/api/v1/projects/similar/"


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_authenticate(member)
    return client


def test_the_api_ranks_with_scores_and_shared_terms(api, existing):
    response = api.post(URL, {**PROTEIN, "expertise_areas": ["biology"]}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["threshold"] == 0.25
    rows = body["results"]
    assert rows
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    active = next(r for r in rows if r["project"]["title"] == existing["active"].title)
    assert active["project"]["slug"] == existing["active"].slug
    assert active["project"]["lead_institution"] == "Protein Lab"
    assert "protein" in active["shared_terms"]
    assert active["shared_areas"] == ["biology"]
    assert existing["draft"].title not in {r["project"]["title"] for r in rows}


def test_the_api_shows_an_outsider_a_proposal_by_title_and_status_only(api, existing):
    rows = api.post(URL, PROTEIN, format="json").json()["results"]

    proposed = next(r for r in rows if r["project"]["title"] == existing["proposed"].title)
    assert proposed["project"] == {
        "title": existing["proposed"].title,
        "status": "proposed",
        "slug": None,
        "page": None,
        "lead_institution": None,
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "x" * 201}, "title"),
        ({"summary": "x" * 3001}, "summary"),
        ({"title": "Proteins", "expertise_areas": ["biology", "no-such-area"]}, "expertise_areas"),
        ({"title": "Proteins", "expertise_areas": "biology"}, "expertise_areas"),
        ({"title": ["a", "list"]}, "title"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, body, field):
    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_an_empty_draft_has_no_similar_work(api, existing):
    response = api.post(URL, {}, format="json")

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_the_api_is_for_confirmed_members(existing):
    visitor = APIClient().post(URL, PROTEIN, format="json")
    outsider = APIClient()
    outsider.force_authenticate(UserFactory())

    assert visitor.status_code == 401
    assert outsider.post(URL, PROTEIN, format="json").status_code == 403


def test_the_api_is_throttled_per_person(api, existing):
    from projects.api_similar import SimilarWorkThrottle

    rates = dict(SimilarWorkThrottle.THROTTLE_RATES, similar_work="2/minute")
    SimilarWorkThrottle.THROTTLE_RATES = rates
    try:
        answers = [api.post(URL, PROTEIN, format="json").status_code for _ in range(3)]
    finally:
        del SimilarWorkThrottle.THROTTLE_RATES

    assert answers == [200, 200, 429]


def test_the_api_path_is_not_taken_for_a_projects_slug():
    from django.urls import resolve

    assert resolve(URL).url_name == "project-similar"


def test_a_draft_cannot_find_itself_through_its_own_words(api):
    draft = ProjectFactory(title=PROTEIN["title"], summary=PROTEIN["summary"], status="draft")
    project_search_columns_update(project_ids=[draft.pk])

    assert api.post(URL, PROTEIN, format="json").json()["results"] == []


def test_career_stage_does_not_matter_here(client, existing):
    student = ProfileFactory(career_stage=Profile.CareerStage.STUDENT).user
    client.force_login(student)

    assert _panel(client).status_code == 200


def _many_like_the_draft(count: int) -> None:
    creator = UserFactory()
    Project.objects.bulk_create(
        [
            Project(
                title=f"Protein structure prediction {n}",
                slug=f"protein-{n}",
                summary=PROTEIN["summary"],
                kind=Project.Kind.MODEL_BUILDING,
                status=Project.Status.PROPOSED if n % 2 else Project.Status.ACTIVE,
                created_by=creator,
            )
            for n in range(count)
        ]
    )
    project_search_columns_update(project_ids=None)


@pytest.mark.parametrize("count", [5, 500])
def test_the_api_and_the_panel_cost_the_same_queries_for_5_and_500_projects(
    api, client, member, count, django_assert_max_num_queries
):
    _many_like_the_draft(count)
    client.force_login(member)
    _panel(client)  # the session and the member's profile, read once

    with django_assert_max_num_queries(6):
        rows = api.post(URL, {**PROTEIN, "expertise_areas": ["biology"]}, format="json")
    with django_assert_max_num_queries(10):
        panel = _panel(client, expertise=["biology"])

    assert len(rows.json()["results"]) == 5
    assert len(panel.context["items"]) == 5
