"""E-mail delivery through a real SMTP server on loopback."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import services
from notifications.models import EmailState, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _pending(announce, people):
    return [n.pk for n in announce(people)]


def test_pending_notices_are_emailed_once_over_one_connection(announce, smtp_sink):
    people = [UserFactory() for _ in range(3)]
    ids = _pending(announce, people)

    assert services.notification_emails_send(ids) is None

    assert sorted(m["To"] for m in smtp_sink.messages) == sorted(p.email for p in people)
    sent = Notification.objects.filter(pk__in=ids)
    assert {n.email_state for n in sent} == {EmailState.SENT}
    assert all(n.emailed_at and n.email_attempts == 1 for n in sent)


def test_running_the_delivery_twice_sends_nothing_twice(announce, smtp_sink):
    ids = _pending(announce, [UserFactory(), UserFactory()])

    services.notification_emails_send(ids)
    services.notification_emails_send(ids)
    services.notification_emails_send(list(reversed(ids)))

    assert smtp_sink.count() == 2
    assert set(smtp_sink.message_ids().values()) == {1}


def test_email_carries_text_html_one_click_unsubscribe_and_a_stable_message_id(
    announce, smtp_sink, settings
):
    settings.SITE_URL = "https://portal.tpc.example"
    ada = UserFactory()
    [notice] = announce([ada], link="/events/summer-hackathon/", reply_to="grace@lab.example")

    services.notification_emails_send([notice.pk])

    [message] = smtp_sink.messages
    assert message["Subject"] == "[TPC Portal] Hackathon registration is open"
    assert b"\r\nSubject: [TPC Portal] Hackathon registration is open\r\n" in smtp_sink.raw[0]
    assert message["Reply-To"] == "grace@lab.example"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://portal.tpc.example/inbox/unsubscribe/")
    # On the wire as one plain line: clients cannot read an encoded-word as a URL.
    assert f"\r\nList-Unsubscribe: {unsubscribe}\r\n".encode() in smtp_sink.raw[0]
    assert message["Message-ID"].startswith(f"<tpc-notice-{notice.pk}.")
    assert message["Message-ID"].endswith("@portal.tpc.example>")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "See you there." in body
        assert "https://portal.tpc.example/events/summer-hackathon/" in body
        assert unsubscribe.strip("<>") in body


def test_a_permanent_refusal_is_recorded_and_not_retried(announce, smtp_sink):
    good, bad = UserFactory(), UserFactory()
    smtp_sink.refuse[bad.email] = "550 5.1.1 No such user here"
    ids = _pending(announce, [good, bad])

    retry = services.notification_emails_send(ids)

    assert retry is None
    failed = Notification.objects.get(recipient=bad)
    assert failed.email_state == EmailState.FAILED
    assert failed.email_error == f"{bad.email}: 550 5.1.1 No such user here"
    assert Notification.objects.get(recipient=good).email_state == EmailState.SENT
    assert [m["To"] for m in smtp_sink.messages] == [good.email]


def test_a_transient_refusal_is_retried_with_backoff_then_given_up(announce, smtp_sink):
    busy = UserFactory()
    smtp_sink.refuse[busy.email] = "452 4.2.2 Mailbox full, try later"
    [notice_id] = _pending(announce, [busy])

    delays = []
    for attempt in range(services.EMAIL_MAX_ATTEMPTS):
        retry = services.notification_emails_send([notice_id], attempt=attempt)
        if retry:
            assert retry.ids == [notice_id]
            assert retry.countdown <= services.EMAIL_RETRY_CAP
            delays.append(retry.countdown)

    assert len(delays) == services.EMAIL_MAX_ATTEMPTS - 1
    assert delays[-1] > delays[0]
    notice = Notification.objects.get(pk=notice_id)
    assert notice.email_state == EmailState.FAILED
    assert notice.email_attempts == services.EMAIL_MAX_ATTEMPTS
    assert "452 4.2.2 Mailbox full" in notice.email_error
    assert smtp_sink.count() == 0


def test_an_unreachable_server_keeps_everything_pending_for_a_retry(announce, settings):
    from tests.notifications.smtp_sink import free_port

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    ids = _pending(announce, [UserFactory(), UserFactory()])

    retry = services.notification_emails_send(ids)

    assert sorted(retry.ids) == sorted(ids)
    assert 0 < retry.countdown <= services.EMAIL_RETRY_CAP
    notices = Notification.objects.filter(pk__in=ids)
    assert {n.email_state for n in notices} == {EmailState.PENDING}
    assert all(n.email_attempts == 0 and n.email_error for n in notices)


def test_retry_delays_grow_and_stay_below_the_cap():
    for attempt in range(20):
        delay = services.email_retry_delay(attempt)
        ceiling = min(services.EMAIL_RETRY_CAP, services.EMAIL_RETRY_BASE * 2**attempt)
        assert ceiling / 2 <= delay <= ceiling


def test_retries_stay_below_the_redis_visibility_timeout(settings):
    from notifications.apps import retries_fit_the_visibility_timeout

    assert retries_fit_the_visibility_timeout(None) == []
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
    assert [e.id for e in retries_fit_the_visibility_timeout(None)] == ["notifications.E001"]


def test_the_sweep_requeues_only_emails_whose_task_is_long_lost(
    announce, smtp_sink, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now() - timedelta(hours=1), tick=False):
        lost = _pending(announce, [UserFactory()])  # its task never ran: a broker outage
    recent = _pending(announce, [UserFactory()])  # its task is still on its way

    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_emails_sweep() == 1

    assert Notification.objects.get(pk=lost[0]).email_state == EmailState.SENT
    assert Notification.objects.get(pk=recent[0]).email_state == EmailState.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_emails_sweep() == 0
    assert smtp_sink.count() == 1


def test_the_sweep_waits_for_a_scheduled_retry(announce, smtp_sink):
    busy = UserFactory()
    smtp_sink.refuse[busy.email] = "451 4.7.1 Greylisted, come back later"
    with time_machine.travel(timezone.now() - timedelta(minutes=11), tick=False):
        ids = _pending(announce, [busy])
    retry = services.notification_emails_send(ids)

    assert services.notification_emails_sweep(older_than=timedelta(seconds=0)) == 0
    with time_machine.travel(timezone.now() + timedelta(seconds=retry.countdown + 1)):
        assert services.notification_emails_sweep(older_than=timedelta(seconds=0)) == 1


def test_a_kind_turned_off_before_sending_is_not_sent(announce, smtp_sink):
    ada = UserFactory()
    ids = _pending(announce, [ada])

    services.notification_preferences_set(user=ada, deliveries={"announcement": "off"})
    services.notification_emails_send(ids)

    assert smtp_sink.count() == 0
    assert Notification.objects.get().email_state == EmailState.SKIPPED


def test_staff_can_queue_failed_emails_again(
    announce, smtp_sink, staff, django_capture_on_commit_callbacks
):
    ada = UserFactory()
    smtp_sink.refuse[ada.email] = "550 5.7.1 Rejected"
    ids = _pending(announce, [ada])
    services.notification_emails_send(ids)
    del smtp_sink.refuse[ada.email]

    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_emails_retry_failed(actor=staff) == 1

    assert Notification.objects.get().email_state == EmailState.SENT
    assert smtp_sink.count() == 1


def test_only_staff_may_queue_failed_emails_again(user):
    from tpc_portal.errors import ApplicationError

    with pytest.raises(ApplicationError):
        services.notification_emails_retry_failed(actor=user)


def test_email_is_in_the_recipients_language(announce, smtp_sink):
    russian = UserFactory(language="ru")
    [notice] = announce([russian])

    services.notification_emails_send([notice.pk])

    [message] = smtp_sink.messages
    assert "Отказаться от таких писем:" in message.get_body(("plain",)).get_content()
    assert '<html lang="ru">' in message.get_body(("html",)).get_content()


def _as_read(message):
    """What a mail reader sees of a message: its headers and bodies, parsed from the wire."""
    import email
    import email.policy

    data = message.as_bytes()
    assert b"\n" not in data.replace(b"\r\n", b""), "bare line feeds on the SMTP wire"
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    headers = {name: str(value) for name, value in parsed.items() if name != "Date"}
    headers["Content-Type"] = parsed.get_content_type()
    parts = [(part.get_content_type(), part.get_content()) for part in parsed.iter_parts()]
    return headers, parts, parsed["Date"].datetime


@pytest.mark.parametrize(
    ("language", "reply_to"),
    [("en", "grace@lab.example"), ("ru", "Грейс Хоппер <grace@lab.example>"), ("en", None)],
)
def test_portal_email_reads_as_the_message_django_would_build(announce, language, reply_to):
    import email.policy

    from django.core.mail import EmailMultiAlternatives

    from notifications import emails

    [notice] = announce([UserFactory(language=language)], reply_to=reply_to)
    message = emails.notice_email(notice)

    ours = _as_read(message.message(policy=email.policy.SMTP))
    djangos = _as_read(EmailMultiAlternatives.message(message, policy=email.policy.SMTP))

    assert ours[:2] == djangos[:2]
    assert abs(ours[2] - djangos[2]) < timedelta(seconds=5)


def test_the_digest_reads_as_the_message_django_would_build(announce):
    import email.policy
    from datetime import date

    from django.core.mail import EmailMultiAlternatives

    from notifications import emails

    person = UserFactory(language="ru", full_name="Ада Лавлейс")
    notices = announce([person]) + announce([person])
    message = emails.digest_email(person, notices, date(2026, 11, 28))

    ours = _as_read(message.message(policy=email.policy.SMTP))
    djangos = _as_read(EmailMultiAlternatives.message(message, policy=email.policy.SMTP))

    assert ours[:2] == djangos[:2]


def test_an_address_the_classic_classes_cannot_write_goes_to_djangos_own(announce):
    import email.policy

    from notifications import emails

    [notice] = announce([UserFactory(email="ada@bücher.example")])

    message = emails.notice_email(notice).message(policy=email.policy.SMTP)

    assert message["To"] == "ada@xn--bcher-kva.example"


def test_recipients_profiles_come_with_the_batch_not_one_query_each(announce, smtp_sink):
    """An e-mail is written in its recipient's time zone, read from their profile: the
    profiles come with the batch's one read, not one query per recipient."""
    ids = _pending(announce, [UserFactory() for _ in range(6)])

    with CaptureQueriesContext(connection) as queries:
        services.notification_emails_send(ids)

    assert smtp_sink.count() == 6
    profile_reads = [q["sql"] for q in queries if "_profile" in q["sql"].split(" WHERE ")[0]]
    assert len(profile_reads) <= 1
