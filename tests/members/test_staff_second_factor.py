import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _give_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


def test_staff_without_second_factor_is_sent_to_set_one_up(client, staff):
    client.force_login(staff)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_with_totp_reaches_the_admin(client, staff):
    _give_totp(staff)
    client.force_login(staff)

    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("url_name", ["admin:index", "admin:members_user_changelist"])
def test_non_staff_member_is_refused_by_the_admin(member_client, url_name):
    assert member_client.get(reverse(url_name), follow=True).status_code == 403


def test_admin_log_in_goes_through_the_portal_log_in(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
