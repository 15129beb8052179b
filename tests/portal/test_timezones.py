"""Times are stored in UTC and shown in the reader's zone, naming it; a person's zone is on
their profile, defaulted from their browser, and used by every page, form and e-mail."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from members.forms import ProfileForm
from members.models import Profile
from notifications import emails
from notifications.models import Notification
from tests.factories import ProfileFactory
from tpc_portal import timezones

pytestmark = pytest.mark.django_db

BERLIN, NEW_YORK, TOKYO = (
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Asia/Tokyo"),
)
UTC = dt.UTC
# 14:00 UTC on 15 Dec 2026: 15:00 in Berlin (CET), 09:00 in New York (EST).
WINTER = dt.datetime(2026, 12, 15, 14, 0, tzinfo=UTC)


def _with_zone(name: str) -> Profile:
    return ProfileFactory(time_zone=name)


# --- The helpers -----------------------------------------------------------------------------


def test_a_time_names_its_zone():
    with timezone.override(BERLIN):
        assert timezones.clock(WINTER) == "15 Dec 2026, 15:00 CET"
    assert timezones.clock(WINTER, UTC) == "15 Dec 2026, 14:00 UTC"
    assert timezones.clock(WINTER, NEW_YORK, with_date=False) == "09:00 EST"


def test_the_organisers_time_comes_with_the_readers_own_when_they_differ():
    with timezone.override(NEW_YORK):
        assert timezones.at_with_local(WINTER, BERLIN) == (
            "15 Dec 2026, 15:00 CET (your time 09:00 EST)"
        )
    with timezone.override(BERLIN):
        assert timezones.at_with_local(WINTER, "Europe/Berlin") == "15 Dec 2026, 15:00 CET"


def test_the_readers_date_is_repeated_when_it_is_another_day_there():
    late = dt.datetime(2026, 12, 15, 22, 30, tzinfo=UTC)  # 07:30 on the 16th in Tokyo

    with timezone.override(TOKYO):
        assert timezones.at_with_local(late, BERLIN) == (
            "15 Dec 2026, 23:30 CET (your time 16 Dec 2026, 07:30 JST)"
        )


def test_zones_follow_daylight_saving_across_the_change():
    # Europe moves its clocks on 29 March 2026, the United States on 8 March: for three
    # weeks Berlin is five hours ahead of New York, then six again.
    before, after = (
        dt.datetime(2026, 3, 28, 14, 0, tzinfo=UTC),
        dt.datetime(2026, 3, 30, 13, 0, tzinfo=UTC),
    )
    with timezone.override(NEW_YORK):
        assert timezones.at_with_local(before, BERLIN) == (
            "28 Mar 2026, 15:00 CET (your time 10:00 EDT)"
        )
        assert timezones.at_with_local(after, BERLIN) == (
            "30 Mar 2026, 15:00 CEST (your time 09:00 EDT)"
        )


def test_a_zone_with_the_same_offset_but_another_name_is_still_named():
    # Same offset as Berlin in winter, another name: the reader is told both.
    with timezone.override(ZoneInfo("Africa/Lagos")):
        assert timezones.at_with_local(WINTER, BERLIN) == (
            "15 Dec 2026, 15:00 CET (your time 15:00 WAT)"
        )


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "../../etc/passwd", "europe/berlin "])
def test_only_iana_names_are_zones(name):
    assert timezones.zone_named(name) is None


def test_the_template_filters_show_times_in_the_readers_zone():
    template = Template(
        "{% load portal %}{{ moment|clock }} | {{ moment|with_local:zone }} | "
        "{{ moment|date:'DATETIME_FORMAT' }}"
    )
    with timezone.override(NEW_YORK):
        text = template.render(Context({"moment": WINTER, "zone": "Europe/Berlin"}))

    assert text == (
        "15 Dec 2026, 09:00 EST | 15 Dec 2026, 15:00 CET (your time 09:00 EST) | "
        "15 Dec 2026, 09:00 EST"
    )


def test_russian_dates_name_the_zone_too():
    from django.utils import translation

    with translation.override("ru"), timezone.override(ZoneInfo("Europe/Moscow")):
        assert timezones.clock(WINTER) == "15 декабря 2026 г., 17:00 MSK"  # noqa: RUF001


# --- The profile, the middleware, the pages --------------------------------------------------


def test_pages_show_times_in_the_signed_in_persons_zone(client):
    profile = _with_zone("Asia/Tokyo")
    client.force_login(profile.user)

    with time_machine.travel(WINTER, tick=False):
        response = client.get(reverse("members:api_tokens"))
        client.post(reverse("members:api_tokens"))
        response = client.get(reverse("members:api_tokens"))

    assert response.context["TIME_ZONE"] == "Asia/Tokyo"
    assert "15 Dec 2026" in response.content.decode()


def test_visitors_and_people_without_a_zone_read_utc(client):
    assert client.get(reverse("home")).context["TIME_ZONE"] == "UTC"

    client.force_login(_with_zone("").user)
    assert client.get(reverse("home")).context["TIME_ZONE"] == "UTC"


def test_the_zone_does_not_leak_into_the_next_request(client):
    client.force_login(_with_zone("Asia/Tokyo").user)
    client.get(reverse("home"))
    client.logout()

    assert client.get(reverse("home")).context["TIME_ZONE"] == "UTC"
    assert timezone.get_current_timezone_name() == "UTC"


def test_the_profile_form_offers_every_zone_and_refuses_others(member_client, user):
    edit = reverse("members:profile_edit")
    page = member_client.get(edit).content.decode()
    assert "data-browser-time-zone" in page
    assert '<option value="Europe/Berlin">Europe/Berlin</option>' in page

    form = ProfileForm({"visibility": "hidden", "time_zone": "Mars/Olympus"})
    assert not form.is_valid()
    assert "time_zone" in form.errors


def test_the_person_changes_their_zone_on_the_edit_page(member_client, user):
    ProfileFactory(user=user, expertise=[])
    response = member_client.post(
        reverse("members:profile_edit"),
        {"display_name": "Ada", "visibility": "hidden", "time_zone": "America/New_York"},
    )

    assert response.status_code == 302
    assert Profile.objects.get(user=user).time_zone == "America/New_York"


def test_the_browsers_zone_is_taken_once_while_the_profile_has_none(member_client, user):
    page = member_client.get(reverse("home")).content.decode()
    url = reverse("members:time_zone")
    assert f'data-time-zone-url="{url}"' in page

    assert member_client.post(url, {"time_zone": "Europe/Berlin"}).status_code == 204
    assert member_client.post(url, {"time_zone": "Asia/Tokyo"}).status_code == 204

    assert Profile.objects.get(user=user).time_zone == "Europe/Berlin"
    assert "data-time-zone-url" not in member_client.get(reverse("home")).content.decode()


def test_a_made_up_zone_from_a_browser_is_refused_with_400(member_client, user):
    response = member_client.post(reverse("members:time_zone"), {"time_zone": "Mars/Olympus"})

    assert response.status_code == 400
    assert set(response.json()) == {"message", "errors"}


def test_visitors_cannot_set_a_zone(client):
    response = client.post(reverse("members:time_zone"), {"time_zone": "Europe/Berlin"})

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# --- E-mails ---------------------------------------------------------------------------------


def test_an_e_mail_shows_times_in_its_recipients_zone_whoever_sends_it():
    recipient = _with_zone("America/New_York").user
    notice = Notification.objects.create(
        recipient=recipient, kind="announcement", title="Workshop", created=WINTER
    )

    with timezone.override(TOKYO):  # the zone of whoever's request sends it
        message = emails.digest_email(recipient, [notice], WINTER.date())

    assert "15 Dec 2026, 09:00 EST" in message.body
    assert timezone.get_current_timezone_name() == "UTC"
    assert not mail.outbox
