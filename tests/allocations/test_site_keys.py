"""Partner sites' keys: made on the staff page or the command line, shown once, stored hashed,
revocable, expiring; on the API a key is never a person, and a person never a key."""

import io
import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from projects.authentication import SiteKeyRateThrottle, VisitorRateThrottle
from projects.models import SiteKey, UsageRecord
from projects.services.site_keys import site_key_revoke, site_key_used
from tests.allocations.usage_world import (
    _ledgers_agree_afterwards,  # noqa: F401 - a fixture
    key_of,
    record,
    secure_staff,
    site_client,
)
from tests.factories import AllocationFactory, SiteFactory, UserFactory
from tpc_portal.audit import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_ledgers_agree_afterwards")]

NOW = datetime(2027, 3, 20, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _march(time_machine):
    time_machine.move_to(NOW, tick=False)


def _keys_page(site):
    return reverse("projects:site_keys", args=[site.slug])


# --- Made, stored, shown -------------------------------------------------------------------


def test_a_key_is_stored_hashed_with_only_its_prefix_in_clear():
    site = SiteFactory()

    key, plaintext = key_of(site)

    prefix, secret = plaintext.split(".")
    assert key.prefix == prefix
    stored = SiteKey.objects.get(pk=key.pk)
    assert secret not in stored.hashed_key
    assert secret not in stored.pk
    assert stored.is_valid(plaintext)
    assert AuditEntry.objects.get(verb="site_key.created").context == {
        "name": "tests",
        "prefix": prefix,
        "site": site.name,
    }


def test_the_command_prints_a_new_key_once(capsys):
    site = SiteFactory(slug="polaris")
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "create_site_key",
        "polaris",
        "--name",
        "usage feed",
        "--expires-days",
        "30",
        stdout=out,
        stderr=err,
    )

    plaintext = out.getvalue().strip()
    key = SiteKey.objects.get(site=site)
    assert key.is_valid(plaintext)
    assert key.name == "usage feed"
    assert key.expiry_date == NOW + timedelta(days=30)
    assert plaintext not in err.getvalue()
    assert key.prefix in err.getvalue()


@pytest.mark.parametrize("arguments", [["no-such-site"], ["polaris", "--expires-days", "0"]])
def test_the_command_refuses_an_unknown_site_or_a_past_expiry(arguments):
    SiteFactory(slug="polaris")

    with pytest.raises(CommandError):
        call_command("create_site_key", *arguments, stdout=io.StringIO())
    assert not SiteKey.objects.exists()


def test_staff_make_a_key_on_the_page_and_see_it_once(client):
    site = SiteFactory()
    client.force_login(secure_staff())

    made = client.post(_keys_page(site), {"name": "nightly usage", "expiry": "2027-12-31"})

    key = SiteKey.objects.get(site=site)
    plaintext = made.context["new_key"]
    assert made.status_code == 200
    assert made["Cache-Control"] == "no-store"
    assert plaintext.startswith(key.prefix + ".")
    assert plaintext in made.content.decode()
    assert key.expiry_date == datetime(2028, 1, 1, tzinfo=UTC)  # the end of the day, UTC here
    again = client.get(_keys_page(site)).content.decode()
    assert plaintext.split(".")[1] not in again
    assert f"{key.prefix}…" in again
    assert "nightly usage" in again


def test_a_bad_key_form_is_shown_again_with_its_errors(client):
    site = SiteFactory()
    client.force_login(secure_staff())

    response = client.post(_keys_page(site), {"name": "", "expiry": "2027-01-01"})

    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"name"}
    response = client.post(_keys_page(site), {"name": "late", "expiry": "2027-03-01"})
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"expiry"}
    assert not SiteKey.objects.exists()


def test_staff_revoke_a_key_and_it_is_refused_at_once(client):
    site = SiteFactory()
    key, plaintext = key_of(site)
    client.force_login(secure_staff())
    assert site_client(plaintext).get("/api/v1/usage/").status_code == 200

    response = client.post(reverse("projects:site_key_revoke", args=[site.slug, key.prefix]))

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked
    refused = site_client(plaintext).get("/api/v1/usage/")
    assert refused.status_code == 401
    assert refused.json()["message"] == "This key was revoked."
    page = client.get(_keys_page(site)).content.decode()
    assert "Revoked" in page


def test_revoking_twice_changes_nothing():
    key, _plaintext = key_of(SiteFactory())

    site_key_revoke(actor=None, key=key)
    site_key_revoke(actor=None, key=key)

    assert AuditEntry.objects.filter(verb="site_key.revoked").count() == 1


# --- Who may see the page ---------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("visitor", "login"),
        ("member", 403),
        ("staff without a second factor", "mfa"),
        ("staff", 200),
    ],
)
def test_the_keys_page_is_for_staff_with_a_second_factor(client, method, who, expected):
    site = SiteFactory()
    people = {
        "visitor": None,
        "member": UserFactory,
        "staff without a second factor": lambda: UserFactory(is_staff=True),
        "staff": secure_staff,
    }
    if people[who] is not None:
        client.force_login(people[who]())

    response = getattr(client, method)(_keys_page(site), {"name": "k"})

    if expected == "login":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    elif expected == "mfa":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    else:
        assert response.status_code == expected
    assert SiteKey.objects.exists() is (who == "staff" and method == "post")


@pytest.mark.parametrize(("who", "expected"), [("visitor", 302), ("member", 403), ("staff", 302)])
def test_only_staff_revoke(client, who, expected):
    site = SiteFactory()
    key, _plaintext = key_of(site)
    if who == "member":
        client.force_login(UserFactory())
    elif who == "staff":
        client.force_login(secure_staff())

    response = client.post(reverse("projects:site_key_revoke", args=[site.slug, key.prefix]))

    assert response.status_code == expected
    key.refresh_from_db()
    assert key.revoked is (who == "staff")
    assert client.get(
        reverse("projects:site_key_revoke", args=[site.slug, key.prefix])
    ).status_code in {302, 403, 405}


def test_the_keys_page_reads_a_constant_number_of_queries(client, django_assert_max_num_queries):
    site = SiteFactory()
    client.force_login(secure_staff())
    for _ in range(3):
        key_of(site)
    with django_assert_max_num_queries(12) as few:
        client.get(_keys_page(site))
    for _ in range(30):
        key_of(site)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_keys_page(site))


# --- The key on the API: the scoping matrix ------------------------------------------------


def test_a_key_of_one_site_cannot_report_on_another_sites_allocation():
    ours, theirs = SiteFactory(), SiteFactory()
    allocation = AllocationFactory(resource__site=theirs)
    _key, plaintext = key_of(ours)

    response = site_client(plaintext).post(
        "/api/v1/usage/", {"records": [record(allocation)]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["stored"] is False
    assert response.json()["errors"] == {
        "records[0].allocation": [f"Your site has no allocation {allocation.pk}."]
    }
    assert not UsageRecord.objects.exists()


def test_a_key_reads_only_its_own_sites_ledger():
    ours, theirs = SiteFactory(), SiteFactory()
    mine = AllocationFactory(resource__site=ours)
    other = AllocationFactory(resource__site=theirs)
    _key, our_key = key_of(ours)
    _key, their_key = key_of(theirs)
    site_client(our_key).post("/api/v1/usage/", {"records": [record(mine)]}, format="json")
    site_client(their_key).post("/api/v1/usage/", {"records": [record(other)]}, format="json")

    rows = site_client(our_key).get("/api/v1/usage/").json()["results"]

    assert [row["allocation"] for row in rows] == [mine.pk]
    assert site_client(our_key).get(f"/api/v1/usage/?allocation={other.pk}").json()["count"] == 0


@pytest.mark.parametrize(
    "state", ["revoked", "expired", "unknown secret", "unknown prefix", "not ascii", "two words"]
)
def test_a_bad_key_is_refused_with_401(state):
    site = SiteFactory()
    allocation = AllocationFactory(resource__site=site)
    key, plaintext = key_of(site)
    if state == "revoked":
        site_key_revoke(actor=None, key=key)
    elif state == "expired":
        SiteKey.objects.filter(pk=key.pk).update(expiry_date=NOW - timedelta(seconds=1))
    elif state == "unknown secret":
        plaintext = key.prefix + ".not-the-secret"
    elif state == "unknown prefix":
        plaintext = "zzzzzzzz." + plaintext.split(".")[1]
    api = site_client(plaintext)
    if state == "not ascii":
        api.credentials(HTTP_AUTHORIZATION="Api-Key ключ".encode().decode("latin-1"))
    elif state == "two words":
        api.credentials(HTTP_AUTHORIZATION=f"Api-Key {plaintext} extra")

    response = api.post("/api/v1/usage/", {"records": [record(allocation)]}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Api-Key")
    assert set(response.json()) == {"message", "errors"}
    assert not UsageRecord.objects.exists()


def test_a_person_cannot_report_usage_with_a_token_or_a_session(client):
    site = SiteFactory()
    allocation = AllocationFactory(resource__site=site)
    pi = allocation.project.created_by
    _token, token = AuthToken.objects.create(pi)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    staff = APIClient()
    staff.force_authenticate(UserFactory(is_staff=True, is_superuser=True))

    for caller in (api, staff):
        response = caller.post("/api/v1/usage/", {"records": [record(allocation)]}, format="json")
        assert response.status_code == 403
        assert response.json()["message"] == "Only a partner site's key may do this."
    assert APIClient().post("/api/v1/usage/", {}, format="json").status_code == 401
    assert not UsageRecord.objects.exists()


def test_a_key_is_never_a_person():
    site = SiteFactory()
    _key, plaintext = key_of(site)

    assert site_client(plaintext).get("/api/v1/me/").status_code == 401  # keys only where named
    assert site_client(plaintext).get("/api/v1/notifications/").status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(time_machine, django_assert_num_queries):
    site = SiteFactory()
    key, plaintext = key_of(site)

    site_client(plaintext).get("/api/v1/usage/")
    key.refresh_from_db()
    assert key.last_used == NOW

    time_machine.move_to(NOW + timedelta(seconds=59), tick=False)
    site_client(plaintext).get("/api/v1/usage/")
    key.refresh_from_db()
    assert key.last_used == NOW

    time_machine.move_to(NOW + timedelta(minutes=1), tick=False)
    site_client(plaintext).get("/api/v1/usage/")
    key.refresh_from_db()
    assert key.last_used == NOW + timedelta(minutes=1)


def test_a_stale_copy_of_the_key_does_not_write_twice():
    key, _plaintext = key_of(SiteFactory())
    first, second = SiteKey.objects.get(pk=key.pk), SiteKey.objects.get(pk=key.pk)

    site_key_used(key=first, now=NOW)
    site_key_used(key=second, now=NOW + timedelta(seconds=30))  # another process, older copy

    assert SiteKey.objects.get(pk=key.pk).last_used == NOW


# --- Never in the logs, never shown again ---------------------------------------------------------


def test_a_key_never_appears_in_logs_or_pages_after_it_was_made(client, caplog):
    caplog.set_level(logging.DEBUG)
    site = SiteFactory()
    allocation = AllocationFactory(resource__site=site)
    staff = secure_staff()
    client.force_login(staff)
    made = client.post(_keys_page(site), {"name": "feed"}).context["new_key"]
    out = io.StringIO()
    call_command("create_site_key", site.slug, stdout=out, stderr=io.StringIO())
    printed = out.getvalue().strip()
    site_client(made).post("/api/v1/usage/", {"records": [record(allocation)]}, format="json")
    site_client(made).get("/api/v1/usage/")
    site_key_revoke(actor=staff, key=SiteKey.objects.get(prefix=made.split(".")[0]))
    site_client(made).get("/api/v1/usage/")  # refused, and logged as refused

    pages = [
        client.get(_keys_page(site)).content.decode(),
        str(list(AuditEntry.objects.values_list("context", flat=True))),
    ]
    for plaintext in (made, printed):
        secret = plaintext.split(".")[1]
        assert secret not in caplog.text
        for page in pages:
            assert secret not in page
    assert any("Unauthorized" in message for message in caplog.messages)


# --- How often a key may call --------------------------------------------------------------------


def test_a_key_has_its_own_rate_not_the_visitors(monkeypatch):
    monkeypatch.setitem(VisitorRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    monkeypatch.setitem(SiteKeyRateThrottle.THROTTLE_RATES, "site_key", "4/minute")
    site = SiteFactory()
    _key, ours = key_of(site)
    _key, other = key_of(site)

    answers = [site_client(ours).get("/api/v1/usage/").status_code for _ in range(5)]

    assert answers == [200, 200, 200, 200, 429]  # past the visitors' 2, refused after 4
    assert site_client(other).get("/api/v1/usage/").status_code == 200  # per key
