import pytest

from tests.factories import InstitutionFactory, ProfileFactory
from tpc_portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _fast_passwords_and_tasks_in_process(settings):
    """Hundreds of accounts hash quickly; notification e-mail tasks run in-process (even
    when CI sets a broker), so that a test reads what was sent from mail.outbox."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    eager, propagates = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = eager
    celery_app.conf.task_eager_propagates = propagates


@pytest.fixture
def lab(db):
    return InstitutionFactory(name="Argonne Demo Lab", slug="argonne-demo", domains=["lab.example"])


@pytest.fixture
def university(db):
    return InstitutionFactory(
        name="Demo University", slug="demo-university", country="GB", domains=["uni.example"]
    )


@pytest.fixture
def member(lab):
    """A confirmed member of the lab, with a listed profile."""
    return ProfileFactory(institution=lab, user__full_name="Marie Member")


@pytest.fixture
def member_of_uni(university):
    return ProfileFactory(institution=university, user__full_name="Uma University")


@pytest.fixture
def unaffiliated(db):
    return ProfileFactory(institution=None, user__full_name="Una Affiliated")
