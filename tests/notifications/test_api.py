import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/v1/notifications/"


@pytest.fixture
def api(user):
    client = APIClient()
    _instance, token = AuthToken.objects.create(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _notice(user, title="Meeting moved", *, read=False):
    return Notification.objects.create(
        recipient=user,
        kind="announcement",
        title=title,
        body="Now on Thursday.",
        link="/groups/",
        read_at=timezone.now() if read else None,
    )


def test_lists_only_the_callers_own_notices(api, user):
    mine = _notice(user)
    _notice(UserFactory(), "Someone else's")

    response = api.get(NOTIFICATIONS)

    assert response.status_code == 200
    assert response.json()["count"] == 1
    [item] = response.json()["results"]
    assert item["id"] == mine.pk
    assert item["title"] == "Meeting moved"
    assert item["kind"] == "announcement"
    assert item["kind_label"] == "Announcements"
    assert item["is_read"] is False


def test_filters_unread(api, user):
    _notice(user, "Read one", read=True)
    unread = _notice(user, "Unread one")

    response = api.get(NOTIFICATIONS, {"unread": "true"})

    assert [item["id"] for item in response.json()["results"]] == [unread.pk]


def test_marks_one_read(api, user):
    notice = _notice(user)

    response = api.post(f"{NOTIFICATIONS}{notice.pk}/read/")

    assert response.status_code == 200
    assert response.json()["is_read"] is True
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_marks_all_read(api, user):
    _notice(user)
    _notice(user, read=True)
    theirs = _notice(UserFactory())

    response = api.post(f"{NOTIFICATIONS}read-all/")

    assert response.json() == {"marked": 1}
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(("method", "suffix"), [("get", ""), ("post", "read/")])
def test_another_persons_notice_is_a_404(api, method, suffix):
    theirs = _notice(UserFactory())

    response = getattr(api, method)(f"{NOTIFICATIONS}{theirs.pk}/{suffix}")

    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "errors": {}}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_callers_get_401(client):
    assert client.get(NOTIFICATIONS).status_code == 401


def test_list_query_count_does_not_grow(api, user, django_assert_max_num_queries):
    actor = UserFactory()
    Notification.objects.bulk_create(
        Notification(recipient=user, kind="announcement", title=f"n{i}", actor=actor)
        for i in range(60)
    )

    with django_assert_max_num_queries(4):  # token, count, page
        response = api.get(NOTIFICATIONS)

    assert len(response.json()["results"]) == 25
