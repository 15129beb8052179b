"""Every account has its profile from the moment it is made, so that the pages that only
read (GET) never make one (issue 10, item 9)."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Profile, User
from tests.steering.factories import give_totp

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def _made_by_the_manager():
    return User.objects.create_user("manager@example.org")


def _made_by_createsuperuser():
    call_command(
        "createsuperuser", email="root@example.org", interactive=False, stdout=io.StringIO()
    )
    return User.objects.get(email="root@example.org")


@pytest.mark.parametrize("make", [_made_by_the_manager, _made_by_createsuperuser])
def test_an_account_made_outside_sign_up_has_its_unlisted_profile(make):
    user = make()

    profile = Profile.objects.get(user=user)
    assert profile.visibility == Profile.Visibility.HIDDEN
    assert not profile.is_listed


def test_an_account_the_secretariat_adds_in_the_admin_has_its_profile(client, staff):
    client.force_login(give_totp(staff))

    response = client.post(
        reverse("admin:members_user_add"),
        {
            "email": "added@example.org",
            "password1": "Trillion-params-2026!",
            "password2": "Trillion-params-2026!",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Profile.objects.filter(user__email="added@example.org").exists()


def test_the_migration_gives_every_account_without_a_profile_one():
    bare = User.objects.create(email="old@example.org", full_name="Old Account")
    migration = importlib.import_module("members.migrations.0008_profile_for_every_account")

    migration.give_profiles(apps, connection.schema_editor())

    assert Profile.objects.get(user=bare).display_name == "Old Account"


@pytest.mark.parametrize(
    "url_name", ["members:my_profile", "members:profile_edit", "members:affiliation"]
)
def test_a_get_of_ones_own_pages_writes_nothing_for_the_emptiest_user(client, url_name):
    """The emptiest user: no name, no profile fields, no affiliation, no address."""
    nobody = User.objects.create_user("nobody@example.org")
    client.force_login(nobody)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(url_name))

    assert response.status_code in {200, 302}
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
