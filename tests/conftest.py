import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.utils import translation

from tests.factories import UserFactory
from tpc_portal.celery import app as celery_app


def pytest_configure(config):
    """Under pytest-xdist the workers share a Redis cache (CI's CACHE_URL): each keeps its
    keys under its own prefix, so that clearing them (clear_cache) spares the others'."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and settings.CACHES["default"]["BACKEND"] == REDIS_CACHE:
        settings.CACHES["default"]["KEY_PREFIX"] = worker


REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def clear_cache() -> None:
    """Empty this test process's cache. On Redis, cache.clear() would empty the whole
    database, the other xdist workers' keys too: only our prefix's keys go."""
    backend = caches["default"]  # `cache` is a proxy: isinstance() needs the backend
    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    if not isinstance(backend, RedisCache) or not prefix:
        backend.clear()
        return
    client = backend._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: each test starts with none spent."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per person; the real hasher takes most of a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request):
    """Tests run Celery tasks in-process even when CI sets a broker, so that what a task
    sends is in mail.outbox; the tests marked `broker` talk to a real worker instead."""
    if request.node.get_closest_marker("broker"):
        yield
        return
    eager, propagates = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = eager
    celery_app.conf.task_eager_propagates = propagates


@pytest.fixture(autouse=True)
def _english_after_each_test(settings):
    """A request in another language leaves it active in the thread; the next test speaks
    English again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
