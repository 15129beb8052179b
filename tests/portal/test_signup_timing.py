"""Sign-up must not tell by its timing whether an address already has an account.

The page and the redirect are the same either way (allauth's enumeration prevention); the
cost was not: a new address has its password hashed (most of a second with the real
hasher), a known one did nothing expensive. Both paths now do the same expensive work,
counted here rather than timed.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from members.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Trillion-params-2026!"


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def hasher_calls(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.calls = 0
    return lambda: CountingHasher.calls


def _sign_up(client, email):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    # Whatever else the sign-up form requires (a name, say) gets a plain value.
    form = client.get(reverse("account_signup")).context["form"]
    for name, field in form.fields.items():
        if field.required and name not in data:
            data[name] = "Ada Lovelace"
    return client.post(reverse("account_signup"), data)


def test_sign_up_hashes_a_password_for_a_known_address_as_for_a_new_one(client, hasher_calls):
    known = UserFactory()
    CountingHasher.calls = 0

    response = _sign_up(client, known.email)
    for_known = hasher_calls()
    client.logout()
    CountingHasher.calls = 0
    _sign_up(client, "brand.new@example.org")
    for_new = hasher_calls()

    assert response.status_code == 302
    assert for_new >= 1
    assert for_known == for_new
    # Still no second account, and the owner of the known address is told.
    assert User.objects.filter(email=known.email).count() == 1
    assert mail.outbox[0].to == [known.email]


def test_a_repeated_sign_up_with_a_known_address_still_hashes(client, hasher_calls):
    # The "you already have an account" mail goes out once in a while only; the work
    # that hides the address's existence is done every time.
    known = UserFactory()
    for _ in range(3):
        _sign_up(client, known.email)
        client.logout()
    CountingHasher.calls = 0

    _sign_up(client, known.email)

    assert hasher_calls() == 1
    assert len(mail.outbox) == 1
