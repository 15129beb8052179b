import pytest
from django.urls import reverse

from members.selectors import collaborators_suggested_for
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(lab):
    return ProfileFactory(
        institution=lab,
        user__full_name="Me Myself",
        expertise=["evaluation", "alignment-and-trust", "chemistry"],
        keywords=["tokenizers", "benchmarks"],
    )


def _names(suggestions):
    return [s.profile.display_name for s in suggestions]


def test_ranked_by_shared_areas_and_keywords_other_institutions_first(me, lab, university):
    ProfileFactory(
        institution=lab,
        user__full_name="Colleague Close",
        expertise=["evaluation", "alignment-and-trust", "chemistry"],
        keywords=["tokenizers"],
    )
    ProfileFactory(
        institution=university, user__full_name="Far Two", expertise=["evaluation", "chemistry"]
    )
    ProfileFactory(
        institution=university,
        user__full_name="Far Three",
        expertise=["evaluation", "alignment-and-trust"],
        keywords=["tokenizers"],
    )
    ProfileFactory(institution=None, user__full_name="Far One", keywords=["benchmarks"])
    ProfileFactory(institution=university, user__full_name="Nothing Shared", expertise=["physics"])

    suggestions = collaborators_suggested_for(me)

    assert _names(suggestions) == ["Far Three", "Far Two", "Far One", "Colleague Close"]


def test_each_suggestion_says_why(me, university):
    ProfileFactory(
        institution=university,
        user__full_name="Far Three",
        expertise=["evaluation", "alignment-and-trust", "physics"],
        keywords=["tokenizers", "rlhf"],
    )
    ProfileFactory(institution=university, user__full_name="Far Kw", keywords=["benchmarks"])

    why = {s.profile.display_name: s.why for s in collaborators_suggested_for(me)}

    assert why == {
        "Far Three": "Shares: Evaluation, Alignment and trust; keyword: tokenizers",
        "Far Kw": "Keyword: benchmarks",
    }


def test_never_oneself_nor_hidden_nor_unseeable_profiles(me, university):
    ProfileFactory(
        institution=university,
        user__full_name="Hidden",
        expertise=["evaluation"],
        visibility="hidden",
    )
    ProfileFactory(institution=university, display_name="", expertise=["evaluation"])
    visible = ProfileFactory(
        institution=university, user__full_name="Visible", expertise=["evaluation"]
    )

    assert _names(collaborators_suggested_for(me)) == ["Visible"]

    # Someone who is not a confirmed member is offered public profiles only.
    outsider = ProfileFactory(institution=None, expertise=["evaluation"])
    assert _names(collaborators_suggested_for(outsider)) == []
    visible.visibility = "public"
    visible.save()
    assert _names(collaborators_suggested_for(outsider)) == ["Visible"]


def test_at_most_ten(me, university):
    ProfileFactory.create_batch(12, institution=university, expertise=["chemistry"])

    assert len(collaborators_suggested_for(me)) == 10


def test_nothing_to_match_means_no_suggestions(lab):
    assert collaborators_suggested_for(ProfileFactory(institution=lab)) == []


def test_shown_on_the_home_page_and_the_own_profile_page(client, me, university):
    ProfileFactory(institution=university, user__full_name="Far Two", expertise=["evaluation"])
    client.force_login(me.user)

    home = client.get(reverse("home")).content.decode()
    own = client.get(reverse("members:profile", args=[me.pk])).content.decode()

    for page in (home, own):
        assert "Suggested collaborators" in page
        assert "Far Two" in page
        assert "Shares: Evaluation" in page


def test_home_page_query_count_is_bounded(client, django_assert_max_num_queries, me, university):
    ProfileFactory.create_batch(
        15, institution=university, expertise=["evaluation"], keywords=["tokenizers"]
    )
    client.force_login(me.user)

    # Session, user, inbox badge; own profile and its two prefetches; membership; the
    # ranking; the suggested profiles and their two prefetches; the home page's next
    # actions add requests to join the groups the person leads (one COUNT).
    with django_assert_max_num_queries(12):
        assert client.get(reverse("home")).status_code == 200
