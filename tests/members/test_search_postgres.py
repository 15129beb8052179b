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


@pytest.mark.parametrize("page", [None, "1", "two", "99"])
def test_a_search_page_is_counted_by_its_ranked_query_not_a_second_count(
    client, member, university, page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(30):
        ProfileFactory(institution=university, user__full_name=f"Hopper {number}")
    client.force_login(member.user)
    params = {"q": "hopper"} | ({"page": page} if page else {})

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:researchers"), params)

    assert response.context["page"].paginator.count == 30
    assert response.context["page"].number == (2 if page == "99" else 1)
    counts = [
        q["sql"] for q in queries if 'COUNT(*) AS "__count" FROM "members_profile"' in q["sql"]
    ]
    # Past the last page is the one case that counts the usual way, to say how many pages.
    assert len(counts) == (1 if page == "99" else 0)


def test_a_search_with_an_expertise_facet_follows_profile_edits(member, university):
    profile = ProfileFactory(
        institution=university, user__full_name="Tok Enizer", expertise=["evaluation"]
    )
    ProfileFactory(institution=university, user__full_name="Tok Other", expertise=["chemistry"])
    assert _ranked(member, "tok", expertise="evaluation") == ["Tok Enizer"]
    assert _ranked(member, "tok", expertise=["evaluation", "chemistry"]) == [
        "Tok Enizer",
        "Tok Other",
    ]

    services.profile_update(
        profile=profile,
        actor=profile.user,
        display_name="Tok Enizer",
        expertise=profile.expertise.model.objects.filter(slug="chemistry"),
        visibility=Profile.Visibility.MEMBERS,
    )

    assert _ranked(member, "tok", expertise="evaluation") == []
    assert _ranked(member, "tok", expertise="chemistry") == ["Tok Enizer", "Tok Other"]
