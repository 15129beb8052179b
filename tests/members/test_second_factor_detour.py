"""The second-factor detour: a page that needs a second factor sends the person to set one
up, and they land on the page they asked for afterwards (after the recovery codes, shown
once)."""

import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse

from tests.factories import PASSWORD
from tests.steering.factories import SeatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee_member_without_second_factor(client):
    seat = SeatFactory()
    user = seat.representative
    Authenticator.objects.filter(user=user).delete()
    return user


def _sign_in(client, user):
    """With a password, as a person does (so allauth asks for no reauthentication)."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _activate_totp(client, setup_url):
    # allauth asks for the password again before adding a factor, and comes back.
    reauthenticate = client.get(setup_url)
    assert reauthenticate["Location"].startswith(reverse("account_reauthenticate"))
    back = client.post(reauthenticate["Location"], {"password": PASSWORD})
    assert back["Location"] == setup_url
    page = client.get(setup_url)
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    return client.post(reverse("mfa_activate_totp"), {"code": code})


@time_machine.travel("2026-12-01 10:00:00 +0000", tick=False)
def test_committee_member_returns_to_the_page_asked_for_after_setting_up_totp(
    client, committee_member_without_second_factor
):
    _sign_in(client, committee_member_without_second_factor)
    asked_for = reverse("steering:dashboard") + "?tab=reviews"

    detour = client.get(asked_for)
    assert detour.status_code == 302
    assert detour["Location"].startswith(reverse("mfa_activate_totp") + "?next=")

    activated = _activate_totp(client, detour["Location"])
    assert activated.status_code == 302
    assert activated["Location"] == reverse("mfa_view_recovery_codes")

    codes = client.get(activated["Location"])
    assert codes.status_code == 200
    assert codes.context["continue_url"] == asked_for
    assert "Continue to the page you asked for" in codes.content.decode()
    assert client.get(asked_for).status_code == 200

    # Once only: the recovery codes page later offers no detour back.
    assert "continue_url" not in client.get(reverse("mfa_view_recovery_codes")).context


@time_machine.travel("2026-12-01 10:00:00 +0000", tick=False)
def test_a_next_to_another_site_is_not_followed(client, committee_member_without_second_factor):
    _sign_in(client, committee_member_without_second_factor)
    activated = _activate_totp(client, reverse("mfa_activate_totp") + "?next=https://evil.example/")

    codes = client.get(activated["Location"])

    assert "continue_url" not in codes.context
    assert "evil.example" not in codes.content.decode()


def test_a_refused_post_sends_to_the_setup_without_a_next(
    client, committee_member_without_second_factor
):
    client.force_login(committee_member_without_second_factor)
    response = client.post(reverse("steering:dashboard"))

    assert response["Location"] == reverse("mfa_activate_totp")
