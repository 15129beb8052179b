"""notify_later(): the notices a worker writes once the caller's transaction commits."""

from datetime import UTC, datetime

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import OperationalError as DatabaseRefused
from django.db import transaction
from kombu.exceptions import OperationalError

from notifications import tasks
from notifications.models import EmailState, Notification
from notifications.notices import ANNOUNCEMENT
from notifications.rendering import context_for_storage
from notifications.services import notices, notify_later
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTEXT = {"subject": "You are registered", "message": "See you on", "when": None}


def _later(recipients, **context):
    notify_later(recipients, ANNOUNCEMENT, context=CONTEXT | context, link="/events/x/", actor=None)


def test_the_worker_writes_each_active_recipients_notice_after_the_commit_and_emails_it(
    django_capture_on_commit_callbacks,
):
    ada, grace, gone = UserFactory(), UserFactory(), UserFactory(is_active=False)

    with django_capture_on_commit_callbacks() as handed_over, transaction.atomic():
        _later([ada, grace, gone], when=datetime(2027, 3, 1, 9, tzinfo=UTC))
        assert Notification.objects.count() == 0  # nothing in the caller's transaction
    assert len(handed_over) == 1
    with django_capture_on_commit_callbacks(execute=True):
        handed_over[0]()  # the hand-over; the task runs at once in tests

    notices = Notification.objects.order_by("recipient_id")
    assert [notice.recipient_id for notice in notices] == sorted([ada.pk, grace.pk])
    assert {(n.title, n.link, n.email_state) for n in notices} == {
        ("You are registered", "/events/x/", EmailState.SENT)
    }
    when = datetime(2027, 3, 1, 9, tzinfo=UTC)
    assert notices[0].context == context_for_storage(CONTEXT | {"when": when})  # as notify()
    assert sorted(message.to[0] for message in mail.outbox) == sorted([ada.email, grace.email])


def test_nothing_is_handed_over_when_the_callers_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    ada = UserFactory()

    def the_callers_write_fails():
        with transaction.atomic():
            _later([ada])
            raise RuntimeError("the caller's write failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as handed_over,
        pytest.raises(RuntimeError),
    ):
        the_callers_write_fails()

    assert handed_over == []
    assert Notification.objects.count() == 0


def test_a_broker_that_refuses_the_message_gets_the_notice_written_in_the_request(
    monkeypatch, django_capture_on_commit_callbacks
):
    ada = UserFactory()

    def refused(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.write_notices, "delay", refused)
    with django_capture_on_commit_callbacks(execute=True):
        _later([ada])

    assert Notification.objects.get().recipient == ada


def test_a_context_that_cannot_be_stored_fails_in_the_caller():
    with pytest.raises(TypeError, match="when"):
        _later([UserFactory()], when=object())


def test_someone_deactivated_before_the_worker_writes_gets_nothing(
    django_capture_on_commit_callbacks,
):
    ada = UserFactory()
    with django_capture_on_commit_callbacks() as handed_over:
        _later([ada])
    ada.is_active = False
    ada.save(update_fields=["is_active"])

    handed_over[0]()

    assert Notification.objects.count() == 0


def test_the_message_is_acknowledged_on_receipt_so_never_written_twice():
    # Every other task is acknowledged late (settings): run again after a worker dies, it
    # would write the notices a second time.
    assert tasks.write_notices.acks_late is False
    assert tasks.send_notification_emails.acks_late is True


def test_a_database_that_refuses_the_write_gets_it_again_later(monkeypatch):
    """A locked or restarting database rolls the whole write back: the task is run again
    (a new message), and the notice is written once."""
    ada, failures = UserFactory(), []
    real_notify = notices.notify

    def refused_once(*args, **kwargs):
        if not failures:
            failures.append(1)
            raise DatabaseRefused("database is locked")
        return real_notify(*args, **kwargs)

    monkeypatch.setattr(notices, "notify", refused_once)
    with pytest.raises(Retry) as retried:
        tasks.write_notices.apply(args=([ada.pk], ANNOUNCEMENT.key, CONTEXT, "/events/x/", None))
    assert Notification.objects.count() == 0  # the refused write left nothing
    retried.value.sig.apply()  # the message sent again, as a worker takes it

    assert failures == [1]
    assert Notification.objects.get().recipient == ada
