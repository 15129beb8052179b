from dataclasses import dataclass

import pytest

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
