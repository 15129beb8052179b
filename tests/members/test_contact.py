import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from members.models import ContactMessage
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

HIDDEN = "hidden.recipient@uni.example"
SENDER = "sender.person@lab.example"


@pytest.fixture
def sender(lab):
    return ProfileFactory(institution=lab, user__email=SENDER, user__full_name="Sam Sender")


@pytest.fixture
def recipient(university):
    return ProfileFactory(
        institution=university,
        user__email=HIDDEN,
        user__full_name="Rae Recipient",
        email_visible=False,
    )


def _send(client, recipient, subject="Tokenizers for chemistry", body="Shall we talk?"):
    return client.post(
        reverse("members:contact", args=[recipient.pk]), {"subject": subject, "body": body}
    )


def test_message_is_relayed_with_the_senders_address_as_reply_to_only(
    client, sender, recipient, django_capture_on_commit_callbacks
):
    bystander = ProfileFactory(user__email="bystander@uni.example")
    client.force_login(sender.user)

    form = client.get(reverse("members:contact", args=[recipient.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, recipient)

    assert response.status_code == 302
    assert HIDDEN not in form
    assert SENDER in form  # the form says which address the reply will go to
    assert HIDDEN not in client.get(response["Location"]).content.decode()
    [message] = mail.outbox
    assert message.to == [HIDDEN]
    assert message.reply_to == [SENDER]
    assert message.cc == message.bcc == []
    headers = {name: value for name, value in message.message().items() if name != "To"}
    bodies = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    for text in [*headers.values(), *bodies]:
        assert HIDDEN not in str(text)
        assert bystander.user.email not in str(text)
    assert "Shall we talk?" in message.body
    assert "Sam Sender" in message.body
    assert SENDER not in message.body


def test_a_member_cannot_write_to_themselves_nor_a_non_member(client, sender, unaffiliated):
    client.force_login(sender.user)
    assert client.get(reverse("members:contact", args=[sender.pk])).status_code == 403

    client.force_login(unaffiliated.user)
    public = ProfileFactory(visibility="public")
    assert client.get(reverse("members:contact", args=[public.pk])).status_code == 403


def test_eleventh_message_within_a_day_is_refused_with_a_clear_message(client, sender, recipient):
    client.force_login(sender.user)
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(10):
            assert _send(client, recipient).status_code == 302
            clock.shift(datetime.timedelta(minutes=30))

        refused = _send(client, recipient)

        assert refused.status_code == 200
        assert refused.context["form"].non_field_errors() == [
            "You have sent 10 messages in the last 24 hours, the most allowed. "
            "You can send the next one at 3 Mar 2026, 09:00 UTC or later."
        ]
        assert ContactMessage.objects.filter(sender=sender.user).count() == 10

        clock.move_to(start + datetime.timedelta(hours=24, seconds=1))
        assert _send(client, recipient).status_code == 302
