from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


def _notices(user, count, *, read=0):
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind="announcement",
            title=f"Notice {i}",
            body=f"Text of notice {i}",
            link=f"/events/event-{i}/",
            created=now - timedelta(minutes=count - i),
            read_at=now if i < read else None,
        )
        for i in range(count)
    )
    return list(Notification.objects.filter(recipient=user).order_by("-created"))


def test_inbox_lists_own_notices_newest_first_each_linking_to_its_subject(member_client, user):
    _notices(user, 3)
    _notices(UserFactory(), 2)

    response = member_client.get(INBOX)

    page = list(response.context["page"])
    assert [n.title for n in page] == ["Notice 2", "Notice 1", "Notice 0"]
    html = response.content.decode()
    assert '<a href="/events/event-2/">Notice 2</a>' in html
    assert reverse("notifications:preferences") in html


def test_inbox_filters_unread(member_client, user):
    _notices(user, 4, read=2)

    response = member_client.get(INBOX, {"unread": "true"})

    assert [n.title for n in response.context["page"]] == ["Notice 3", "Notice 2"]
    assert response.context["unread_only"] is True


def test_inbox_is_paginated(member_client, user):
    _notices(user, 30)

    first = member_client.get(INBOX)
    second = member_client.get(INBOX, {"page": 2})

    assert len(first.context["page"]) == 25
    assert [n.title for n in second.context["page"]] == [f"Notice {i}" for i in range(4, -1, -1)]


@pytest.mark.parametrize("count", [5, 500])
def test_inbox_query_count_does_not_grow_with_the_notices(
    member_client, user, count, django_assert_num_queries
):
    notices = _notices(user, count)
    actor = UserFactory()
    Notification.objects.filter(pk__in=[n.pk for n in notices]).update(actor=actor)

    # the person (account, profile and institution in one: members/backends.py), unread
    # badge, page count, page rows (the session is read through the cache)
    with django_assert_num_queries(4):
        response = member_client.get(INBOX)

    assert response.status_code == 200


def test_navigation_badge_shows_the_unread_count(member_client, user):
    _notices(user, 5, read=2)

    html = member_client.get(reverse("home")).content.decode()

    assert '<span class="nav-badge-count">3</span>' in html


@pytest.mark.parametrize(
    ("unread", "shown", "words"), [(1, "1", "unread notice"), (99, "99", None), (120, "99+", None)]
)
def test_navigation_badge_caps_its_figure_and_says_it_in_words(
    member_client, user, unread, shown, words
):
    _notices(user, unread)

    html = member_client.get(reverse("home")).content.decode()

    assert f'<span class="nav-badge-count">{shown}</span>' in html
    assert f'<span class="visually-hidden"> {words or "unread notices"}</span>' in html


def test_navigation_has_no_badge_figure_when_all_is_read(member_client, user):
    _notices(user, 2, read=2)

    html = member_client.get(reverse("home")).content.decode()

    assert '<span id="inbox-badge" class="nav-badge"></span>' in html


def test_pages_without_the_badge_do_not_count(client, django_assert_num_queries):
    client.get(reverse("home"))  # the visitor's home page caches its figures

    with django_assert_num_queries(0):
        client.get(reverse("home"))


def test_mark_one_read_without_reload_swaps_the_notice_and_the_badge(member_client, user):
    notices = _notices(user, 2)

    response = member_client.post(
        reverse("notifications:mark_read", args=[notices[0].pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="notice-{notices[0].pk}"' in html
    assert "notice-unread" not in html
    assert 'id="inbox-badge" class="nav-badge" hx-swap-oob="true"' in html
    assert '<span class="nav-badge-count">1</span>' in html
    notices[0].refresh_from_db()
    assert notices[0].read_at is not None


def test_mark_one_read_without_javascript_returns_to_the_inbox(member_client, user):
    [notice] = _notices(user, 1)

    response = member_client.post(reverse("notifications:mark_read", args=[notice.pk]))

    assert response.status_code == 302
    assert response["Location"] == INBOX


def test_mark_all_read(member_client, user):
    _notices(user, 3, read=1)
    other = _notices(UserFactory(), 1)

    response = member_client.post(
        reverse("notifications:mark_all_read"), {"unread": "true"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "No unread notices." in response.content.decode()
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    other[0].refresh_from_db()
    assert other[0].read_at is None


def test_another_persons_notice_cannot_be_marked_read(member_client):
    [theirs] = _notices(UserFactory(), 1)

    response = member_client.post(reverse("notifications:mark_read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_persons_notice_never_shows_in_the_inbox(member_client):
    _notices(UserFactory(), 1)

    response = member_client.get(INBOX)

    assert list(response.context["page"]) == []
    assert "You have no notifications yet." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "method"),
    [("inbox", "get"), ("preferences", "get"), ("mark_all_read", "post")],
)
def test_anonymous_visitors_are_sent_to_log_in(client, name, method):
    response = getattr(client, method)(reverse(f"notifications:{name}"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_inbox_speaks_the_visitors_language(member_client, user):
    _notices(user, 1)

    html = member_client.get(INBOX, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Входящие" in html
    assert "Отметить как прочитанное" in html
