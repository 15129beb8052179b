import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: each test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def member_client(client, user):
    client.force_login(user)
    return client


def pytest_runtest_setup(item):
    """PostgreSQL-only and broker-only tests run where those exist (CI has both)."""
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if item.get_closest_marker("broker") and not settings.CELERY_BROKER_URL:
        pytest.skip("needs a Celery broker: set CELERY_BROKER_URL=redis://...")
