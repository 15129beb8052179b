"""Full-text ranking: PostgreSQL only (SQLite falls back to plain matching)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from members import services
from members.models import Profile
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _ranked(member, q, **params):
    api = APIClient()
    api.force_authenticate(member.user)
    response = api.get(reverse("api:researcher-list"), {"q": q, **params})
    assert response.status_code == 200
    return [row["name"] for row in response.json()["results"]]


def test_a_name_match_outranks_a_keyword_which_outranks_a_bio_mention(member, university):
    ProfileFactory(
        institution=university, user__full_name="Pat Doe", bio="I once worked with Hopper."
    )
    ProfileFactory(institution=university, user__full_name="Kim Roe", keywords=["hopper"])
    ProfileFactory(institution=university, user__full_name="Grace Hopper")

    assert _ranked(member, "hopper") == ["Grace Hopper", "Kim Roe", "Pat Doe"]


def test_two_words_must_both_match_and_stems_count(member, university):
    ProfileFactory(
        institution=university,
        user__full_name="Ana Both",
        bio="Training protein language models on leadership systems.",
    )
    ProfileFactory(institution=university, user__full_name="Bea One", bio="Protein folding.")

    assert _ranked(member, "protein model") == ["Ana Both"]


def test_search_combines_with_a_facet(member, lab, university):
    ProfileFactory(institution=university, user__full_name="Uni Tokenizer", keywords=["tokenizers"])
    ProfileFactory(institution=lab, user__full_name="Lab Tokenizer", keywords=["tokenizers"])

    assert _ranked(member, "tokenizers", country="GB") == ["Uni Tokenizer"]


def test_the_stored_vector_follows_profile_edits(member, university):
    profile = ProfileFactory(institution=university, user__full_name="Old Name")

    services.profile_update(
        profile=profile,
        actor=profile.user,
        display_name="New Name",
        keywords=["exascale"],
        bio="Climate emulators.",
        visibility=Profile.Visibility.MEMBERS,
    )

    assert _ranked(member, "exascale") == ["New Name"]
    assert _ranked(member, "emulators") == ["New Name"]
    assert _ranked(member, "old") == []


def test_the_directory_page_ranks_too(client, member, university):
    ProfileFactory(institution=university, user__full_name="Pat Doe", bio="Hopper fan.")
    ProfileFactory(institution=university, user__full_name="Grace Hopper")
    client.force_login(member.user)

    response = client.get(reverse("members:researchers"), {"q": "hopper"})

    assert [p.display_name for p in response.context["page"].object_list] == [
        "Grace Hopper",
        "Pat Doe",
    ]
