import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from members.models import User
from notifications.models import EmailState, Notification

pytestmark = pytest.mark.django_db

DELIVERY = reverse("notifications:delivery")
RETRY = reverse("notifications:delivery_retry")


@pytest.fixture
def secretariat(client, staff):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    return client


def _failed(count):
    people = User.objects.bulk_create(User(email=f"failed{i}@example.org") for i in range(count))
    Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind="announcement",
            title="Hackathon",
            email_state=EmailState.FAILED,
            email_attempts=1,
            email_error="550 5.1.1 No such user",
        )
        for person in people
    )
    return people


def test_secretariat_sees_failures_and_the_queue(secretariat):
    [person] = _failed(1)
    Notification.objects.create(
        recipient=person, kind="announcement", title="x", email_state=EmailState.PENDING
    )

    response = secretariat.get(DELIVERY)

    assert response.status_code == 200
    overview = response.context["overview"]
    assert (overview.pending, overview.failed) == (1, 1)
    html = response.content.decode()
    assert person.email in html
    assert "550 5.1.1 No such user" in html


def test_staff_page_query_count_does_not_grow_with_failures(
    secretariat, django_assert_max_num_queries
):
    _failed(60)

    with django_assert_max_num_queries(9):
        assert secretariat.get(DELIVERY).status_code == 200


def test_secretariat_can_queue_failed_emails_again(secretariat, django_capture_on_commit_callbacks):
    _failed(2)

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(RETRY)

    assert response.status_code == 302
    assert not Notification.objects.filter(email_state=EmailState.FAILED).exists()


def test_staff_without_second_factor_is_sent_to_set_one_up(client, staff):
    client.force_login(staff)

    response = client.get(DELIVERY)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize(("url", "method"), [(DELIVERY, "get"), (RETRY, "post")])
def test_members_are_refused(member_client, url, method):
    assert getattr(member_client, method)(url).status_code == 403


def test_the_inbox_links_staff_to_the_delivery_page_and_nobody_else(secretariat, client, user):
    assert DELIVERY in secretariat.get(reverse("notifications:inbox")).content.decode()
    client.force_login(user)
    assert DELIVERY not in client.get(reverse("notifications:inbox")).content.decode()


@pytest.mark.broker
def test_overview_counts_the_tasks_waiting_in_the_broker():
    from notifications.selectors import notification_delivery_overview
    from tpc_portal.celery import app

    app.control.purge()
    try:
        assert notification_delivery_overview().broker == "ok"
        app.send_task("notifications.tasks.sweep_notification_emails")
        assert notification_delivery_overview().queued_tasks == 1
    finally:
        app.control.purge()


def test_overview_without_a_broker_says_tasks_run_in_process(settings):
    from notifications.selectors import notification_delivery_overview

    settings.CELERY_BROKER_URL = ""
    overview = notification_delivery_overview()
    assert (overview.queued_tasks, overview.broker) == (None, "in-process")
