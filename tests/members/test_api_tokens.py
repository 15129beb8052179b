import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tpc_portal.tasks import delete_expired_api_tokens

pytestmark = pytest.mark.django_db


def _create_token(client) -> str:
    page = client.post(reverse("members:api_tokens")).content.decode()
    match = re.search(r'id="new-token" type="text" readonly value="([0-9a-f]+)"', page)
    assert match, page
    return match.group(1)


def test_a_new_token_is_shown_once_and_calls_the_api(member_client, user):
    token = _create_token(member_client)

    api = APIClient()
    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").json()["email"] == (
        user.email
    )
    assert token not in member_client.get(reverse("members:api_tokens")).content.decode()


def test_a_revoked_token_stops_working(member_client):
    token = _create_token(member_client)
    key = AuthToken.objects.get().token_key

    member_client.post(reverse("members:api_token_revoke", args=[key]))

    assert APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401


def test_nobody_revokes_another_persons_token(member_client):
    other = UserFactory()
    AuthToken.objects.create(other)
    key = AuthToken.objects.get(user=other).token_key

    response = member_client.post(reverse("members:api_token_revoke", args=[key]), follow=True)

    assert AuthToken.objects.filter(user=other).exists()
    assert "does not exist" in response.content.decode()


def test_tokens_per_person_are_capped_with_a_clear_message(member_client, user):
    for _ in range(10):
        AuthToken.objects.create(user)

    response = member_client.post(reverse("members:api_tokens"))

    assert AuthToken.objects.filter(user=user).count() == 10
    assert "Revoke one you no longer use first" in response.content.decode()


def test_an_expired_token_is_refused_and_deleted_and_the_others_wait_for_the_daily_sweep(user):
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    with time_machine.travel(now - timedelta(days=400), tick=False):
        _, old = AuthToken.objects.create(user, expiry=timedelta(days=1))
        AuthToken.objects.create(user, expiry=timedelta(days=1))  # expires unused
    with time_machine.travel(now, tick=False):
        _, fresh = AuthToken.objects.create(user, expiry=timedelta(days=30))
        api = APIClient()

        assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {old}").status_code == 401
        with CaptureQueriesContext(connection) as calls:
            assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {fresh}").status_code == 200
        # Presenting a token reads that token (with its user) and nothing of the others.
        assert [q for q in calls if "knox_authtoken" in q["sql"]] == [calls[0]]
        assert AuthToken.objects.filter(user=user).count() == 2  # `old` deleted, one waits

        assert delete_expired_api_tokens() == 1

    assert list(AuthToken.objects.filter(user=user).values_list("token_key", flat=True)) == [
        fresh[:15]
    ]
