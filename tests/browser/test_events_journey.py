"""An organiser in Berlin writes a workshop with two places and a question, saves it as a
draft and publishes it. Three members register: two take the places, the third is put on
the waitlist and told where she stands; when the first cancels, the third is moved up
and her page says so. On the day, the organiser checks people in on a phone-sized page
(390 px), searching by name. In Chromium, every page on the way checked by axe.

The clock stands on a fixed day (time_machine: the live server runs in this process, so it
reads the moved clock too).
"""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from events.models import Event, Registration
from members.models import Profile
from notifications.models import Notification
from tests.browser.axe import assert_accessible
from tests.factories import ProfileFactory

TITLE = "Workshop on evaluating science models"
NOW = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)
START = datetime(2027, 6, 10, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
PHONE = {"width": 390, "height": 844}


def _check(page: Page, name: str) -> None:
    """No serious accessibility violation; with BROWSER_SCREENSHOTS=<dir>, a screenshot."""
    assert_accessible(page)
    if folder := os.environ.get("BROWSER_SCREENSHOTS"):
        page.screenshot(path=Path(folder) / f"browser-events-{name}.png", full_page=True)


@pytest.fixture
def world(transactional_db):
    def person(name, zone="Europe/Berlin"):
        user = ProfileFactory(user__full_name=name).user
        Profile.objects.filter(user=user).update(time_zone=zone)
        return user

    return {
        "organiser": person("Olga Organiser"),
        "ann": person("Ann Archer", "America/Chicago"),
        "ben": person("Ben Baker"),
        "cy": person("Cy Cooper"),
    }


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def _organiser_publishes_the_workshop(page: Page) -> str:
    page.goto("/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    _check(page, "list")
    page.get_by_role("link", name="Organise an event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organise an event")
    _check(page, "form")

    page.get_by_label("Title:").fill(TITLE)
    page.get_by_label("Kind:").select_option(label="Workshop")
    page.get_by_label("Description:").fill("A day of **benchmarks** and shared results.")
    starts = page.get_by_role("group", name="Starts")
    starts.get_by_label("Day").fill("2027-06-10")
    starts.get_by_label("Time").fill("09:00")
    ends = page.get_by_role("group", name="Ends")
    ends.get_by_label("Day").fill("2027-06-10")
    ends.get_by_label("Time").fill("17:00")
    # Her own zone, from her profile, is the form's.
    expect(page.get_by_label("Time zone:")).to_have_value("Europe/Berlin")
    page.get_by_label("Venue:").fill("Jülich Supercomputing Centre, room 2")
    page.get_by_label("Places:", exact=True).fill("2")
    expect(page.get_by_label("Members of the consortium")).to_be_checked()
    expect(page.get_by_label("First come: places go in order of registration")).to_be_checked()
    first_question = page.get_by_role("group", name="Question 1")
    first_question.get_by_label("Question:").fill("Dietary needs")
    page.get_by_role("button", name="Save as a draft").click()

    expect(page.get_by_role("status")).to_contain_text("The event is saved as a draft")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Draft: only its organisers see it")).to_be_visible()
    expect(page.get_by_text("10 Jun 2027, 09:00 CEST", exact=True)).to_be_visible()
    _check(page, "draft")
    page.get_by_role("button", name="Publish the event").click()
    expect(page.get_by_role("status")).to_contain_text("The event is published")
    expect(page.get_by_text("2 places left")).to_be_visible()
    _check(page, "published")
    return page.url


def _registers(page: Page, url: str, diet: str, *, button: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    _check(page, f"register-{diet.lower()}")
    page.get_by_label("Dietary needs").fill(diet)
    page.get_by_role("button", name=button, exact=True).click()


def _organiser_checks_people_in_on_a_phone(phone: Page, url: str) -> None:
    phone.goto(url)
    phone.get_by_role("link", name="Registrations and waitlist").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Registrations: {TITLE}")
    people = phone.get_by_role("table", name="Registrations, in order of arrival")
    expect(people.get_by_role("rowheader")).to_have_text(["Ben Baker", "Cy Cooper"])
    expect(people.get_by_role("row").filter(has_text="Cy Cooper")).to_contain_text("Halal")
    _check(phone, "registrations-phone")

    phone.get_by_role("link", name="Check-in").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Check-in: {TITLE}")
    expect(phone.get_by_text("0 of 2 checked in.")).to_be_visible()
    _check(phone, "check-in-phone")
    phone.get_by_label("Name").fill("cy")
    phone.get_by_role("button", name="Find").click()
    door = phone.get_by_role("list", name="People holding a place")
    expect(door.get_by_role("listitem")).to_have_count(1)
    door.get_by_role("button", name="Check in Cy Cooper").click()
    expect(phone.get_by_role("status")).to_contain_text("Cy Cooper is checked in.")
    expect(phone.get_by_label("Name")).to_have_value("cy")  # the search is kept
    expect(door.get_by_role("listitem")).to_contain_text("Checked in (10 Jun 2027, 08:")
    _check(phone, "checked-in-phone")
    phone.get_by_role("link", name="Everyone").click()
    expect(phone.get_by_text("1 of 2 checked in.")).to_be_visible()
    expect(door.get_by_role("button", name="Check in Ben Baker")).to_be_visible()
    # Nothing is wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _check(phone, "check-in-everyone-phone")


def test_an_organiser_publishes_a_workshop_the_waitlist_moves_up_and_people_check_in(
    world, clock, page: Page, open_as
):
    organiser = open_as(world["organiser"])
    url = _organiser_publishes_the_workshop(organiser)
    event = Event.objects.get(title=TITLE)
    assert (event.start, event.capacity, event.status) == (START, 2, Event.Status.PUBLISHED)

    ann, ben, cy = (open_as(world[name]) for name in ("ann", "ben", "cy"))
    _registers(ann, url, "None", button="Register")
    expect(ann.get_by_role("status")).to_contain_text("You are registered")
    expect(ann.get_by_text("You hold a place.")).to_be_visible()
    # Ann reads the time in hers, beside the organiser's.
    expect(
        ann.get_by_text("10 Jun 2027, 09:00 CEST (your time 02:00 CDT)", exact=True)
    ).to_be_visible()
    _check(ann, "ann-registered")
    _registers(ben, url, "Vegetarian", button="Register")
    expect(ben.get_by_text("You hold a place.")).to_be_visible()
    _registers(cy, url, "Halal", button="Join the waitlist")
    expect(cy.get_by_role("status")).to_contain_text("you are on the waitlist")
    expect(cy.get_by_text("You are 1st on the waitlist.")).to_be_visible()
    _check(cy, "cy-waitlisted")
    cy.get_by_role("link", name="All my registrations").click()
    expect(cy.get_by_role("heading", level=1)).to_have_text("My registrations")
    expect(cy.get_by_role("row").filter(has_text=TITLE)).to_contain_text(
        "On the waitlist: 1st in line"
    )
    _check(cy, "cy-mine")

    ann.get_by_role("button", name="Cancel my registration").click()
    expect(ann.get_by_role("status")).to_contain_text("Your registration is cancelled.")
    _check(ann, "ann-cancelled")

    cy.goto(url)
    expect(cy.get_by_text("You hold a place.")).to_be_visible()
    _check(cy, "cy-promoted")
    cy.goto("/inbox/")
    expect(cy.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    assert Notification.objects.filter(recipient=world["cy"], kind="events.promoted").exists()
    statuses = dict(event.registrations.values_list("user__full_name", "status"))
    assert statuses == {
        "Ann Archer": Registration.Status.CANCELLED,
        "Ben Baker": Registration.Status.REGISTERED,
        "Cy Cooper": Registration.Status.REGISTERED,
    }

    clock.move_to(START + timedelta(minutes=-40))  # the morning of the workshop
    phone = open_as(world["organiser"], viewport=PHONE)
    _organiser_checks_people_in_on_a_phone(phone, url)
    assert event.registrations.get(user=world["cy"]).checked_in is not None
    assert event.registrations.get(user=world["ben"]).checked_in is None
