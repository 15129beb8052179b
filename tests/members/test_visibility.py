"""Who sees a profile and its address: viewer x profile visibility x e-mail consent."""

import itertools

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from members.models import Profile
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

TARGET_EMAIL = "target.person@lab.example"
VIEWERS = ["visitor", "unaffiliated", "member", "same_institution", "self"]
SEES_MEMBER_ONLY = {"member", "same_institution", "self"}


def _expected(viewer, visibility, email_visible):
    sees_profile = visibility == "public" or viewer in SEES_MEMBER_ONLY
    sees_email = viewer == "self" or (sees_profile and email_visible)
    return sees_profile, sees_email


CASES = [
    (viewer, visibility, email_visible, *_expected(viewer, visibility, email_visible))
    for viewer, visibility, email_visible in itertools.product(
        VIEWERS, ["public", "members"], [True, False]
    )
]


@pytest.fixture
def target(lab):
    return ProfileFactory(institution=lab, user__email=TARGET_EMAIL, user__full_name="Tess Target")


def _viewer_user(name, target, lab, university):
    if name == "visitor":
        return None
    if name == "self":
        return target.user
    institution = {"unaffiliated": None, "member": university, "same_institution": lab}[name]
    return ProfileFactory(institution=institution).user


@pytest.mark.parametrize(("viewer", "visibility", "email_visible", "sees", "sees_email"), CASES)
def test_profile_page(
    client, target, lab, university, viewer, visibility, email_visible, sees, sees_email
):
    Profile.objects.filter(pk=target.pk).update(visibility=visibility, email_visible=email_visible)
    user = _viewer_user(viewer, target, lab, university)
    if user:
        client.force_login(user)

    response = client.get(reverse("members:profile", args=[target.pk]))

    if sees:
        assert response.status_code == 200
        assert "Tess Target" in response.content.decode()
    elif viewer == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif viewer == "unaffiliated":
        # Told why (only confirmed members see such profiles), whatever the profile is.
        assert response.status_code == 403
    else:
        assert response.status_code == 404
    assert (TARGET_EMAIL in response.content.decode()) == sees_email


@pytest.mark.parametrize(("viewer", "visibility", "email_visible", "sees", "sees_email"), CASES)
def test_api(target, lab, university, viewer, visibility, email_visible, sees, sees_email):
    Profile.objects.filter(pk=target.pk).update(visibility=visibility, email_visible=email_visible)
    user = _viewer_user(viewer, target, lab, university)
    api = APIClient()
    if user:
        api.force_authenticate(user)

    detail = api.get(reverse("api:researcher-detail", args=[target.pk]))
    listing = api.get(reverse("api:researcher-list"), {"page_size": 100})

    if viewer == "visitor":
        assert (detail.status_code, listing.status_code) == (401, 401)
        return
    assert detail.status_code == (200 if sees else 404)
    listed = {row["id"]: row for row in listing.json()["results"]}
    assert (target.pk in listed) == sees
    if sees:
        assert detail.json()["email"] == (TARGET_EMAIL if sees_email else None)
        assert listed[target.pk]["email"] == detail.json()["email"]
    assert (TARGET_EMAIL in detail.content.decode() + listing.content.decode()) == sees_email


def test_hidden_profile_is_seen_by_its_owner_only(client, target, lab):
    Profile.objects.filter(pk=target.pk).update(visibility=Profile.Visibility.HIDDEN)
    colleague = ProfileFactory(institution=lab).user

    client.force_login(colleague)
    assert client.get(reverse("members:profile", args=[target.pk])).status_code == 404
    client.force_login(target.user)
    assert client.get(reverse("members:profile", args=[target.pk])).status_code == 200


def test_institution_page_lists_only_consenting_people_the_viewer_may_see(client, lab, target):
    ProfileFactory(institution=lab, user__full_name="Pat Public", visibility="public")
    ProfileFactory(institution=lab, user__full_name="Hal Hidden", visibility="hidden")

    anonymous = client.get(reverse("members:institution", args=[lab.slug])).content.decode()
    client.force_login(ProfileFactory(institution=lab).user)
    member = client.get(reverse("members:institution", args=[lab.slug])).content.decode()

    assert "Pat Public" in anonymous
    assert "Tess Target" not in anonymous
    assert "Tess Target" in member
    assert "Hal Hidden" not in anonymous + member
    assert TARGET_EMAIL not in anonymous + member


def test_directory_of_a_non_member_shows_public_profiles_only(client, target, unaffiliated):
    ProfileFactory(user__full_name="Pat Public", visibility="public")
    client.force_login(unaffiliated.user)

    page = client.get(reverse("members:researchers")).content.decode()

    assert "Pat Public" in page
    assert "Tess Target" not in page
    assert "Confirm your affiliation" in page
