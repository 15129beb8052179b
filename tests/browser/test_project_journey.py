"""A researcher drafts a project in the proposal form and sees similar work appear as they
type, says how theirs differs, and invites a co-PI from another institution, who accepts in
their own browser; the PI submits the proposal, the committee votes and its chair records
the approval; the project is active and a visitor finds it in the project directory. In
Chromium, every page on the way checked by axe.

The researcher logs in through the log-in page; the co-PI and the chair arrive already
logged in (a session cookie). The committee's review and vote are the steering journey's
pages: here they are done through its services.
"""

import importlib
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from projects.models import Project, TeamMember
from steering import services as steering
from steering.models import Case, Seat
from steering.selectors import ballot_electorate
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, InstitutionFactory, ProfileFactory, ProjectFactory
from tests.steering.factories import SeatFactory

PI_EMAIL = "priya.pi@folding-lab.example"
TITLE = "Foundation model for protein complexes"
SUMMARY = "A foundation model predicts the structure of protein complexes from amino-acid sequence."
TWIN = "Foundation model for protein folding"
DIFFERS = "Ours predicts complexes of several chains, not single chains."
PARTNER = "Coastal Institute of Technology"


@pytest.fixture
def world(transactional_db):
    from django.apps import apps

    # A transactional test may have emptied the tables the data migration filled.
    importlib.import_module("members.migrations.0003_expertise_taxonomy").seed(apps, None)
    lab = InstitutionFactory(name="Folding Lab University", slug="folding-lab")
    partner = InstitutionFactory(name=PARTNER, slug="coastal-tech")
    pi = ProfileFactory(
        institution=lab, user__email=PI_EMAIL, user__full_name="Priya Investigator"
    ).user
    co_pi = ProfileFactory(institution=partner, user__full_name="Carlos Copi").user
    ProjectFactory(
        title=TWIN,
        summary="A foundation model predicts protein structure from amino-acid sequence.",
        expertise=["biology"],
    )
    seats = [
        SeatFactory(role=Seat.Role.CHAIR, institution__name="Chair University"),
        SeatFactory(role=Seat.Role.VICE_CHAIR, institution__name="Vice Institute"),
        *SeatFactory.create_batch(2),
    ]
    return {"pi": pi, "co_pi": co_pi, "chair": seats[0].representative}


def _check(page: Page, name: str) -> None:
    """As the `checkpoint` fixture does, for pages in the other people's own contexts."""
    assert_accessible(page)
    if os.environ.get("BROWSER_SCREENSHOTS"):
        path = Path(os.environ["BROWSER_SCREENSHOTS"]) / f"browser-project-{name}.png"
        page.screenshot(path=path, full_page=True)


def _pi_drafts(page: Page, checkpoint) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail:").fill(PI_EMAIL)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto("/projects/")
    expect(page.get_by_role("heading", name="Projects", level=1)).to_be_visible()
    checkpoint("project-directory")
    page.get_by_role("link", name="Propose a project").click()
    expect(page.get_by_role("heading", name="Propose a project", level=1)).to_be_visible()
    checkpoint("project-form-empty")

    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill(SUMMARY)
    # The panel fills in as they type: no button pressed, no page loaded.
    similar = page.get_by_role("region", name="Similar work", exact=True)
    twin = similar.get_by_role("listitem").filter(has_text=TWIN)
    expect(twin.get_by_role("link", name=TWIN)).to_be_visible()  # active: its page is open
    expect(twin).to_contain_text("close enough that the proposal must say how it differs")
    expect(page).to_have_url("/projects/new/")
    page.get_by_label("Kind of project").select_option(label="Model building")
    page.get_by_role("checkbox", name="Biology").check()
    expect(twin).to_contain_text("Areas in common: Biology")
    page.get_by_label("Keywords").fill("protein complexes, structure prediction")
    page.get_by_label("How does your project differ from similar work?").fill(DIFFERS)
    checkpoint("project-form-typed")
    page.get_by_role("button", name="Save the draft").click()

    expect(page.get_by_role("status")).to_contain_text("Your draft is saved.")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("Only its team can see this project")).to_be_visible()
    checkpoint("project-draft")


def _pi_invites(page: Page, checkpoint, co_pi) -> None:
    page.get_by_role("link", name="Team and invitations").click()
    expect(page.get_by_role("heading", name=f"Team of {TITLE}", level=1)).to_be_visible()
    checkpoint("project-team")
    invite = page.get_by_role("region", name="Invite a researcher")
    invite.get_by_label("Researcher").select_option(label=f"{co_pi.full_name} ({PARTNER})")
    invite.get_by_label("Role").select_option(label="Co-PI")
    invite.get_by_label("Message (optional)").fill("Your cryo-EM data would make this work.")
    invite.get_by_role("button", name="Send the invitation").click()

    expect(page.get_by_role("status")).to_contain_text("The invitation is sent.")
    invited = page.get_by_role("region", name="Invited", exact=True)
    expect(invited).to_contain_text(f"{co_pi.full_name} — Co-PI, {PARTNER}")
    checkpoint("project-team-invited")


def _co_pi_accepts(page: Page, co_pi) -> None:
    page.goto("/projects/")
    invitations = page.get_by_role("region", name="Invitations for you")
    expect(invitations).to_contain_text("Priya Investigator invites you as co-pi.")
    _check(page, "invitations")
    invitations.get_by_role("link", name=TITLE).click()
    invitation = page.get_by_role("region", name="You are invited to join this team")
    expect(invitation).to_contain_text("Your cryo-EM data would make this work.")
    _check(page, "invited")
    invitation.get_by_role("button", name="Accept").click()

    expect(page.get_by_role("status")).to_contain_text("Welcome to the team.")
    team = page.get_by_role("region", name="Team", exact=True)
    expect(team).to_contain_text(f"{co_pi.full_name} — Co-PI, {PARTNER}")
    _check(page, "accepted")


def _pi_submits(page: Page, checkpoint) -> None:
    page.get_by_role("link", name="Back to the project").click()
    expect(page.get_by_text("Multi-institution")).to_be_visible()
    checkpoint("project-team-joined")
    committee = page.get_by_role("region", name="The steering committee")
    # What they said in the form comes with the proposal; they need not say it again.
    expect(committee.get_by_label("How does your project differ from similar work?")).to_have_value(
        DIFFERS
    )
    committee.get_by_role("button", name="Submit to the committee").click()

    expect(page.get_by_role("status")).to_contain_text("Your project is with the steering")
    expect(
        page.get_by_text("The committee's case about this project is submitted.")
    ).to_be_visible()
    checkpoint("project-proposed")


def _committee_votes(case: Case, chair) -> None:
    steering.case_review_start(
        case=case, actor=chair, review_deadline=timezone.now() + timedelta(days=14)
    )
    ballot = steering.ballot_open(
        case=case, actor=chair, closes_at=timezone.now() + timedelta(days=7)
    )
    for seat in ballot_electorate(ballot):
        steering.vote_cast(ballot=ballot, actor=seat.representative, choice="approve")


def _chair_decides(page: Page, case: Case) -> None:
    page.goto(f"/committee/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    similar = page.get_by_role("region", name="Similar work", exact=True)
    expect(similar.get_by_role("listitem").filter(has_text=TWIN)).to_be_visible()
    expect(similar).to_contain_text(DIFFERS)
    _check(page, "case")
    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_text("A majority approves.")).to_be_visible()
    _check(page, "decision")
    page.get_by_role("group", name="Decision").get_by_label("Approved").check()
    page.get_by_label("Rationale").fill("Complexes are the next step; the two labs fit.")
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_role("status")).to_contain_text("The decision is recorded")
    expect(page.get_by_role("heading", name="Decision: Approved")).to_be_visible()
    _check(page, "case-approved")


def test_a_researcher_proposes_a_project_with_a_co_pi_and_the_committee_approves_it(
    page: Page, checkpoint, world, open_as
):
    _pi_drafts(page, checkpoint)
    _pi_invites(page, checkpoint, world["co_pi"])
    _co_pi_accepts(open_as(world["co_pi"]), world["co_pi"])
    _pi_submits(page, checkpoint)

    project = Project.objects.get(title=TITLE)
    assert project.status == Project.Status.PROPOSED
    assert project.differs_from_similar == DIFFERS
    case = project.cases.get()
    assert {i.name for i in case.institutions.all()} == {"Folding Lab University", PARTNER}
    _committee_votes(case, world["chair"])
    _chair_decides(open_as(world["chair"]), case)

    page.reload()
    expect(page.get_by_text("Only its team can see this project")).to_have_count(0)
    expect(page.get_by_text("The committee's case about this project is approved.")).to_be_visible()
    checkpoint("project-active")

    visitor = open_as(None)
    visitor.goto("/projects/")
    card = visitor.get_by_role("article").filter(has_text=TITLE)
    expect(card).to_contain_text("Active")
    expect(card).to_contain_text("multi-institution: 2 institutions")
    _check(visitor, "directory-visitor")
    card.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(visitor.get_by_text(f"{PARTNER}, Folding Lab University")).to_be_visible()
    _check(visitor, "active-visitor")

    project.refresh_from_db()
    assert project.status == Project.Status.ACTIVE
    roles = dict(project.team.values_list("user__full_name", "role"))
    assert roles == {"Priya Investigator": TeamMember.Role.PI, "Carlos Copi": TeamMember.Role.CO_PI}
