"""A site key authenticates its site, never a person; a bad one is refused at once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from projects.authentication import IsSiteKey, SiteKeyAuthentication, site_key_of
from projects.models import SiteKey
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def _request(header=None):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    return APIRequestFactory().get("/api/v1/allocations/", **extra)


def _key(**fields):
    return SiteKey.objects.create_key(name="accounting", site=SiteFactory(), **fields)


def test_a_valid_key_is_its_site_and_no_person():
    site_key, plaintext = _key()

    user, auth = SiteKeyAuthentication().authenticate(_request(f"Api-Key {plaintext}"))

    assert not user.is_authenticated
    assert auth == site_key
    assert auth.site == site_key.site


@pytest.mark.parametrize(
    "header", ["Api-Key nonsense", "Api-Key abc.def", "Api-Key ключ.значение", "Api-Key "]
)
def test_an_unknown_or_malformed_key_is_refused(header):
    _key()

    with pytest.raises(exceptions.AuthenticationFailed):
        SiteKeyAuthentication().authenticate(_request(header))


def test_a_wrong_secret_behind_a_real_prefix_is_refused():
    site_key, _plaintext = _key()

    with pytest.raises(exceptions.AuthenticationFailed):
        SiteKeyAuthentication().authenticate(_request(f"Api-Key {site_key.prefix}.wrong"))


def test_a_revoked_key_is_refused_at_once():
    site_key, plaintext = _key()
    site_key.revoked = True
    site_key.save()

    with pytest.raises(exceptions.AuthenticationFailed):
        SiteKeyAuthentication().authenticate(_request(f"Api-Key {plaintext}"))


def test_an_expired_key_is_refused():
    with time_machine.travel(NOW, tick=False):
        _site_key, plaintext = _key(expiry_date=NOW - timedelta(seconds=1))

        with pytest.raises(exceptions.AuthenticationFailed, match="expired"):
            SiteKeyAuthentication().authenticate(_request(f"Api-Key {plaintext}"))


def test_other_credentials_are_left_to_the_other_authentications():
    assert SiteKeyAuthentication().authenticate(_request()) is None
    assert SiteKeyAuthentication().authenticate(_request("Token abc")) is None


def test_the_last_use_is_written_at_most_once_a_minute():
    site_key, plaintext = _key()
    header = f"Api-Key {plaintext}"
    with time_machine.travel(NOW, tick=False):
        SiteKeyAuthentication().authenticate(_request(header))
    with time_machine.travel(NOW + timedelta(seconds=59), tick=False):
        SiteKeyAuthentication().authenticate(_request(header))
    site_key.refresh_from_db()
    assert site_key.last_used == NOW

    with time_machine.travel(NOW + timedelta(minutes=1, seconds=1), tick=False):
        SiteKeyAuthentication().authenticate(_request(header))
    site_key.refresh_from_db()
    assert site_key.last_used == NOW + timedelta(minutes=1, seconds=1)


def test_only_a_site_key_passes_is_site_key():
    site_key, _plaintext = _key()
    request = _request()
    request.auth = site_key
    assert site_key_of(request) == site_key
    assert IsSiteKey().has_permission(request, None)

    request.auth = None
    assert not IsSiteKey().has_permission(request, None)
