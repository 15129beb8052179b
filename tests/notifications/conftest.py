import pytest

from tests.notifications.smtp_sink import SmtpSink


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
