"""A notice is put into words when it is read, in the reader's language (issue 9, defect 8)."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext_lazy

from members.notices import AFFILIATION_CONFIRMED, AFFILIATION_REQUESTED
from notifications.models import Notification
from notifications.notices import ANNOUNCEMENT
from notifications.services import notification_emails_send, notify
from steering.notices import BALLOT_OPENED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")
CLOSES = datetime(2026, 3, 10, 6, 30, tzinfo=UTC)


def _affiliated(user):
    context = {"institution": "Argonne", "via": "domain"}
    return notify([user], AFFILIATION_CONFIRMED, context=context)


def test_a_notice_created_in_english_reads_in_russian_in_the_inbox(client):
    ada = UserFactory(language="en")
    [notice] = _affiliated(ada)
    assert notice.title == "You are now affiliated with Argonne"
    client.force_login(ada)

    html = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Теперь вы относитесь к Argonne" in html
    assert "Ваш подтверждённый адрес принадлежит Argonne" in html
    assert "You are now affiliated" not in html
    assert "Your verified e-mail address" not in html


def test_the_api_gives_the_notice_in_the_callers_language(client):
    ada = UserFactory(language="en")
    _affiliated(ada)
    client.force_login(ada)

    [row] = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="ru").json()["results"]
    [english] = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]

    assert row["title"] == "Теперь вы относитесь к Argonne"
    assert row["body"].startswith("Ваш подтверждённый адрес")
    assert english["title"] == "You are now affiliated with Argonne"


def test_the_email_speaks_the_recipients_language_when_it_is_sent():
    ada = UserFactory(language="en")
    [notice] = _affiliated(ada)
    ada.language = "ru"
    ada.save(update_fields=["language"])

    notification_emails_send([notice.pk])

    [message] = mail.outbox
    assert message.subject == "[TPC Portal] Теперь вы относитесь к Argonne"
    assert "Ваш подтверждённый адрес" in message.body


def test_a_date_in_the_context_is_shown_in_the_readers_format(client):
    ada = UserFactory(language="en")
    notify(
        [ada],
        BALLOT_OPENED,
        context={"case_kind": "membership", "case_name": "New Lab", "closes": CLOSES},
    )
    stored = Notification.objects.get()
    assert stored.context["closes"] == {"$datetime": "2026-03-10T06:30:00+00:00"}
    client.force_login(ada)

    html = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Голосование открыто до 10 марта 2026" in html
    assert "Членство: New Lab" in html


def test_a_nameless_person_is_named_in_the_readers_language(client):
    rep = UserFactory(language="en")
    notify([rep], AFFILIATION_REQUESTED, context={"person": "", "institution": "Argonne"})
    client.force_login(rep)

    html = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Исследователь" in html or "исследователь" in html
    assert "A researcher" not in html


def test_a_notice_from_before_the_context_was_kept_shows_its_stored_words(client):
    ada = UserFactory(language="en")
    Notification.objects.create(
        recipient=ada, kind=AFFILIATION_CONFIRMED.key, title="Stored title", body="Stored text"
    )
    client.force_login(ada)

    html = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Stored title" in html
    assert "Stored text" in html


def test_words_in_the_context_are_refused_as_they_would_not_follow_the_reader():
    with pytest.raises(TypeError, match="subject"):
        notify([UserFactory()], ANNOUNCEMENT, context={"subject": gettext_lazy("Hello")})
    with pytest.raises(TypeError, match="naive"):
        notify([UserFactory()], ANNOUNCEMENT, context={"subject": datetime(2026, 1, 1)})  # noqa: DTZ001


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (1, "непрочитанное уведомление"),
        (2, "непрочитанных уведомления"),
        (5, "непрочитанных уведомлений"),
        (21, "непрочитанное уведомление"),
    ],
)
def test_the_unread_count_takes_the_plural_form_of_its_number(client, count, words):
    ada = UserFactory()
    for _ in range(count):
        _affiliated(ada)
    client.force_login(ada)

    html = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert f'<span class="nav-badge-count">{count}</span>' in html
    assert f'<span class="visually-hidden"> {words}</span>' in html


def test_one_unread_notice_is_flagged_in_the_singular(client):
    ada = UserFactory()
    _affiliated(ada)
    client.force_login(ada)

    html = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert '<span class="notice-flag">Не прочитано</span>' in html  # noqa: RUF001
    assert "Непрочитанные</a>" in html  # the list's filter keeps its plural
