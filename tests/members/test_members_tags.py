"""The directory's template helpers written from Python write what the template would."""

import pytest
from django.template import Context, Template
from django.urls import clear_script_prefix, reverse, set_script_prefix

from members.models import Tag
from members.templatetags.members_tags import profile_url, tag_list


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
