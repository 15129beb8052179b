"""A newcomer's first steps: the sign-up page explains membership, and after verifying the
address and signing in the person reads where they stand and what to do next."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Trillion-params-2026!"


@pytest.fixture
def argonne(db):
    return InstitutionFactory(name="Argonne National Laboratory", slug="anl", domains=["anl.gov"])


def _sign_up_verify_and_sign_in(client, email):
    client.post(
        reverse("account_signup"),
        # The name under both names a sign-up form may give it; a form ignores the other.
        {
            "email": email,
            "full_name": "Ada Newcomer",
            "name": "Ada Newcomer",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    client.post(link.group(1))
    client.logout()
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_sign_up_page_says_an_institutional_address_makes_you_a_member(client, argonne):
    page = client.get(reverse("account_signup")).content.decode()

    assert "you become a member of the consortium automatically" in page
    assert f'href="{reverse("members:institutions")}"' in page


def test_after_verification_a_member_institution_address_is_told_its_membership(client, argonne):
    page = _sign_up_verify_and_sign_in(client, "ada@anl.gov")

    assert "You are a member through <strong>Argonne National Laboratory</strong>." in page
    assert "Complete your profile" in page
    assert "Find people" in page


def test_after_verification_another_address_is_asked_to_join_an_institution(client, argonne):
    page = _sign_up_verify_and_sign_in(client, "ada@example.org")

    assert "You are not affiliated with a member institution yet" in page
    assert f'<a href="{reverse("members:affiliation")}">Ask to join an institution</a>' in page
    assert "Complete your profile" in page
