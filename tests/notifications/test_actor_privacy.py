import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_inbox_never_shows_the_address_of_an_actor_without_a_name(client, announce):
    reader = UserFactory()
    nameless = UserFactory(full_name="", email="hidden.person@example.org")
    announce([reader], actor=nameless)
    client.force_login(reader)

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert "Hackathon registration is open" in page
    assert "hidden.person@example.org" not in page
