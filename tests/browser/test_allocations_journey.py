"""A PI asks for a renewal of an allocation that ends soon, the committee's chair grants
less than asked, and the PI finds the new allocation beside the old one with its chart;
visitors read the site's page. In Chromium, every page checked by axe.

(The usage side of the journey - the site reports with its key, the 80 % notice - belongs
to the usage API and is exercised there.)
"""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from projects.models import Allocation, AllocationRequest, UsageRecord
from steering import services as steering
from steering.models import Seat
from steering.selectors import ballot_electorate
from tests.browser.axe import assert_accessible
from tests.factories import (
    AllocationFactory,
    AllocationPeriodFactory,
    ProjectFactory,
    ResourceFactory,
    SiteFactory,
)
from tests.steering.factories import SeatFactory


@pytest.fixture
def world(transactional_db):
    today = timezone.now().astimezone(UTC).date()
    current = AllocationPeriodFactory(
        name="Current",
        start=today - timedelta(days=150),
        end=today + timedelta(days=20),
        requests_open=timezone.now() - timedelta(days=300),
        requests_close=timezone.now() - timedelta(days=160),
    )
    following = AllocationPeriodFactory(
        name="Next",
        start=today + timedelta(days=21),
        end=today + timedelta(days=200),
        requests_open=timezone.now() - timedelta(days=30),
        requests_close=timezone.now() + timedelta(days=20),
    )
    site = SiteFactory(name="Aurora Computing Facility")
    resource = ResourceFactory(site=site, name="Polaris", capacity=100_000)
    project = ProjectFactory(title="Materials foundation model")
    allocation = AllocationFactory(project=project, resource=resource, period=current)
    for n in range(30):
        day = today - timedelta(days=30 - n)
        UsageRecord.objects.create(
            site=site,
            allocation=allocation,
            record_id=f"job-{n}",
            period_start=datetime.combine(day, time(0), tzinfo=UTC),
            period_end=datetime.combine(day, time(23), tzinfo=UTC),
            amount=Decimal(20),
        )
    Allocation.objects.filter(pk=allocation.pk).update(used=600)
    seats = [SeatFactory(role=Seat.Role.CHAIR), SeatFactory(role=Seat.Role.VICE_CHAIR)]
    seats += SeatFactory.create_batch(2)
    return {"project": project, "allocation": allocation, "seats": seats, "next": following}


@pytest.fixture
def open_as(browser, live_server):
    """A page in a fresh context where `user` is logged in (a session cookie)."""
    contexts = []

    def _open(user) -> Page:
        client = Client()
        client.force_login(user)
        context = browser.new_context(
            viewport={"width": 1280, "height": 800}, base_url=live_server.url
        )
        context.set_default_timeout(10_000)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def test_a_pi_renews_and_the_committee_grants_less(world, open_as, page: Page):
    project, allocation = world["project"], world["allocation"]
    pi = open_as(project.created_by)

    pi.goto(f"/projects/{project.slug}/allocations/")
    expect(pi.get_by_role("heading", level=1)).to_have_text(
        "Machine time of Materials foundation model"
    )
    expect(pi.get_by_role("img", name="Use of Polaris in Current over time")).to_be_visible()
    expect(pi.get_by_text("At this rate,")).to_be_visible()
    assert_accessible(pi)

    pi.get_by_role("link", name="Ask for machine time").click()
    assert_accessible(pi)
    pi.get_by_label("Renewal").check()
    expect(pi.get_by_label("New end date")).to_be_hidden()  # an extension's field
    pi.get_by_label("Allocation:").select_option(index=1)
    pi.get_by_label("Amount:").fill("40000")
    pi.get_by_label("Justification:").fill("The next stage of pre-training.")
    pi.get_by_role("button", name="Send to the committee").click()
    expect(pi.get_by_role("status")).to_contain_text("Your request is with the steering committee.")
    expect(pi.get_by_role("cell", name="Submitted")).to_be_visible()

    # The committee reviews and votes (their pages are the steering journey's).
    case = AllocationRequest.objects.get(project=project).cases.get()
    chair_user = world["seats"][0].representative
    steering.case_review_start(
        case=case, actor=chair_user, review_deadline=timezone.now() + timedelta(days=7)
    )
    ballot = steering.ballot_open(
        case=case, actor=chair_user, closes_at=timezone.now() + timedelta(days=7)
    )
    for seat in ballot_electorate(ballot):
        steering.vote_cast(ballot=ballot, actor=seat.representative, choice="approve")

    chair = open_as(chair_user)
    chair.goto(f"/committee/cases/{case.pk}/")
    expect(chair.get_by_role("heading", name="Capacity in Next")).to_be_visible()
    assert_accessible(chair)
    chair.get_by_role("link", name="Record the decision").click()
    assert_accessible(chair)
    chair.get_by_role("group", name="Decision").get_by_label("Approved").check()
    chair.get_by_label("Rationale").fill("Start with three quarters.")
    chair.get_by_label("Amount granted").fill("30000")
    chair.get_by_role("button", name="Record the decision").click()
    expect(chair.get_by_role("status")).to_contain_text("The decision is recorded")

    pi.goto(f"/projects/{project.slug}/allocations/")
    expect(
        pi.get_by_role("heading", name="Aurora Computing Facility · Polaris, Next")
    ).to_be_visible()
    expect(pi.get_by_role("cell", name="30,000 GPU-hours")).to_be_visible()
    assert_accessible(pi)
    renewed = Allocation.objects.get(period=world["next"])
    assert renewed.granted == Decimal(30_000)
    assert allocation.resource == renewed.resource

    page.goto(f"/projects/sites/{allocation.resource.site.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aurora Computing Facility")
    assert_accessible(page)
