import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from members import services
from members.models import Profile
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_sign_up_creates_an_unlisted_profile(client):
    client.post(
        reverse("account_signup"),
        {
            "full_name": "New Researcher",
            "email": "new.researcher@example.org",
            "password1": "Trillion-params-2026!",
            "password2": "Trillion-params-2026!",
        },
    )

    profile = Profile.objects.get(user__email="new.researcher@example.org")
    assert profile.visibility == Profile.Visibility.HIDDEN
    assert not profile.is_listed
    assert profile.user.full_name == "New Researcher"
    assert profile.display_name == "New Researcher"
    assert str(profile.user) == str(profile) == "New Researcher"


@pytest.mark.parametrize("name", ["", "   "])
def test_sign_up_asks_the_name(client, name):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": name,
            "email": "nameless@example.org",
            "password1": "Trillion-params-2026!",
            "password2": "Trillion-params-2026!",
        },
    )

    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    assert not Profile.objects.filter(user__email="nameless@example.org").exists()


def test_sign_up_page_asks_the_name_first(client):
    form = client.get(reverse("account_signup")).context["form"]

    assert next(iter(form.fields)) == "full_name"
    assert form.fields["full_name"].required


def test_owner_completes_the_profile(client, unaffiliated):
    client.force_login(unaffiliated.user)

    response = client.post(
        reverse("members:profile_edit"),
        {
            "display_name": "Una Affiliated",
            "title": "Postdoc",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "bio": "Scaling laws for protein models.",
            "expertise": [
                area.pk
                for area in Profile.expertise.field.related_model.objects.filter(
                    slug__in=["biology", "evaluation"]
                )
            ],
            "keywords": "Tokenizers,  protein LANGUAGE models; tokenizers",
            "career_stage": "postdoc",
            "open_to_mentoring": "on",
            "visibility": "public",
            "email_visible": "on",
        },
    )

    assert response.status_code == 302
    unaffiliated.refresh_from_db()
    assert unaffiliated.orcid == "0000-0002-1825-0097"
    assert sorted(unaffiliated.expertise.values_list("slug", flat=True)) == [
        "biology",
        "evaluation",
    ]
    assert sorted(unaffiliated.keywords.values_list("name", flat=True)) == [
        "protein language models",
        "tokenizers",
    ]
    assert unaffiliated.open_to == ["Mentoring"]
    assert unaffiliated.visibility == Profile.Visibility.PUBLIC
    assert unaffiliated.email_visible


def test_a_listed_profile_needs_a_name(client, unaffiliated):
    client.force_login(unaffiliated.user)

    response = client.post(
        reverse("members:profile_edit"), {"display_name": "", "visibility": "members"}
    )

    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors


def test_entering_the_orcid_of_a_hidden_profile_reveals_nothing(client, unaffiliated):
    """Defect: "Another profile already has this ORCID iD" told who held it."""
    holder = ProfileFactory(
        orcid="0000-0002-1825-0097", visibility="hidden", user__full_name="Hidden Holder"
    )
    client.force_login(unaffiliated.user)
    data = {"display_name": "Una", "orcid": "0000-0002-1825-0097", "visibility": "members"}

    response = client.post(reverse("members:profile_edit"), data)
    page = client.get(reverse("members:profile", args=[unaffiliated.pk])).content.decode()

    assert response.status_code == 302  # saved like any other iD: no hint of a holder
    unaffiliated.refresh_from_db()
    assert unaffiliated.orcid == holder.orcid
    assert "(unverified)" in page
    assert "Hidden Holder" not in page
    assert "another profile" not in page.lower()


def test_an_orcid_proved_by_orcid_sign_in_is_shown_verified(client, unaffiliated):
    claimant = ProfileFactory(orcid="0000-0002-1825-0097")
    SocialAccount.objects.create(user=unaffiliated.user, provider="orcid", uid=claimant.orcid)
    services.profile_update(
        profile=unaffiliated,
        actor=unaffiliated.user,
        display_name="Una",
        orcid=claimant.orcid,
        visibility="members",
    )
    client.force_login(claimant.user)

    proved = client.get(reverse("members:profile", args=[unaffiliated.pk])).content.decode()
    claimed = client.get(reverse("members:profile", args=[claimant.pk])).content.decode()

    assert "(verified by ORCID sign-in)" in proved
    assert "(unverified)" in claimed


def test_my_profile_creates_a_missing_profile(client, user):
    client.force_login(user)

    response = client.get(reverse("members:my_profile"))

    assert response.status_code == 302
    assert response["Location"] == reverse("members:profile", args=[user.profile.pk])


def test_editing_a_stale_profile_keeps_an_affiliation_confirmed_meanwhile(unaffiliated, lab):
    stale = Profile.objects.get(pk=unaffiliated.pk)
    Profile.objects.filter(pk=unaffiliated.pk).update(institution=lab)

    services.profile_update(
        profile=stale, actor=stale.user, display_name="Una", visibility="members"
    )

    unaffiliated.refresh_from_db()
    assert unaffiliated.institution == lab
    assert unaffiliated.display_name == "Una"


def test_edit_page_works_for_someone_who_saved_expertise_areas(client):
    """Defect: the form read `.pk` on the card's Tag tuples, a 500 on GET and POST."""
    profile = ProfileFactory(expertise=["biology", "evaluation"], visibility="public")
    saved_areas = sorted(profile.expertise.values_list("pk", flat=True))
    areas = Profile.expertise.field.related_model.objects.filter(slug__in=["biology"])
    client.force_login(profile.user)

    page = client.get(reverse("members:profile_edit"))
    saved = client.post(
        reverse("members:profile_edit"),
        {
            "display_name": profile.display_name,
            "expertise": [area.pk for area in areas],
            "visibility": "hidden",
        },
    )

    assert page.status_code == 200
    checked = page.context["form"]["expertise"].value()
    assert sorted(checked) == saved_areas
    assert saved.status_code == 302
    profile.refresh_from_db()
    assert profile.visibility == Profile.Visibility.HIDDEN
    assert list(profile.expertise.values_list("slug", flat=True)) == ["biology"]
