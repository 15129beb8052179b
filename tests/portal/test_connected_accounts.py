"""'Connected accounts' is offered only where a social log-in provider is configured."""

import pytest
from django.urls import reverse

from tpc_portal import connected_accounts

pytestmark = pytest.mark.django_db


def test_without_a_provider_the_link_is_hidden_and_the_page_is_not_found(member_client):
    settings_page = member_client.get(reverse("account_email")).content.decode()

    assert "Connected accounts" not in settings_page
    assert member_client.get(reverse("socialaccount_connections")).status_code == 404


def test_visitor_is_sent_to_log_in_first(client):
    response = client.get(reverse("socialaccount_connections"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_with_a_provider_the_link_and_the_page_are_there(member_client, monkeypatch):
    # Configuring ORCID installs its app at start-up; here the one question is answered yes.
    monkeypatch.setattr(connected_accounts, "social_login_configured", lambda request: True)
    monkeypatch.setattr("portal.context_processors.social_login_configured", lambda request: True)

    settings_page = member_client.get(reverse("account_email")).content.decode()

    assert "Connected accounts" in settings_page
    assert member_client.get(reverse("socialaccount_connections")).status_code == 200
