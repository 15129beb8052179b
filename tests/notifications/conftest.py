import pytest

from tests.notifications.smtp_sink import SmtpSink
from tpc_portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per person; the real hasher takes most of a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request):
    """Unit tests run Celery tasks in-process even when CI sets a broker; the tests marked
    `broker` talk to a real worker instead."""
    if request.node.get_closest_marker("broker"):
        yield
        return
    eager, propagates = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = eager
    celery_app.conf.task_eager_propagates = propagates


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on loopback, and the default mailer pointed at it."""
    sink = SmtpSink().start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
        }
    }
    yield sink
    sink.stop()


@pytest.fixture
def announce():
    """Announce something to people through the real service, as later apps will."""
    from notifications.notices import ANNOUNCEMENT
    from notifications.services import notify

    def _announce(recipients, subject="Hackathon registration is open", **kwargs):
        return notify(
            recipients,
            ANNOUNCEMENT,
            context={"subject": subject, "message": "See you there."},
            **kwargs,
        )

    return _announce
