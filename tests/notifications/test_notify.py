import pytest
from django.core import mail
from django.db import transaction

from notifications.kinds import Delivery, Kind
from notifications.models import EmailState, Notification, NotificationPreference
from notifications.notices import ANNOUNCEMENT
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_one_notice_per_distinct_active_recipient(announce):
    ada, grace = UserFactory(), UserFactory()
    gone = UserFactory(is_active=False)

    notices = announce([ada, grace, ada, gone])

    assert len(notices) == 2
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        [ada.pk, grace.pk]
    )
    notice = Notification.objects.get(recipient=ada)
    assert notice.kind == "announcement"
    assert notice.title == "Hackathon registration is open"
    assert notice.body == "See you there."
    assert notice.read_at is None


def test_text_is_stored_as_written_not_html_escaped():
    ada = UserFactory()

    notify([ada], ANNOUNCEMENT, context={"subject": "Q&A <live>", "message": 'Tom & Jerry\'s "AI"'})

    notice = Notification.objects.get()
    assert notice.title == "Q&A <live>"
    assert notice.body == 'Tom & Jerry\'s "AI"'


def test_email_is_enqueued_only_after_commit(announce, django_capture_on_commit_callbacks):
    ada = UserFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        announce([ada])
        assert mail.outbox == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [[ada.email]]
    assert Notification.objects.get().email_state == EmailState.SENT


def test_nothing_is_created_or_sent_when_the_transaction_rolls_back(
    announce, django_capture_on_commit_callbacks
):
    ada = UserFactory()

    def the_callers_write_fails():
        with transaction.atomic():
            announce([ada])
            raise RuntimeError("the caller's write failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        the_callers_write_fails()

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("delivery", "state", "emails"),
    [
        (Delivery.IMMEDIATELY, EmailState.SENT, 1),
        (Delivery.DIGEST, EmailState.DIGEST, 0),
        (Delivery.OFF, EmailState.SKIPPED, 0),
    ],
)
def test_preference_decides_delivery(
    announce, django_capture_on_commit_callbacks, delivery, state, emails
):
    ada = UserFactory()
    NotificationPreference.objects.create(user=ada, kind="announcement", delivery=delivery)

    with django_capture_on_commit_callbacks(execute=True):
        announce([ada])

    assert Notification.objects.get(recipient=ada).email_state == state
    assert len(mail.outbox) == emails


def test_kind_default_applies_to_people_who_never_chose(
    announce, django_capture_on_commit_callbacks
):
    assert ANNOUNCEMENT.default_delivery == Delivery.IMMEDIATELY
    chose_off, never_chose = UserFactory(), UserFactory()
    NotificationPreference.objects.create(user=chose_off, kind="announcement", delivery="off")

    with django_capture_on_commit_callbacks(execute=True):
        announce([chose_off, never_chose])

    assert [m.to for m in mail.outbox] == [[never_chose.email]]


def test_reply_to_is_kept_and_becomes_the_emails_reply_to(
    announce, django_capture_on_commit_callbacks
):
    ada = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        announce([ada], reply_to="Grace Lead <grace@lab.example>")

    assert Notification.objects.get().reply_to == "Grace Lead <grace@lab.example>"
    assert mail.outbox[0].reply_to == ["Grace Lead <grace@lab.example>"]


@pytest.mark.parametrize("bad", ["not an address", "a@b.example\nBcc: x@y.example"])
def test_reply_to_must_be_one_address(announce, bad):
    with pytest.raises(ValueError, match="reply_to"):
        announce([UserFactory()], reply_to=bad)


def test_a_kind_that_was_never_registered_is_refused():
    forged = Kind(
        "forged",
        ANNOUNCEMENT.label,
        ANNOUNCEMENT.description,
        Delivery.IMMEDIATELY,
        ANNOUNCEMENT.title,
        ANNOUNCEMENT.body_template,
    )

    with pytest.raises(TypeError):
        notify([UserFactory()], forged, context={"subject": "x", "message": "y"})
    with pytest.raises(TypeError):
        notify([UserFactory()], "announcement", context={"subject": "x", "message": "y"})


def test_an_undeclared_kind_fails_at_import_time():
    with pytest.raises(ImportError):
        from notifications.notices import NO_SUCH_KIND  # noqa: F401


def test_declaring_a_kind_twice_is_an_error():
    from notifications.kinds import register

    with pytest.raises(ValueError, match="declared twice"):
        register(
            "announcement",
            label="x",
            description="x",
            title="x",
            body_template=ANNOUNCEMENT.body_template,
        )


def test_fan_out_to_many_takes_a_handful_of_queries(
    announce, django_assert_max_num_queries, django_user_model
):
    people = django_user_model.objects.bulk_create(
        django_user_model(email=f"p{i}@example.org") for i in range(1200)
    )

    with django_assert_max_num_queries(4):
        notices = announce(people)

    assert len(notices) == Notification.objects.count() == 1200


def test_a_title_is_one_line_even_when_the_context_is_not(announce, smtp_sink):
    from notifications.services import notification_emails_send

    [notice] = announce([UserFactory()], subject="Hello\r\nBcc: everyone@example.org")

    assert notice.title == "Hello Bcc: everyone@example.org"
    notification_emails_send([notice.pk])
    assert smtp_sink.messages[0]["Subject"] == "[TPC Portal] Hello Bcc: everyone@example.org"
    assert smtp_sink.messages[0]["Bcc"] is None
