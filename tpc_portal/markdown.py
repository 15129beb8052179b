"""Markdown written by members, rendered to HTML that is safe to put in a page.

Two independent layers, so that a bug in one is not a hole:

1. markdown-it-py parses CommonMark (plus tables and ~~strikethrough~~) with raw HTML
   switched off: `<script>` in the source comes out as the text "<script>". Its link
   validator already refuses `javascript:`, `vbscript:`, `file:` and `data:` URLs.
2. nh3 (the Rust ammonia sanitiser) then keeps only an allow-list of tags and attributes,
   only http, https and mailto links (relative links stay: they cannot run script), and
   gives every link `rel="nofollow noopener noreferrer"`. No `style`, no `class`, no event
   handlers, no `target`.

Two choices a reader of the output will notice:

- Headings are shifted down one level (`#` becomes `<h2>`, `######` stays `<h6>`), so that
  user content never outranks the page's own `<h1>`.
- Images are rendered as links to the image, labelled with their alt text. The
  content-security policy allows images only from the portal itself (`img-src 'self'
  data:`), so an external image would show as broken; and an image the viewer's browser
  fetches on its own tells a third party who read the page, or fires a GET at one of our
  own URLs on the viewer's behalf. A link does neither until it is followed.

Use `render_markdown(text)` in Python, `{% load portal_markdown %}{{ text|markdown }}` in
templates.
"""

import re
from collections.abc import Sequence
from typing import Any

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "em",
        "strong",
        "s",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"

_SCHEME = re.compile(r"^\s*[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_ALLOWED_SCHEME = re.compile(r"^\s*(https?|mailto):", re.IGNORECASE)

# The page's title is the only <h1>; user headings start one level below it.
_HEADING_SHIFT = 1
_DEEPEST_HEADING = 6


def _shift_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(int(token.tag[1:]) + _HEADING_SHIFT, _DEEPEST_HEADING)
            token.tag = f"h{level}"


def _image_as_link(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[idx]
    source = str(token.attrGet("src") or "")
    label = renderer.renderInlineAsText(token.children or [], options, env) or source
    if _SCHEME.match(source) and not _ALLOWED_SCHEME.match(source):
        # A data: image, say: its alt text alone (the sanitiser would drop the href anyway).
        return escapeHtml(label)
    return f'<a href="{escapeHtml(source)}">{escapeHtml(label)}</a>'


def _build_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    parser.core.ruler.push("shift_headings", _shift_headings)
    parser.add_render_rule("image", _image_as_link)
    return parser


_parser = _build_parser()


def sanitise_html(html: str) -> str:
    """HTML reduced to the allow-list above; anything else is dropped (script and style
    with their content, other tags keeping their text)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: Any) -> SafeString:
    """Member-written Markdown as sanitised HTML, safe to insert into a page unescaped.

    None and the empty string render as "". Anything else is taken as Markdown source
    through `str()`, even a string already marked safe: the source's HTML is never trusted.
    """
    if text is None:
        return SafeString("")
    source = str(text)
    if not source.strip():
        return SafeString("")
    # The sanitiser's output is the allow-list and nothing else, so it may be marked safe.
    return mark_safe(sanitise_html(_parser.render(source)))  # noqa: S308
