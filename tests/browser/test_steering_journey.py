"""An institution applies, the committee reviews and votes, the chair decides, and the
applicant sees the decision and represents the new member: in Chromium, checked by axe.

The applicant logs in through the log-in page; committee members arrive already logged in
(a session cookie), since their log-in with a second factor is the members app's journey.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from members.models import ExpertiseArea, Institution, Profile
from steering.models import Case, Seat
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, UserFactory
from tests.steering.factories import SeatFactory

INSTITUTION = "New Lab for Scientific AI"


@pytest.fixture
def committee(transactional_db):
    # Browser tests flush the database between tests, taking the migrations' taxonomy too.
    for slug, name in [("evaluation", "Evaluation"), ("chemistry", "Chemistry")]:
        ExpertiseArea.objects.get_or_create(slug=slug, defaults={"name": name, "group": "methods"})
    chair = SeatFactory(role=Seat.Role.CHAIR, institution__name="Chair University")
    vice = SeatFactory(role=Seat.Role.VICE_CHAIR, institution__name="Vice Institute")
    reviewers = [
        SeatFactory(institution__name="Evaluation Lab"),
        SeatFactory(institution__name="Chemistry Lab"),
    ]
    for seat, areas in zip(reviewers, [["evaluation"], ["chemistry", "evaluation"]], strict=True):
        profile = Profile.objects.get(user=seat.representative)
        profile.expertise.set(ExpertiseArea.objects.filter(slug__in=areas))
    return {"chair": chair, "vice": vice, "reviewers": reviewers}


def _check(page: Page, name: str) -> None:
    """As the `checkpoint` fixture does, for pages in the committee members' own contexts."""
    assert_accessible(page)
    if os.environ.get("BROWSER_SCREENSHOTS"):
        path = Path(os.environ["BROWSER_SCREENSHOTS"]) / f"browser-steering-{name}.png"
        page.screenshot(path=path, full_page=True)


def _applicant_applies(page: Page, checkpoint) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail:").fill("rosa@newlab.example.org")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto("/committee/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Steering committee")
    checkpoint("steering-committee")
    page.get_by_role("link", name="Apply for membership").click()
    expect(page.get_by_role("heading", name="Apply for membership")).to_be_visible()
    checkpoint("steering-apply")
    page.get_by_label("Institution's name").fill(INSTITUTION)
    page.get_by_label("Short name").fill("NLSA")
    page.get_by_label("Kind of institution").select_option(label="Research institute")
    page.get_by_label("Country").select_option(label="Germany")
    page.get_by_label("Website").fill("https://newlab.example.org")
    page.get_by_label("E-mail domains").fill("newlab.example.org")
    page.get_by_label("Your role at the institution").fill("Director")
    page.get_by_label("Motivation").fill("We build foundation models for chemistry.")
    page.get_by_label("Evaluation").check()
    page.get_by_label("Chemistry").check()
    page.get_by_role("button", name="Submit the application").click()

    expect(page.get_by_role("status")).to_contain_text("Your application is with the steering")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Membership of {INSTITUTION}")
    checkpoint("steering-proposal-submitted")


def _chair_starts_and_assigns(page: Page, reviewers, check) -> None:
    page.goto("/committee/dashboard/")
    check(page, "dashboard")
    page.get_by_role("region", name="Cases I chair").get_by_role(
        "link", name="Start the review"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Membership of {INSTITUTION}")
    check(page, "case-submitted")
    page.get_by_label("Reviews due by").fill(
        (timezone.localdate() + timedelta(days=14)).isoformat()
    )
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("status")).to_contain_text("The review has started")
    suggestions = page.get_by_role("region", name="Chair").get_by_role("listitem")
    expect(suggestions.first).to_contain_text("Chemistry Lab — 2 shared areas")
    for seat in reviewers:
        page.get_by_label("Reviewer's seat").select_option(label=seat.institution.name)
        page.get_by_role("button", name="Assign reviewer").click()
        expect(page.get_by_role("status")).to_contain_text(f"{seat.institution.name} is asked")
    check(page, "case-in-review")


def _reviewer_reviews(page: Page, score: str, text: str, check, name: str) -> None:
    page.goto("/committee/dashboard/")
    page.get_by_role("region", name="My pending reviews").get_by_role("link").click()
    check(page, f"review-{name}")
    page.get_by_role("group", name="Score").get_by_label(score).check()
    page.get_by_role("group", name="Recommendation").get_by_label("Approve").check()
    page.get_by_label("Comments to the committee").fill(f"{text} for the committee")
    page.get_by_label("Comments to the proposer").fill(f"{text} for the proposer")
    page.get_by_role("button", name="Submit my review").click()
    expect(page.get_by_role("status")).to_contain_text("Your review is submitted.")
    expect(page.get_by_role("article")).to_have_count(1 if name == "first" else 2)
    check(page, f"reviews-{name}")


def _seat_votes(page: Page, case: Case, choice: str) -> None:
    page.goto(f"/committee/cases/{case.pk}/")
    page.get_by_role("group", name="Your seat's vote").get_by_label(choice).check()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("status")).to_contain_text("Your seat's vote is recorded.")


def test_an_institution_applies_and_the_committee_admits_it(
    page: Page, checkpoint, committee, open_as
):
    applicant = UserFactory(email="rosa@newlab.example.org", full_name="Rosa Founder")

    _applicant_applies(page, checkpoint)
    case = Case.objects.get(name=INSTITUTION)

    chair = open_as(committee["chair"].representative)
    _chair_starts_and_assigns(chair, committee["reviewers"], _check)

    for seat, score, name in zip(
        committee["reviewers"], ["4", "5"], ["first", "second"], strict=True
    ):
        _reviewer_reviews(open_as(seat.representative), score, f"Review {name}", _check, name)

    chair.goto(f"/committee/cases/{case.pk}/")
    chair.get_by_label("Vote closes at the end of").fill(
        (timezone.localdate() + timedelta(days=7)).isoformat()
    )
    chair.get_by_role("button", name="Open the vote").click()
    expect(chair.get_by_role("status")).to_contain_text("The vote is open.")
    _check(chair, "vote-open")
    _seat_votes(chair, case, "Approve")
    _seat_votes(open_as(committee["vice"].representative), case, "Abstain")
    for seat in committee["reviewers"]:
        _seat_votes(open_as(seat.representative), case, "Approve")

    chair.goto(f"/committee/cases/{case.pk}/")
    chair.get_by_role("link", name="Record the decision").click()
    expect(chair.get_by_text("A majority approves.")).to_be_visible()
    _check(chair, "decision")
    chair.get_by_role("group", name="Decision").get_by_label("Approved").check()
    chair.get_by_label("Rationale").fill("A strong chemistry group; welcome.")
    chair.get_by_role("button", name="Record the decision").click()
    expect(chair.get_by_role("status")).to_contain_text("The decision is recorded")
    expect(chair.get_by_role("heading", name="Decision: Approved")).to_be_visible()
    _check(chair, "case-approved")
    chair.get_by_role("link", name="Audit trail").click()
    expect(chair.get_by_role("cell", name="recorded the committee's decision")).to_be_visible()
    _check(chair, "audit")

    page.goto("/committee/proposals/")
    checkpoint("steering-my-proposals")
    page.get_by_role("link", name=f"Membership of {INSTITUTION}").click()
    decision = page.get_by_role("region", name="The committee's decision: Approved")
    expect(decision).to_contain_text("A strong chemistry group; welcome.")
    expect(decision).to_contain_text("Review first for the proposer")
    expect(decision).not_to_contain_text("Evaluation Lab")
    expect(decision).not_to_contain_text("for the committee")
    checkpoint("steering-proposal-decided")

    page.goto("/committee/")
    row = page.get_by_role("row").filter(has_text=INSTITUTION)
    expect(row).to_contain_text("Rosa Founder")
    expect(row).to_contain_text("Member")
    institution = Institution.objects.get(name=INSTITUTION)
    assert institution.status == Institution.Status.MEMBER
    assert institution.representative == applicant
    assert Seat.objects.get(institution=institution).representative == applicant
