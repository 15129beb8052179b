import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from members.demo.researchers import researchers_bulk_create
from members.models import ExpertiseArea
from tests.conftest import clear_cache
from tests.factories import InstitutionFactory, ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(lab, university):
    return {
        "ada": ProfileFactory(
            institution=lab,
            user__full_name="Ada Evaluator",
            expertise=["evaluation", "chemistry"],
            keywords=["tokenizers"],
            career_stage="postdoc",
            open_to_collaboration=True,
        ),
        "bo": ProfileFactory(
            institution=university,
            user__full_name="Bo Evaluator",
            expertise=["evaluation"],
            career_stage="postdoc",
            open_to_mentoring=True,
        ),
        "cy": ProfileFactory(
            institution=university,
            user__full_name="Cy Physicist",
            expertise=["physics"],
            career_stage="senior",
            bio="Tokenizers for particle physics event data.",
        ),
        "hidden": ProfileFactory(
            institution=lab,
            user__full_name="Hid Evaluator",
            expertise=["evaluation"],
            visibility="hidden",
        ),
    }


def _names(client, **params):
    response = client.get(reverse("members:researchers"), params)
    assert response.status_code == 200
    return [p.display_name for p in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Ada Evaluator", "Bo Evaluator", "Cy Physicist", "Marie Member"]),
        ({"expertise": ["evaluation"]}, ["Ada Evaluator", "Bo Evaluator"]),
        (
            {"expertise": ["evaluation", "physics"]},
            ["Ada Evaluator", "Bo Evaluator", "Cy Physicist"],
        ),
        ({"expertise": ["evaluation"], "country": "GB"}, ["Bo Evaluator"]),
        ({"expertise": ["evaluation"], "institution": "argonne-demo"}, ["Ada Evaluator"]),
        ({"career_stage": ["postdoc"], "open_to": ["mentoring"]}, ["Bo Evaluator"]),
        ({"open_to": ["collaboration", "mentoring"]}, ["Ada Evaluator", "Bo Evaluator"]),
        (
            {"career_stage": ["senior", "postdoc"], "country": "GB"},
            ["Bo Evaluator", "Cy Physicist"],
        ),
    ],
)
def test_facets_combine(client, member, people, params, expected):
    client.force_login(member.user)

    assert sorted(_names(client, **params)) == expected


def test_search_matches_names_keywords_and_bios(client, member, people):
    client.force_login(member.user)

    assert sorted(_names(client, q="tokenizers")) == ["Ada Evaluator", "Cy Physicist"]
    assert _names(client, q="physicist") == ["Cy Physicist"]
    assert sorted(_names(client, q="evaluator")) == ["Ada Evaluator", "Bo Evaluator"]
    assert _names(client, q="tokenizers", country="GB") == ["Cy Physicist"]


def test_htmx_request_gets_the_results_alone(client, member, people):
    client.force_login(member.user)

    partial = client.get(
        reverse("members:researchers"), {"q": "evaluator"}, headers={"HX-Request": "true"}
    )
    full = client.get(reverse("members:researchers"), {"q": "evaluator"})

    assert "<html" not in partial.content.decode()
    assert "2 researchers" in partial.content.decode()
    assert "<html" in full.content.decode()
    assert "HX-Request" in partial["Vary"]


def test_filter_form_updates_results_with_htmx_and_works_without_javascript(client, member):
    client.force_login(member.user)

    page = client.get(reverse("members:researchers")).content.decode()

    assert 'method="get"' in page
    assert 'hx-get="/directory/researchers/"' in page
    assert 'hx-target="#results"' in page
    assert 'hx-push-url="true"' in page
    assert "keyup changed delay:300ms from:input[type=search]" in page
    assert '<button type="submit">Apply filters</button>' in page


def test_api_uses_the_same_filters_and_search(member, people):
    api = APIClient()
    api.force_authenticate(member.user)

    response = api.get(
        reverse("api:researcher-list"), {"expertise": "evaluation", "country": "GB", "q": "bo"}
    )

    assert [row["name"] for row in response.json()["results"]] == ["Bo Evaluator"]
    row = response.json()["results"][0]
    assert row["expertise"] == ["evaluation"]
    assert row["institution"]["slug"] == "demo-university"
    assert row["open_to"] == ["mentoring"]


def test_api_refuses_an_unknown_facet_value_with_the_error_shape(member):
    api = APIClient()
    api.force_authenticate(member.user)

    response = api.get(reverse("api:researcher-list"), {"expertise": "astrology"})

    assert response.status_code == 400
    assert set(response.json()) == {"message", "errors"}
    assert "expertise" in response.json()["errors"]


@pytest.mark.parametrize("slug", ["astrology", "evaluation\x00"])
def test_api_refuses_an_unknown_area_once_the_taxonomy_is_cached_too(member, slug):
    api = APIClient()
    api.force_authenticate(member.user)
    api.get(reverse("api:researcher-list"), {"expertise": "evaluation"})  # caches the taxonomy

    response = api.get(reverse("api:researcher-list"), {"expertise": ["physics", slug]})

    assert response.status_code == 400
    assert "expertise" in response.json()["errors"]


def test_ticked_areas_are_checked_against_the_cached_taxonomy_not_queried(member, people):
    api = APIClient()
    api.force_authenticate(member.user)
    url = reverse("api:researcher-list")
    api.get(url, {"expertise": "physics"})

    with CaptureQueriesContext(connection) as captured:
        response = api.get(url, {"expertise": ["evaluation", "chemistry"]})

    assert [row["name"] for row in response.json()["results"]] == ["Ada Evaluator", "Bo Evaluator"]
    assert not [q for q in captured if 'FROM "members_expertisearea"' in q["sql"]]


def test_an_area_staff_add_is_offered_once_the_cached_taxonomy_expires(member, people):
    api = APIClient()
    api.force_authenticate(member.user)
    url = reverse("api:researcher-list")
    assert api.get(url, {"expertise": "robotics"}).status_code == 400
    ExpertiseArea.objects.create(name="Robotics", slug="robotics", group="domains", position=99)

    clear_cache()  # what a minute does (TAXONOMY_CACHE_SECONDS)

    assert api.get(url, {"expertise": "robotics"}).json()["count"] == 0


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


@pytest.mark.parametrize("extra", [5, 500])
def test_directory_page_and_api_query_count_does_not_grow_with_profiles(
    client, django_assert_max_num_queries, member, extra
):
    InstitutionFactory.create_batch(3)
    researchers_bulk_create(count=extra, email_pattern=f"q{extra}-{{n}}@example.org")
    client.force_login(member.user)
    api = APIClient()
    api.force_authenticate(member.user)

    # Session, user, membership, facet choices (4), count, page, two prefetches, inbox badge.
    with django_assert_max_num_queries(12):
        page = client.get(reverse("members:researchers"), {"expertise": "evaluation", "page": 2})
    with django_assert_max_num_queries(8):
        listing = api.get(reverse("api:researcher-list"), {"page_size": 25})

    assert page.status_code == listing.status_code == 200
    assert len(listing.json()["results"]) == min(25, listing.json()["count"])


def test_directory_query_count_is_the_same_for_5_and_500_profiles(client, member):
    client.force_login(member.user)
    api = APIClient()
    _, token = AuthToken.objects.create(member.user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    counts = []
    for count, start in [(5, 0), (500, 5)]:
        researchers_bulk_create(count=start + count, email_pattern="same-{n}@example.org")
        clear_cache()  # the facets are cached as rendered: count them both times
        counts.append(
            (
                _queries(lambda: client.get(reverse("members:researchers"), {"q": "model"})),
                _queries(lambda: api.get(reverse("api:researcher-list"), {"open_to": "mentoring"})),
            )
        )

    assert counts[0] == counts[1]


def test_facets_are_cached_as_rendered_per_ticked_values(client, member, lab):
    client.force_login(member.user)
    url = reverse("members:researchers")
    ticked = 'value="evaluation" checked'

    first = _queries(lambda: client.get(url, {"q": "x"}))
    again = _queries(lambda: client.get(url, {"q": "y"}))
    assert again < first  # the facets' choices are not read again

    assert ticked in client.get(url, {"expertise": "evaluation"}).content.decode()
    assert ticked not in client.get(url).content.decode()
    assert (
        f'value="{lab.slug}" selected'
        in client.get(url, {"institution": lab.slug}).content.decode()
    )


def test_directory_opens_on_the_researchers_for_visitors_and_members(client, member):
    visitor_page = client.get(reverse("members:index"))
    client.force_login(member.user)
    member_page = client.get(reverse("members:index"))

    assert visitor_page.status_code == 200
    assert member_page.status_code == 200
    assert "Find researchers" in visitor_page.content.decode()


@pytest.fixture
def visibilities(lab):
    return {
        visibility: ProfileFactory(
            institution=lab,
            user__full_name=f"{visibility.capitalize()} Evaluator",
            expertise=["evaluation"],
            visibility=visibility,
        )
        for visibility in ["public", "members", "hidden"]
    }


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "evaluator"}, {"expertise": ["evaluation"]}, {"institution": "argonne-demo"}],
)
def test_visitor_finds_public_profiles_only(client, visibilities, params):
    assert _names(client, **params) == ["Public Evaluator"]


def test_visitor_sees_the_same_facets_as_members(client, visibilities):
    page = client.get(reverse("members:researchers")).content.decode()

    assert 'name="expertise"' in page
    assert 'value="argonne-demo"' in page
    assert 'name="career_stage"' in page
    assert "Sign in" in page


def test_member_finds_member_and_public_profiles_not_hidden_ones(client, member, visibilities):
    client.force_login(member.user)

    assert _names(client, q="evaluator") == ["Members Evaluator", "Public Evaluator"]


def test_api_researchers_stay_closed_to_visitors(visibilities):
    assert APIClient().get(reverse("api:researcher-list")).status_code == 401


def test_cards_list_areas_and_keywords_escaped_and_omit_empty_lists(client, member, lab):
    ProfileFactory(
        institution=lab,
        user__full_name="Tag Person",
        expertise=["evaluation"],
        keywords=["<b>bold</b> & co"],
    )
    ProfileFactory(institution=lab, user__full_name="Bare Person")
    client.force_login(member.user)

    html = client.get(reverse("members:researchers"), {"q": "Person"}).content.decode()

    assert (
        '<ul class="tags" aria-label="Expertise areas"><li class="tag">Evaluation</li></ul>' in html
    )
    assert (
        '<ul class="tags" aria-label="Keywords">'
        '<li class="tag tag-keyword">&lt;b&gt;bold&lt;/b&gt; &amp; co</li></ul>'
    ) in html
    assert "<b>bold</b>" not in html
    assert html.count('aria-label="Keywords"') == 1  # none for the person without keywords


def test_researcher_serializer_answers_what_its_declared_fields_would(member, people, rf):
    """ResearcherSerializer writes its rows by hand for speed: every declared field, each
    with the value DRF's own walk over the fields gives."""
    from rest_framework import serializers

    from members.api import ResearcherSerializer
    from members.selectors import researcher_directory

    request = rf.get("/api/v1/researchers/")
    profiles = list(researcher_directory(member.user))
    assert len(profiles) >= 4
    for profile in profiles:
        serializer = ResearcherSerializer(context={"request": request})
        by_hand = serializer.to_representation(profile)
        by_fields = serializers.ModelSerializer.to_representation(serializer, profile)
        assert by_hand == dict(by_fields)
        assert list(by_hand) == list(serializer.fields)
