"""A seat and an institution's representation are public roles: the holder's name and role
are shown whatever their profile's visibility, and nothing else of a hidden profile."""

import pytest
from django.urls import reverse

from members.models import Profile, User
from steering.models import Seat
from tests.factories import ProfileFactory
from tests.steering.factories import SeatFactory, give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_chair():
    seat = SeatFactory(role=Seat.Role.CHAIR)
    profile = seat.representative.profile
    profile.display_name = "Harriet Hidden"
    profile.title = "Secret title"
    profile.bio = "Nobody should read this bio."
    profile.visibility = Profile.Visibility.HIDDEN
    profile.save()
    return seat


def _pages(seat):
    return [
        reverse("steering:index"),
        reverse("members:institution", args=[seat.institution.slug]),
    ]


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_a_hidden_representative_is_shown_by_name_only(client, hidden_chair, viewer):
    if viewer == "member":
        client.force_login(ProfileFactory(institution=hidden_chair.institution).user)
    profile = hidden_chair.representative.profile
    profile_url = reverse("members:profile", args=[profile.pk])

    for url in _pages(hidden_chair):
        page = client.get(url).content.decode()
        assert "Harriet Hidden" in page, url
        assert profile_url not in page, url
        assert "Secret title" not in page, url
        assert "Nobody should read this bio." not in page, url
        assert hidden_chair.representative.email not in page, url


def test_a_listed_representative_links_to_their_profile(client, hidden_chair):
    profile = hidden_chair.representative.profile
    profile.visibility = Profile.Visibility.PUBLIC
    profile.save()

    for url in _pages(hidden_chair):
        page = client.get(url).content.decode()
        assert reverse("members:profile", args=[profile.pk]) in page, url


def test_a_nameless_representative_is_never_shown_by_address(client):
    seat = SeatFactory()
    User.objects.filter(pk=seat.representative_id).update(full_name="")
    Profile.objects.filter(user=seat.representative_id).update(display_name="")

    for url in _pages(seat):
        page = client.get(url).content.decode()
        assert seat.representative.email not in page, url
        assert "a TPC member" in page, url


def test_where_people_choose_visibility_and_take_a_role_they_read_that_it_is_public(client):
    user = give_totp(ProfileFactory().user)
    client.force_login(user)

    edit = client.get(reverse("members:profile_edit")).content.decode()
    apply = client.get(reverse("steering:apply")).content.decode()

    assert "is a public role" in edit
    assert "is a public role" in apply
