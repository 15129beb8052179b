import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from knox.models import AuthToken
from rest_framework import serializers
from rest_framework.test import APIClient
from rest_framework.views import APIView

from tpc_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_call_is_401_with_the_error_shape(api):
    response = api.get("/api/v1/me/")

    assert response.status_code == 401
    assert "Token" in response["WWW-Authenticate"]
    assert set(response.json()) == {"message", "errors"}


def test_a_personal_token_authenticates(api, user):
    _, token = AuthToken.objects.create(user)

    response = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_a_wrong_token_is_refused(api, user):
    AuthToken.objects.create(user)

    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION="Token nope").status_code == 401


def test_tokens_are_stored_hashed(user):
    instance, token = AuthToken.objects.create(user)

    assert token not in instance.digest
    assert not AuthToken.objects.filter(digest=token).exists()


def test_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/v1/schema/")
    docs = client.get("/api/v1/docs/")

    assert schema.status_code == 200
    assert b"openapi" in schema.content
    assert docs.status_code == 200
    assert b"//cdn" not in docs.content
    assert b"https://" not in docs.content.replace(b"https://github.com", b"")


# Views that fail in each way the exception handler must shape.
class _Echo(serializers.Serializer):
    count = serializers.IntegerField(min_value=1)


class _Failing(APIView):
    def post(self, request):
        kind = request.query_params.get("kind")
        if kind == "domain":
            raise ApplicationError("The case is closed.", errors={"status": ["Closed."]})
        if kind == "model":
            raise DjangoValidationError({"orcid": ["Checksum does not match."]})
        _Echo(data=request.data).is_valid(raise_exception=True)
        return None


urlpatterns = [path("fail/", _Failing.as_view())]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("kind", "message", "errors"),
    [
        ("domain", "The case is closed.", {"status": ["Closed."]}),
        ("model", "Invalid input.", {"orcid": ["Checksum does not match."]}),
        ("serializer", "Invalid input.", {"count": ["A valid integer is required."]}),
    ],
)
def test_errors_have_one_stable_shape(api, user, kind, message, errors):
    api.force_authenticate(user)

    response = api.post(f"/fail/?kind={kind}", {"count": "many"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": message, "errors": errors}


def test_page_size_is_capped(api, user):
    from notifications.models import Notification

    Notification.objects.bulk_create(
        Notification(recipient=user, kind="announcement", title=f"Notice {n}") for n in range(130)
    )
    api.force_authenticate(user)

    body = api.get("/api/v1/notifications/?page_size=1000").json()

    assert body["count"] == 130
    assert len(body["results"]) == 100


@pytest.mark.parametrize(
    "raw_header",
    [b"Token \xff\xfe", b"Token abc\x80def", b"token \xc3\x28"],
)
@pytest.mark.parametrize(
    "url", ["/api/v1/me/", "/api/v1/institutions/", "/api/v1/cases/", "/api/v1/events/"]
)
def test_a_token_that_is_not_utf8_is_401_not_500(api, raw_header, url):
    # The test client passes headers as str: bytes decoded as latin-1 reach the view as
    # the same raw bytes a real client would send.
    response = api.get(url, HTTP_AUTHORIZATION=raw_header.decode("latin-1"))

    assert response.status_code == 401
    assert set(response.json()) == {"message", "errors"}


def test_the_docs_page_needs_nothing_the_content_security_policy_refuses(client):
    from html.parser import HTMLParser

    class Inline(HTMLParser):
        def __init__(self):
            super().__init__()
            self.problems, self.lang, self.open_script = [], None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "html":
                self.lang = attrs.get("lang")
            if "style" in attrs or any(name.startswith("on") for name in attrs):
                self.problems.append(f"inline style or handler on <{tag}>")
            if tag == "style":
                self.problems.append("<style> element")
            if tag == "script" and not attrs.get("src") and not attrs.get("nonce"):
                self.problems.append("inline <script> without a nonce")

    response = client.get("/api/v1/docs/")
    parser = Inline()
    parser.feed(response.content.decode())

    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert parser.problems == []
    assert parser.lang == "en"
    # Every script and style sheet it names is served by the portal itself.
    assert client.get("/api/v1/docs/?script=").status_code == 200
