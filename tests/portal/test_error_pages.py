"""Error answers with DEBUG off: pages in the portal's layout and the reader's language,
saying what to do next; JSON in the API's one shape under /api/."""

import re

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from members.models import Profile
from tests.factories import InstitutionFactory, ProfileFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.error_urls")]

# (path, status) for every kind of error, as pages and under /api/.
ERRORS = [
    ("/test-errors/suspicious/", 400),
    ("/test-errors/refused/", 403),
    ("/no-such-page/", 404),
    ("/test-errors/broken/", 500),
]
API_ERRORS = [
    ("/api/v1/test-errors/suspicious/", 400),
    ("/api/v1/test-errors/refused/", 403),
    ("/api/v1/no-such-endpoint/", 404),
    ("/api/v1/institutions/no-such-slug/", 404),
    ("/api/v1/test-errors/broken/", 500),
]


@pytest.fixture
def client():
    # Errors are answered, not raised into the test, as in production.
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _is_portal_page(response) -> bool:
    body = response.content.decode()
    return (
        response["Content-Type"].startswith("text/html")
        and 'class="site-header"' in body
        and 'class="site-footer"' in body
        and f'href="{reverse("home")}"' in body
    )


@pytest.mark.parametrize(("url", "status"), ERRORS)
def test_every_error_is_a_page_in_the_portal_layout(client, url, status):
    response = client.get(url)

    assert response.status_code == status
    assert _is_portal_page(response)
    assert '<html lang="en">' in response.content.decode()
    assert "Go to the home page" in response.content.decode()


@pytest.mark.parametrize(("url", "status"), ERRORS)
def test_every_error_page_speaks_the_readers_language(client, url, status):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == status
    assert '<html lang="ru">' in response.content.decode()
    assert "Перейти на главную страницу" in response.content.decode()


@pytest.mark.parametrize(("url", "status"), API_ERRORS)
def test_every_api_error_is_json_in_the_one_shape(client, url, status):
    response = client.get(url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"message", "errors"}
    assert body["message"]
    assert body["errors"] == {}


def test_a_refusal_says_why_and_offers_a_visitor_to_sign_in(client):
    response = client.get("/test-errors/refused/")

    body = response.content.decode()
    assert "Only the chair of the committee may do this." in body
    assert f"{reverse('account_login')}?next=/test-errors/refused/" in body


def test_a_refusal_without_a_reason_still_says_what_happened(client, user):
    client.force_login(user)

    response = client.get("/test-errors/refused-quietly/")

    assert response.status_code == 403
    assert "does not have permission" in response.content.decode()
    assert reverse("account_login") not in response.content.decode()


def test_the_api_gives_the_refusals_reason(client):
    response = client.get("/api/v1/test-errors/refused/")

    assert response.json()["message"] == "Only the chair of the committee may do this."


def test_the_404_page_never_shows_the_exceptions_text(client):
    response = client.get("/directory/institutions/no-such-institution/")

    assert response.status_code == 404
    assert "matches the given query" not in response.content.decode()
    assert "Page not found" in response.content.decode()


def test_a_missing_page_offers_a_visitor_to_sign_in_and_a_member_not(client, user):
    url = "/directory/institutions/no-such-institution/"
    sign_in = f"{reverse('account_login')}?next={url}"

    assert sign_in in client.get(url).content.decode()
    client.force_login(user)
    assert reverse("account_login") not in client.get(url).content.decode()


def test_the_500_page_renders_when_the_database_is_down(client, user, monkeypatch):
    client.force_login(user)

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)

    response = client.get("/test-errors/broken/")

    assert response.status_code == 500
    assert _is_portal_page(response)
    assert "Something went wrong on our side" in response.content.decode()


def test_a_form_without_its_csrf_token_gets_the_portal_page(user):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("set_language"), {"language": "ru"})

    assert response.status_code == 403
    assert _is_portal_page(response)
    assert "The form could not be sent" in response.content.decode()
    assert "reload the page" in response.content.decode()


def test_a_post_without_its_csrf_token_under_the_api_gets_json():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/api/v1/test-errors/form/")

    assert response.status_code == 403
    assert set(response.json()) == {"message", "errors"}
    assert "CSRF" in response.json()["message"]


@pytest.fixture
def unaffiliated(client):
    person = UserFactory()
    client.force_login(person)
    return person


def test_a_profile_for_members_tells_an_unconfirmed_person_why(client, unaffiliated):
    profile = ProfileFactory(visibility=Profile.Visibility.MEMBERS)

    response = client.get(reverse("members:profile", args=[profile.pk]))

    assert response.status_code == 403
    assert "Only confirmed members of a member institution" in response.content.decode()
    assert profile.display_name not in response.content.decode()


def test_an_unconfirmed_person_cannot_tell_a_members_profile_from_a_hidden_or_absent_one(
    client, unaffiliated
):
    members_only = ProfileFactory(visibility=Profile.Visibility.MEMBERS)
    hidden = ProfileFactory(visibility=Profile.Visibility.HIDDEN)
    absent = hidden.pk + 1000

    answers = {
        pk: client.get(reverse("members:profile", args=[pk]))
        for pk in (members_only.pk, hidden.pk, absent)
    }

    assert {response.status_code for response in answers.values()} == {403}
    # The same page but for its own address and the per-response CSRF token and nonce.
    bodies = {
        re.sub(r'[\w-]{64}|nonce="[^"]*"', "TOKEN", response.content.decode()).replace(
            f"/directory/people/{pk}/", ""
        )
        for pk, response in answers.items()
    }
    assert len(bodies) == 1


def test_a_hidden_profile_stays_a_plain_404_for_a_confirmed_member(client):
    client.force_login(ProfileFactory(institution=InstitutionFactory()).user)
    hidden = ProfileFactory(visibility=Profile.Visibility.HIDDEN)

    response = client.get(reverse("members:profile", args=[hidden.pk]))

    assert response.status_code == 404
    assert "Only confirmed members" not in response.content.decode()
