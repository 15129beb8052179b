"""Rate limits key on the client behind the proxies we run, never on a forged header.

One setting, TRUSTED_PROXY_COUNT, decides it for allauth's log-in limits, DRF's throttles
and gunicorn alike.
"""

import runpy
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory
from tpc_portal.throttling import AnonRateThrottle, UserRateThrottle

PROXY = "10.0.0.2"


def _request(*, remote_addr: str, forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def _keys(request) -> set[str]:
    """The client address as each rate limit of the portal sees it."""
    return {
        get_adapter().get_client_ip(request),
        AnonRateThrottle().get_ident(request),
        UserRateThrottle().get_ident(request),
    }


CASES = [
    # (trusted proxies, peer, X-Forwarded-For, the client every limit must key on)
    (0, "198.51.100.7", None, "198.51.100.7"),
    (0, "198.51.100.7", "203.0.113.66", "198.51.100.7"),
    (0, "198.51.100.7", "203.0.113.66, 192.0.2.1", "198.51.100.7"),
    (1, PROXY, "198.51.100.7", "198.51.100.7"),
    (1, PROXY, "203.0.113.66, 198.51.100.7", "198.51.100.7"),
    (1, PROXY, None, PROXY),
    (2, PROXY, "203.0.113.66, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
    (2, PROXY, "198.51.100.7", "198.51.100.7"),
]


@pytest.mark.parametrize(("count", "peer", "forwarded_for", "client"), CASES)
def test_every_rate_limit_finds_the_same_client(settings, count, peer, forwarded_for, client):
    settings.TRUSTED_PROXY_COUNT = count

    assert _keys(_request(remote_addr=peer, forwarded_for=forwarded_for)) == {client}


def test_a_forged_forwarded_for_does_not_change_the_key_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    plain = _keys(_request(remote_addr="198.51.100.7"))

    for forged in ("1.2.3.4", "5.6.7.8, 9.10.11.12", "garbage"):
        assert _keys(_request(remote_addr="198.51.100.7", forwarded_for=forged)) == plain


def test_behind_one_proxy_the_right_most_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    keys = _keys(_request(remote_addr=PROXY, forwarded_for="1.2.3.4, 198.51.100.7"))

    assert keys == {"198.51.100.7"}


def test_drf_is_told_the_same_count():
    from django.conf import settings

    assert api_settings.NUM_PROXIES == settings.TRUSTED_PROXY_COUNT
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT


def _log_in(client, email, password, *, behind_proxy_from):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=behind_proxy_from,
    )


@pytest.mark.django_db
def test_failed_log_ins_through_the_proxy_do_not_lock_out_another_person(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    victim = UserFactory()
    # Eleven failures with made-up accounts and forged addresses, all from one attacker
    # whose real address the proxy appends.
    for attempt in range(11):
        response = _log_in(
            client,
            f"made-up-{attempt}@example.org",
            "guess",
            behind_proxy_from=f"192.0.2.{attempt}, 203.0.113.66",
        )
    # The attacker is limited, whatever they put in the header...
    assert "Too many failed login attempts" in response.content.decode()

    # ...and the next person through the same proxy signs in.
    response = _log_in(client, victim.email, PASSWORD, behind_proxy_from="198.51.100.7")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(victim.pk)


@pytest.mark.django_db
def test_the_anonymous_api_throttle_ignores_a_forged_forwarded_for(settings, monkeypatch):
    settings.TRUSTED_PROXY_COUNT = 0
    # The rates are read into the class when DRF loads; three a minute keeps the test short.
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    api = APIClient()

    statuses = [
        api.get(
            "/api/v1/institutions/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        ).status_code
        for n in range(5)
    ]

    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.parametrize(
    ("environment", "trusted"),
    [
        ({}, "127.0.0.1,::1"),
        ({"TRUSTED_PROXY_COUNT": "0"}, "127.0.0.1,::1"),
        ({"TRUSTED_PROXY_COUNT": "1"}, "*"),
        ({"TRUSTED_PROXY_COUNT": "1", "FORWARDED_ALLOW_IPS": "10.0.0.0/8"}, "10.0.0.0/8"),
    ],
)
def test_gunicorn_trusts_forwarded_headers_only_with_a_proxy(monkeypatch, environment, trusted):
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))

    assert config["forwarded_allow_ips"] == trusted
