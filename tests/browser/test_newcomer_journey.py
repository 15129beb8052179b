import re
import time

import time_machine
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import Page, expect

from members.models import User

NAME = "Ada Newcomer"
EMAIL = "ada.newcomer@example.org"
PASSWORD = "Trillion-params-2026!"


def _link_in(message) -> str:
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def _current_totp_code(secret: str) -> str:
    """The code an authenticator app holding `secret` shows right now."""
    step = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, step))


def _start_of_totp_step() -> float:
    return int(time.time()) // mfa_settings.TOTP_PERIOD * mfa_settings.TOTP_PERIOD + 0.5


def test_newcomer_signs_up_verifies_logs_in_and_turns_on_an_authenticator_app(
    page: Page, checkpoint
):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trillion Parameter Consortium")
    checkpoint("home")

    page.get_by_role("link", name="Sign up", exact=True).click()
    expect(page.get_by_role("heading", name="Sign up")).to_be_visible()
    checkpoint("signup")
    page.get_by_label("Your name").fill(NAME)
    page.get_by_label("E-mail:").fill(EMAIL)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", name="Verify your e-mail address")).to_be_visible()
    checkpoint("verification-sent")
    assert [m.to for m in mail.outbox] == [[EMAIL]]

    page.goto(_link_in(mail.outbox[0]))
    expect(page.get_by_role("heading", name="Confirm the e-mail address")).to_be_visible()
    checkpoint("confirm-email")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("status")).to_contain_text(f"You have confirmed {EMAIL}.")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    checkpoint("login")
    page.get_by_label("E-mail:").fill(EMAIL)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # The header names the person, never by their address; their links open under it.
    banner = page.get_by_role("banner")
    expect(banner.get_by_text(EMAIL)).to_have_count(0)
    expect(banner.locator("summary.account-name")).to_have_text(NAME)
    banner.locator("summary.account-name").click()
    banner.get_by_role("link", name="Settings").click()
    checkpoint("email-addresses")
    page.get_by_role("navigation", name="Account settings").get_by_role(
        "link", name="Two-factor authentication"
    ).click()
    expect(page.get_by_text("An authenticator app is not active.")).to_be_visible()
    checkpoint("2fa")
    page.get_by_role("link", name="Activate").click()

    # A second factor is a sensitive change: allauth asks for the password again first,
    # however recently the person logged in.
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    checkpoint("reauthenticate")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Turn on an authenticator app")).to_be_visible()
    checkpoint("activate-totp")
    secret = page.get_by_label("Authenticator secret").input_value()
    # Codes are valid for one 30-second step only: start a fresh step so that none ends
    # between reading the code and the server checking it.
    with time_machine.travel(_start_of_totp_step(), tick=True):
        page.get_by_label("Authenticator code").fill(_current_totp_code(secret))
        page.get_by_role("button", name="Activate").click()
        expect(page.get_by_role("status")).to_contain_text("Authenticator app activated.")
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    checkpoint("recovery-codes")

    page.get_by_role("link", name="Two-factor authentication").click()
    expect(page.get_by_text("Authentication using an authenticator app is active.")).to_be_visible()
    checkpoint("2fa-active")
    user = User.objects.get(email=EMAIL)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
