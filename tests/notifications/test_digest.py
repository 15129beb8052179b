from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from notifications import services
from notifications.models import Digest, EmailState, Notification, NotificationPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)


def _digested(**kwargs):
    person = UserFactory(**kwargs)
    NotificationPreference.objects.create(user=person, kind="announcement", delivery="digest")
    return person


def test_each_person_gets_one_email_listing_their_waiting_notices(announce, smtp_sink):
    ada, grace = _digested(), _digested()
    announce([ada, grace], subject="Workshop on evaluation")
    announce([ada], subject="Call for mentors")

    assert services.notification_digests_send([ada.pk, grace.pk], day=MONDAY) is None

    by_recipient = {m["To"]: m for m in smtp_sink.messages}
    assert sorted(by_recipient) == sorted([ada.email, grace.email])
    text = by_recipient[ada.email].get_body(("plain",)).get_content()
    assert "Workshop on evaluation" in text
    assert "Call for mentors" in text
    assert by_recipient[ada.email]["Subject"] == "[TPC Portal] Your daily digest: 2 notices"
    assert by_recipient[ada.email]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}
    assert Digest.objects.get(recipient=ada, day=MONDAY).notice_count == 2


def test_running_the_digest_twice_the_same_day_sends_nothing_twice(
    announce, smtp_sink, django_capture_on_commit_callbacks
):
    ada = _digested()
    announce([ada], subject="Before the digest")

    services.notification_digests_send([ada.pk], day=MONDAY)
    announce([ada], subject="After the digest")
    services.notification_digests_send([ada.pk], day=MONDAY)
    assert services.notification_digests_enqueue(day=MONDAY) == 0

    assert smtp_sink.count() == 1
    waiting = Notification.objects.get(title="After the digest")
    assert waiting.email_state == EmailState.DIGEST

    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_digests_enqueue(day=MONDAY + timedelta(days=1)) == 1
    assert smtp_sink.count() == 2
    assert "After the digest" in smtp_sink.messages[1].get_body(("plain",)).get_content()


def test_the_beat_task_sends_todays_digest_to_everyone_waiting(announce, smtp_sink):
    from notifications.tasks import queue_notification_digests

    waiting, immediate = _digested(), UserFactory()
    announce([waiting, immediate])
    Notification.objects.filter(recipient=immediate).update(email_state=EmailState.SENT)

    with time_machine.travel(timezone.datetime(2026, 12, 1, 7, 0, tzinfo=timezone.UTC)):
        queue_notification_digests()
        queue_notification_digests()

    assert [m["To"] for m in smtp_sink.messages] == [waiting.email]
    assert Digest.objects.get().day == date(2026, 12, 1)


def test_a_refused_digest_stays_waiting_when_the_refusal_is_transient(announce, smtp_sink):
    ada = _digested()
    smtp_sink.refuse[ada.email] = "451 4.7.1 Greylisted"
    announce([ada])

    retry = services.notification_digests_send([ada.pk], day=MONDAY)

    assert retry.ids == [ada.pk]
    assert Notification.objects.get().email_state == EmailState.DIGEST
    assert not Digest.objects.exists()


def test_a_permanently_refused_digest_is_recorded_as_failed(announce, smtp_sink):
    ada = _digested()
    smtp_sink.refuse[ada.email] = "550 5.1.1 No such user"
    announce([ada])

    assert services.notification_digests_send([ada.pk], day=MONDAY) is None

    notice = Notification.objects.get()
    assert notice.email_state == EmailState.FAILED
    assert "550 5.1.1" in notice.email_error


def test_moving_a_kind_from_digest_to_immediate_sends_what_waits(
    announce, smtp_sink, django_capture_on_commit_callbacks
):
    ada = _digested()
    announce([ada])

    with django_capture_on_commit_callbacks(execute=True):
        services.notification_preferences_set(user=ada, deliveries={"announcement": "immediately"})

    assert Notification.objects.get().email_state == EmailState.SENT
    assert smtp_sink.count() == 1
    assert not NotificationPreference.objects.filter(user=ada).exists()  # the default again
