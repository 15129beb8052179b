"""The directory's template helpers written from Python write what the template would."""

import re

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from members.filters import ResearcherFilter
from members.models import Tag
from members.templatetags.members_tags import (
    profile_card,
    profile_cards,
    profile_url,
    search_box,
    tag_list,
)
from tests.factories import InstitutionFactory, ProfileFactory


@pytest.mark.parametrize("pk", [1, 7, 98765, 9876543210])
def test_profile_url_is_what_the_url_tag_writes(pk):
    written = Template("{% load members_tags %}{% profile_url pk %}").render(Context({"pk": pk}))

    assert written == reverse("members:profile", args=[pk])


def test_profile_url_follows_the_script_prefix():
    set_script_prefix("/portal/")
    try:
        assert profile_url(12) == reverse("members:profile", args=[12])
        assert profile_url(12).startswith("/portal/")
    finally:
        clear_script_prefix()
    assert profile_url(12) == reverse("members:profile", args=[12])


def test_tag_list_escapes_names_and_writes_nothing_for_no_tags():
    tags = [Tag("a", "Fish & <chips>"), Tag("b", "Plain")]

    assert tag_list(tags, "Keywords", "tag-keyword") == (
        '<ul class="tags" aria-label="Keywords">'
        '<li class="tag tag-keyword">Fish &amp; &lt;chips&gt;</li>'
        '<li class="tag tag-keyword">Plain</li></ul>'
    )
    assert tag_list([], "Keywords") == ""


@pytest.mark.django_db
def test_a_card_escapes_what_people_wrote_and_names_their_areas_in_the_readers_language():
    profile = ProfileFactory(
        display_name="Ada <b>Lovelace</b>",
        title="",
        institution=InstitutionFactory(name="Lab & Co"),
        expertise=["physics"],
    )

    card = profile_card(profile, why="Shares: <i>Physics</i>")

    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in card
    assert '<p class="muted">Lab &amp; Co</p>' in card  # no separator without a title
    assert '<p class="why">Shares: &lt;i&gt;Physics&lt;/i&gt;</p>' in card
    assert f'href="{reverse("members:profile", args=[profile.pk])}"' in card
    with translation.override("ru"):
        russian = profile_card(type(profile).objects.get(pk=profile.pk))
    assert "Физика" in russian
    assert 'aria-label="Области экспертизы"' in russian
    assert 'class="why"' not in russian


@pytest.mark.django_db
def test_a_list_of_cards_is_each_card_in_order_in_one_list():
    people = [ProfileFactory(display_name=name, expertise=["physics"]) for name in ("Bo", "Ada")]

    written = profile_cards(people)

    assert written == (
        '<ul class="cards">' + "".join(f"<li>{profile_card(p)}</li>" for p in people) + "</ul>"
    )
    assert written.index("Bo") < written.index("Ada")


@pytest.mark.parametrize("query", ["", "q=", "q=protein+%22language%22+%3Cmodels%3E"])
def test_search_box_writes_what_the_field_would(query):
    field = ResearcherFilter(QueryDict(query)).form["q"]

    written = search_box(field)

    assert _attributes(written) == _attributes(str(field))


def _attributes(tag: str) -> set[tuple[str, str]]:
    assert tag.startswith("<input ")
    assert tag.endswith(">")
    return set(re.findall(r'([\w-]+)="([^"]*)"', tag))
