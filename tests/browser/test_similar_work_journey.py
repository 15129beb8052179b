"""A postdoc checks for similar work as they type an idea, then finds an opening and asks
to hear of new ones; every page on the way is checked for accessibility."""

import importlib

import pytest
from playwright.sync_api import Page, expect

from members.models import Profile
from projects.models import OpeningSubscription, Project
from projects.search import project_search_columns_update
from tests.factories import PASSWORD, InstitutionFactory, OpeningFactory, ProfileFactory
from tests.factories import ProjectFactory as Projects

POSTDOC = "paula.postdoc@lab.example"


@pytest.fixture
def world(transactional_db):
    from django.apps import apps

    # A transactional test may have emptied the tables the data migration filled.
    importlib.import_module("members.migrations.0003_expertise_taxonomy").seed(apps, None)
    lab = InstitutionFactory(name="Similarity National Laboratory", slug="similarity-lab")
    ProfileFactory(
        institution=lab,
        user__email=POSTDOC,
        user__full_name="Paula Postdoc",
        career_stage=Profile.CareerStage.POSTDOC,
    )
    folding = Projects(
        title="Foundation model for protein folding",
        summary="A foundation model predicts protein structure from amino-acid sequence.",
        expertise=["biology"],
    )
    Projects(
        title="Protein design proposal of another lab",
        summary="Designing protein structures from sequence with generative models.",
        status=Project.Status.PROPOSED,
    )
    Projects(title="Turbulent flow simulation", summary="Resolving turbulence is expensive.")
    project_search_columns_update(project_ids=None)
    OpeningFactory(project=folding, title="Postdoc in protein foundation models")
    return folding


def test_a_postdoc_sees_similar_work_as_they_type_and_subscribes_to_openings(
    page: Page, checkpoint, world
):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail:").fill(POSTDOC)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto("/projects/similar/")
    expect(page.get_by_role("heading", name="Check for similar work", level=1)).to_be_visible()
    checkpoint("similar-empty")
    page.get_by_label("Title").fill("Protein structure prediction")
    page.get_by_label("Summary").fill("Predicting protein structure from sequence.")

    # The panel fills in as they type: no button pressed, no page loaded.
    panel = page.locator("#similar-work-results")
    # (A link once the project pages exist: projects:project.)
    expect(panel.get_by_text("Foundation model for protein folding")).to_be_visible()
    expect(panel.get_by_text("Protein design proposal of another lab")).to_be_visible()
    expect(panel.get_by_role("link", name="Protein design proposal of another lab")).to_have_count(
        0
    )  # a proposal of others: its title and status, no page to open
    expect(page).to_have_url("/projects/similar/")
    checkpoint("similar-typed")

    page.goto("/projects/opportunities/")
    expect(page.get_by_role("heading", name="Opportunities", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Postdoc in protein foundation models")).to_be_visible()
    checkpoint("openings")
    subscribe = page.get_by_role("region", name="Hear of new openings")
    subscribe.get_by_role("checkbox", name="Postdoc").check()
    subscribe.get_by_role("checkbox", name="Biology").check()
    subscribe.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_text("You will hear of new openings like these.")).to_be_visible()
    checkpoint("openings-subscribed")
    subscription = OpeningSubscription.objects.get(user__email=POSTDOC)
    assert subscription.positions == ["postdoc"]

    page.get_by_role("link", name="Postdoc in protein foundation models").click()
    expect(page.get_by_role("heading", name="Postdoc in protein foundation models")).to_be_visible()
    checkpoint("opening")
