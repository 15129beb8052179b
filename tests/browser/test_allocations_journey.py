"""A PI asks for a renewal of an allocation that ends soon, the committee's chair grants
less than asked, and the PI finds the new allocation beside the old one with its chart;
visitors read the site's page. Staff make the site a key on its page; the site's script,
over real HTTP to the live server, reads the new allocation with it and, once the new
period has begun, reports enough usage to pass 80 % of the grant; the PI then sees that use
on the allocation's chart and the 80 % notice in their inbox. In Chromium, every page
checked by axe.
"""

import http.client
import json
import re
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from notifications.models import Notification
from projects.models import Allocation, AllocationRequest, UsageRecord
from projects.notices import ALLOCATION_THRESHOLD
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
    UserFactory,
)
from tests.steering.factories import SeatFactory, give_totp


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
    return {
        "project": project,
        "allocation": allocation,
        "seats": seats,
        "next": following,
        "staff": give_totp(UserFactory(is_staff=True)),
    }


def test_a_pi_renews_the_committee_grants_less_and_the_site_reports_against_it(
    world, open_as, page: Page, live_server
):
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

    key = _key_made_on_the_sites_page(open_as(world["staff"]), allocation.resource.site)

    # The site's script finds the new allocation with its key, before the period begins.
    status, found = _site_calls(
        live_server,
        key,
        f"/api/v1/allocations/?project={project.slug}&active_on={renewed.start.isoformat()}",
    )
    assert status == 200, found
    [listed] = found["results"]
    assert (listed["id"], listed["period"], listed["status"]) == (renewed.pk, "Next", "active")
    assert (Decimal(listed["granted"]), Decimal(listed["used"])) == (30_000, 0)

    # Ten days into the new period the site reports those days: 24,500 of 30,000 (81.7 %).
    days = [renewed.start + timedelta(days=n) for n in range(10)]
    the_morning_after = datetime.combine(days[-1] + timedelta(days=1), time(9), UTC)
    with time_machine.travel(the_morning_after, tick=True):
        status, answer = _site_calls(
            live_server,
            key,
            "/api/v1/usage/",
            body={
                "records": [
                    {
                        "record_id": f"polaris-{day.isoformat()}",
                        "allocation": listed["id"],
                        "period_start": f"{day.isoformat()}T00:00:00Z",
                        "period_end": f"{(day + timedelta(days=1)).isoformat()}T00:00:00Z",
                        "amount": "2450",
                        "unit": listed["resource"]["unit"],
                        "user": "mfm-train",
                    }
                    for day in days
                ]
            },
        )
        assert status == 200, answer
        assert answer["counts"] == {"created": 10, "duplicate": 0, "conflict": 0}

        # The PI comes back (a new session: the old one has expired meanwhile).
        pi = open_as(project.created_by)
        _pi_sees_the_use_and_the_notice(pi, project)

    renewed.refresh_from_db()
    assert renewed.used == Decimal(24_500)
    assert renewed.warned_80 is not None
    assert (
        Notification.objects.filter(
            recipient=project.created_by, kind=ALLOCATION_THRESHOLD.key
        ).count()
        == 1
    )
    # Its e-mail left after the live server's commit, once.
    told = [m.subject for m in mail.outbox if m.to == [project.created_by.email]]
    assert sum("80% of the time on Aurora Computing Facility Polaris" in s for s in told) == 1


def _key_made_on_the_sites_page(staff: Page, site) -> str:
    """Staff make the site a key on its keys page, reached from the site's page; the key's
    clear text as the page shows it, once."""
    staff.goto(f"/projects/sites/{site.slug}/")
    assert_accessible(staff)
    staff.get_by_role("link", name=f"API keys of {site.name}").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"API keys of {site.name}")
    assert_accessible(staff)
    staff.get_by_label("What the key is for").fill("Accounting at Aurora")
    staff.get_by_role("button", name="Create a key").click()
    expect(staff.get_by_role("status")).to_contain_text("Copy it now")
    expect(staff.get_by_role("cell", name="Accounting at Aurora")).to_be_visible()
    assert_accessible(staff)
    key = staff.get_by_label("New key").input_value()
    assert key
    return key


def _site_calls(live_server, key: str, path: str, *, body: dict | None = None):
    """One call of a partner site's script to the live server, with its key, over HTTP:
    the status and the JSON answer."""
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    headers = {"Authorization": f"Api-Key {key}", "Accept": "application/json"}
    try:
        if body is None:
            connection.request("GET", path, headers=headers)
        else:
            headers["Content-Type"] = "application/json"
            connection.request("POST", path, body=json.dumps(body), headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def _pi_sees_the_use_and_the_notice(pi: Page, project) -> None:
    pi.goto(f"/projects/{project.slug}/allocations/")
    renewed = pi.get_by_role("region", name="Aurora Computing Facility · Polaris, Next")
    expect(
        renewed.get_by_role("img", name="Use of Polaris in Next over time")
    ).to_have_accessible_name(re.compile(r"Cumulative use, 24,500 of 30,000 GPU-hours granted"))
    expect(renewed).to_contain_text("24,500 GPU-hours")
    expect(renewed).to_contain_text("5,500 GPU-hours")  # remaining
    assert_accessible(pi)

    pi.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    expect(pi.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    notice = pi.get_by_role("listitem").filter(
        has=pi.get_by_role(
            "heading",
            name="Materials foundation model: 80% of the time on Aurora Computing Facility "
            "Polaris used",
        )
    )
    expect(notice).to_contain_text(
        "Materials foundation model has used 24,500 of the 30,000 GPU-hours granted on "
        "Aurora Computing Facility Polaris (80%)."
    )
    assert_accessible(pi)
