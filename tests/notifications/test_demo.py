"""notifications' demo takes the people it is given (seed_demo, the composition root,
passes the demo accounts)."""

import pytest

from notifications import demo
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_fills_only_the_inboxes_of_the_people_it_is_given():
    given, other = UserFactory(), UserFactory()

    lines = list(demo.seed([given]))

    assert len(lines) == 1
    assert Notification.objects.filter(recipient=given).count() == len(demo.DEMO_NOTICES)
    assert not Notification.objects.filter(recipient=other).exists()
    assert list(demo.seed([given])) == []  # idempotent
