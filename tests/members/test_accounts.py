import re

import pytest
from django.core import mail
from django.urls import reverse

from members.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Trillion-params-2026!"


def _sign_up(client, email):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "New Person",
            "email": email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )


def _log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_verify_by_emailed_link_then_log_in(client):
    response = _sign_up(client, "new.person@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]

    link = _link_in(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302

    client.logout()
    response = _log_in(client, "new.person@example.org", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("notifications:inbox")).status_code == 200


def test_unverified_address_cannot_log_in(client):
    _sign_up(client, "unverified@example.org")
    client.logout()

    response = _log_in(client, "unverified@example.org", NEW_PASSWORD)

    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_sixth_failed_log_in_within_five_minutes_is_refused_even_with_right_password(client):
    person = UserFactory()
    for _ in range(5):
        response = _log_in(client, person.email, "wrong password")
        assert "Too many failed login attempts" not in response.content.decode()

    response = _log_in(client, person.email, PASSWORD)

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_up_with_existing_address_looks_like_a_new_one(client):
    existing = UserFactory()

    existing_response = _sign_up(client, existing.email)
    client.logout()
    new_response = _sign_up(client, "brand.new@example.org")

    assert existing_response.status_code == new_response.status_code == 302
    assert existing_response["Location"] == new_response["Location"]
    assert User.objects.filter(email=existing.email).count() == 1
    # The owner of the existing address is told, and nobody else learns anything.
    assert [m.to for m in mail.outbox] == [[existing.email], ["brand.new@example.org"]]


def test_log_in_page_shows_no_orcid_button_without_credentials(client):
    assert "ORCID" not in client.get(reverse("account_login")).content.decode()
