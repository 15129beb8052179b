"""The SMTP plumbing delivery and the digest share (notifications/services/sending.py),
through a real SMTP server on loopback."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.core.mail import EmailMessage

import notifications
from notifications import services
from notifications.models import Digest, EmailState, Notification
from notifications.services.sending import Outcome, Refusal, send_batch, send_claimed
from tests.factories import UserFactory
from tests.notifications.smtp_sink import free_port

pytestmark = pytest.mark.django_db


def _claiming(notice: Notification):
    """A claim that marks the notice sent and returns its message, as delivery's does."""

    def claim() -> EmailMessage | None:
        claimed = Notification.objects.filter(pk=notice.pk, email_state=EmailState.PENDING).update(
            email_state=EmailState.SENT
        )
        return EmailMessage("Subject", "Body", to=[notice.recipient.email]) if claimed else None

    return claim


def _deliver(outcomes: list):
    def deliver(mailer, notice: Notification) -> Outcome:
        outcome = send_claimed(mailer, _claiming(notice))
        outcomes.append(outcome)
        return Outcome.RETRY if isinstance(outcome, Refusal) else outcome

    return deliver


def _unreachable(settings) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }


def test_a_refusal_rolls_the_claim_back_and_says_whether_it_is_for_good(announce, smtp_sink):
    busy, gone = UserFactory(), UserFactory()
    smtp_sink.refuse[busy.email] = "452 4.2.2 Mailbox full, try later"
    smtp_sink.refuse[gone.email] = "550 5.1.1 No such user here"
    notices = announce([busy, gone])
    outcomes: list = []

    batch = send_batch(notices, _deliver(outcomes))

    assert outcomes == [
        Refusal(permanent=False, reason=f"{busy.email}: 452 4.2.2 Mailbox full, try later"),
        Refusal(permanent=True, reason=f"{gone.email}: 550 5.1.1 No such user here"),
    ]
    assert (batch.retry, batch.unsent, batch.error) == (notices, [], None)
    assert {n.email_state for n in Notification.objects.all()} == {EmailState.PENDING}


def test_work_another_worker_took_is_not_sent(announce, smtp_sink):
    [notice] = announce([UserFactory()])
    Notification.objects.filter(pk=notice.pk).update(email_state=EmailState.SENT)
    outcomes: list = []

    send_batch([notice], _deliver(outcomes))

    assert outcomes == [Outcome.TAKEN]
    assert smtp_sink.count() == 0


def test_a_connection_the_server_closes_leaves_the_rest_of_the_batch_unsent(announce, smtp_sink):
    first, closing, last = UserFactory(), UserFactory(), UserFactory()
    smtp_sink.refuse[closing.email] = "421 4.3.2 Service shutting down"
    notices = announce([first, closing, last])
    outcomes: list = []

    batch = send_batch(notices, _deliver(outcomes))

    assert outcomes[0] is Outcome.SENT
    assert batch.retry == [notices[1]]
    assert batch.unsent == [notices[2]]
    assert isinstance(batch.error, OSError)
    assert [m["To"] for m in smtp_sink.messages] == [first.email]
    assert Notification.objects.get(pk=notices[2].pk).email_state == EmailState.PENDING


def test_an_unreachable_server_leaves_the_whole_batch_unsent(announce, settings):
    _unreachable(settings)
    notices = announce([UserFactory(), UserFactory()])
    outcomes: list = []

    batch = send_batch(notices, _deliver(outcomes))

    assert outcomes == []
    assert (batch.retry, batch.unsent) == ([], notices)
    assert isinstance(batch.error, OSError)


def test_an_empty_batch_opens_no_connection(settings):
    _unreachable(settings)

    batch = send_batch([], _deliver([]))

    assert (batch.retry, batch.unsent, batch.error) == ([], [], None)


def test_an_unreachable_server_keeps_every_digest_waiting_for_a_retry(announce, settings):
    from notifications.kinds import Delivery
    from notifications.notices import ANNOUNCEMENT

    _unreachable(settings)
    people = [UserFactory(), UserFactory()]
    for person in people:
        services.notification_preferences_set(
            user=person, deliveries={ANNOUNCEMENT.key: Delivery.DIGEST}
        )
    announce(people)

    retry = services.notification_digests_send([p.pk for p in people], day=date(2026, 12, 1))

    assert sorted(retry.ids) == sorted(p.pk for p in people)
    assert 0 < retry.countdown <= services.EMAIL_RETRY_CAP
    assert {n.email_state for n in Notification.objects.all()} == {EmailState.DIGEST}
    assert not Digest.objects.exists()


def test_no_module_of_notifications_imports_a_private_name_of_another():
    package = Path(notifications.__file__).parent
    private = sorted(
        f"{path.relative_to(package)}: {node.module}.{alias.name}"
        for path in package.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("notifications")
        for alias in node.names
        if alias.name.startswith("_")
    )
    assert private == []
