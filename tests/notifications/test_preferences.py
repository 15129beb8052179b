import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from notifications import kinds, tokens
from notifications.kinds import Delivery
from notifications.models import EmailState, Notification, NotificationPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("notifications:preferences")


def _unsubscribe_url(user, kind_key="announcement"):
    return reverse("notifications:unsubscribe", args=[tokens.unsubscribe_token(user.pk, kind_key)])


def test_preferences_page_lists_every_registered_kind_with_its_default(member_client):
    html = member_client.get(PREFERENCES).content.decode()

    for kind in kinds.all_kinds():
        assert escape(str(kind.label)) in html
        assert escape(str(kind.description)) in html
        checked = re.search(rf'name="{re.escape(kind.key)}" value="([a-z]+)"[^>]*checked', html)
        assert checked, kind.key
        assert checked.group(1) == kind.default_delivery


def test_saving_preferences_keeps_only_the_choices_that_differ_from_defaults(member_client, user):
    choices = {kind.key: kind.default_delivery.value for kind in kinds.all_kinds()}
    choices["announcement"] = Delivery.DIGEST

    response = member_client.post(PREFERENCES, choices)

    assert response.status_code == 302
    assert list(NotificationPreference.objects.values_list("user", "kind", "delivery")) == [
        (user.pk, "announcement", "digest")
    ]
    html = member_client.get(PREFERENCES).content.decode()
    assert re.search(r'name="announcement" value="digest"[^>]*checked', html)


def test_an_invalid_choice_is_shown_beside_the_form(member_client):
    response = member_client.post(PREFERENCES, {"announcement": "hourly"})

    assert response.status_code == 200
    assert response.context["form"].errors["announcement"]
    assert not NotificationPreference.objects.exists()


def test_unsubscribe_link_asks_for_confirmation_without_log_in(client, user):
    response = client.get(_unsubscribe_url(user))

    assert response.status_code == 200
    assert "Announcements" in response.content.decode()
    assert not NotificationPreference.objects.exists()  # a link scanner changes nothing


def test_one_click_unsubscribe_works_without_log_in_or_csrf_token_and_at_once(announce, user):
    waiting = announce([user])  # its e-mail has not gone out yet
    mail_client = Client(enforce_csrf_checks=True)  # what a mail provider's POST looks like

    response = mail_client.post(
        _unsubscribe_url(user),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=user, kind="announcement").delivery == "off"
    assert Notification.objects.get(pk=waiting[0].pk).email_state == EmailState.SKIPPED


def test_unsubscribing_twice_is_harmless(client, user):
    url = _unsubscribe_url(user)

    client.post(url)
    response = client.post(url)

    assert response.status_code == 200
    assert NotificationPreference.objects.filter(user=user).count() == 1


def test_a_tampered_unsubscribe_token_is_rejected(client, user):
    victim = UserFactory()
    token = tokens.unsubscribe_token(user.pk, "announcement")
    value, signature = token.rsplit(":", 1)
    forged_value = signing.dumps([victim.pk, "announcement"], salt=tokens.SALT).rsplit(":", 1)[0]

    for bad in (f"{forged_value}:{signature}", token[:-2] + "xx", "sample", f"{value}:"):
        response = client.post(reverse("notifications:unsubscribe", args=[bad]))
        assert response.status_code == 400, bad
        assert response.get("Content-Security-Policy")

    assert not NotificationPreference.objects.exists()


def test_a_token_signed_for_another_purpose_is_rejected(client, user):
    other_purpose = signing.dumps([user.pk, "announcement"], salt="something.else")

    response = client.post(reverse("notifications:unsubscribe", args=[other_purpose]))

    assert response.status_code == 400


def test_the_digest_link_turns_off_every_kind_received_by_digest(client, announce, user):
    NotificationPreference.objects.create(user=user, kind="announcement", delivery="digest")
    announce([user])

    response = client.post(_unsubscribe_url(user, tokens.DIGEST))

    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=user, kind="announcement").delivery == "off"
    assert Notification.objects.get().email_state == EmailState.SKIPPED
