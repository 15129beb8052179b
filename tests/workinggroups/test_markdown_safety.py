"""Agendas and minutes are member-written Markdown shown to other members: XSS payloads
come out inert on the record page and in the API's `html`.

tests/portal/test_markdown.py holds the renderer's own corpus (script, event handlers,
javascript: and data: URLs, svg, style...) against both of its layers; this one adds
vectors it does not have (SVG animation, media elements, legacy tags, CSS imports, entity
and whitespace tricks, payloads inside tables and quotes, a link's own rel), and runs the
whole of both corpora through the pages and the API where minutes and agendas appear.
"""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.portal.test_markdown import XSS_CORPUS, executable_parts
from tests.workinggroups.record_world import *  # noqa: F403 - the fixtures
from tpc_portal.markdown import render_markdown
from workinggroups.services.minutes import minutes_publish, minutes_save

pytestmark = pytest.mark.django_db

MORE_PAYLOADS = [
    # SVG animation and friends
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>',
    '<svg><use href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+#x"/></svg>',
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    # media and legacy elements
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<xmp><script>alert(1)</script></xmp>",
    "<template><script>alert(1)</script></template>",
    "<plaintext><script>alert(1)</script>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<form><button formaction="javascript:alert(1)">go</button></form>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    # CSS
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<a href="https://ok.example" style="position:fixed;inset:0">overlay</a>',
    '<div style="background-image:url(data:image/svg+xml,<svg onload=alert(1)>)">x</div>',
    # URL tricks
    '<a href="javascript&#0000058alert(1)">x</a>',
    '<a href="&#x20;javascript:alert(1)">x</a>',
    '<a href="java\x00script:alert(1)">x</a>',
    "[x](java\tscript:alert(1))",
    "[x](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
    "[x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x][d]\n\n[d]: data:text/html,<script>alert(1)</script>",
    "[x](https://ok.example){onclick=alert(1)}",
    # payloads inside the structures minutes use
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
    "> <script>alert(1)</script>\n> [q](javascript:alert(1))",
    "- <svg onload=alert(1)>\n- [ok](https://ok.example)",
    "# <img src=x onerror=alert(1)>",
    # a link's own rel or target is replaced, never kept
    '<a href="https://ok.example" rel="opener" target="_blank">x</a>',
]
CORPUS = XSS_CORPUS + MORE_PAYLOADS

_LINK = re.compile(r"<a\b[^>]*>")


def _safe(html: str) -> list[str]:
    problems = executable_parts(html)
    if "<script" in html.lower():
        problems.append("<script")
    for link in _LINK.findall(html):
        if 'rel="nofollow noopener noreferrer"' not in link:
            problems.append(f"link without rel: {link}")
    return problems


@pytest.mark.parametrize("source", MORE_PAYLOADS)
def test_the_further_payloads_render_inert(source):
    assert _safe(render_markdown(source)) == []


def test_links_in_minutes_get_nofollow_and_noopener():
    html = render_markdown("[slides](https://example.org/slides) and <https://example.org>")

    links = _LINK.findall(html)
    assert len(links) == 2
    for link in links:
        assert "nofollow" in link
        assert "noopener" in link


def _rendered_parts(page: str) -> list[str]:
    """The member-written parts of the record page: the agenda's and the minutes' divs
    (the sanitiser allows no <div>, so the first </div> closes each)."""
    return re.findall(r'<div class="minutes-text">(.*?)</div>', page, flags=re.DOTALL)


def test_the_record_page_shows_the_whole_corpus_inert_in_agenda_and_minutes(client, world):
    text = "\n\n".join(CORPUS)
    world.meeting.agenda = text.replace("\x00", "")[:20000]  # PostgreSQL stores no NUL
    world.meeting.save()
    minutes_save(actor=world.lead, meeting=world.meeting, text=text, base_revision=0)
    minutes_publish(actor=world.lead, meeting=world.meeting)
    client.force_login(world.member)

    page = client.get(
        reverse("workinggroups:minutes", args=[world.group.slug, world.meeting.pk])
    ).content.decode()

    parts = _rendered_parts(page)
    assert len(parts) == 2
    for part in parts:
        assert _safe(part) == []


def test_the_api_gives_the_whole_corpus_as_inert_html(world):
    minutes_save(actor=world.lead, meeting=world.meeting, text="\n\n".join(CORPUS), base_revision=0)
    api = APIClient()
    api.force_authenticate(world.lead)

    row = api.get("/api/v1/minutes/").json()["results"][0]

    assert "alert(1)" in row["text"]  # the source as written, for editing
    assert _safe(row["html"]) == []
