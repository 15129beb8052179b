from dataclasses import dataclass

import pytest
from django.utils import translation

from steering.models import Seat
from tests.steering.factories import SeatFactory


@dataclass
class Committee:
    chair: Seat
    vice: Seat
    members: list[Seat]

    @property
    def seats(self) -> list[Seat]:
        return [self.chair, self.vice, *self.members]


@pytest.fixture(autouse=True)
def _english_after_each_test(settings):
    """A request in another language leaves it active in the thread; the next test speaks
    English again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every seat holder is a user with a password; PBKDF2 would cost most of a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committee(db) -> Committee:
    """A chair, a vice-chair and three members, each representative with a second factor."""
    return Committee(
        chair=SeatFactory(role=Seat.Role.CHAIR),
        vice=SeatFactory(role=Seat.Role.VICE_CHAIR),
        members=SeatFactory.create_batch(3),
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
