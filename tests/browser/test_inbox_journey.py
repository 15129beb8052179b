"""A researcher reads notices in the inbox without reloading it, then moves a kind to the
daily digest."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from notifications.models import Notification, NotificationPreference
from tests.factories import PASSWORD, UserFactory

EMAIL = "ada.inbox@lab.example"


@pytest.fixture
def ada(transactional_db):
    ada = UserFactory(email=EMAIL, full_name="Ada Inbox")
    now = timezone.now()
    for hours, title, read in [
        (30, "Welcome to the TPC Portal", True),
        (5, "Call for mentors: summer hackathon", False),
        (3, "New working group: evaluation and benchmarking", False),
        (1, "Steering committee meets on Thursday", False),
    ]:
        Notification.objects.create(
            recipient=ada,
            kind="announcement",
            title=title,
            body="Details are on the portal.",
            link="/events/",
            created=now - timedelta(hours=hours),
            read_at=now if read else None,
        )
    return ada


def test_researcher_reads_the_inbox_without_reloading_and_picks_a_digest(
    page: Page, checkpoint, ada
):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail:").fill(EMAIL)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Inbox 3 unread").click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    checkpoint("inbox")
    notices = page.get_by_role("listitem").filter(has=page.get_by_role("heading", level=2))
    expect(notices.first).to_contain_text("Steering committee meets on Thursday")

    page.evaluate("window.stillTheSamePage = true")
    notices.filter(has_text="Call for mentors").get_by_role("button", name="Mark read").click()
    expect(page.get_by_role("status")).to_contain_text("Marked read: Call for mentors")
    expect(main_nav.get_by_role("link", name="Inbox 2 unread")).to_be_visible()
    expect(notices.filter(has_text="Call for mentors").get_by_role("button")).to_have_count(0)

    page.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_role("status")).to_contain_text("All notices are marked read.")
    expect(main_nav.get_by_role("link", name="Inbox", exact=True)).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True  # no page load happened
    checkpoint("inbox-all-read")
    assert not Notification.objects.filter(recipient=ada, read_at__isnull=True).exists()

    page.get_by_role("link", name="E-mail preferences").click()
    expect(page.get_by_role("heading", name="E-mail preferences")).to_be_visible()
    checkpoint("preferences")
    announcements = page.get_by_role("group", name="Announcements")
    announcements.get_by_label("Daily digest").check()
    page.get_by_role("button", name="Save preferences").click()

    expect(page.get_by_role("status")).to_contain_text("Your notification preferences are saved.")
    expect(
        page.get_by_role("group", name="Announcements").get_by_label("Daily digest")
    ).to_be_checked()
    assert NotificationPreference.objects.get(user=ada, kind="announcement").delivery == "digest"
