"""The Markdown renderer: ordinary Markdown comes out right, nothing executable comes out."""

import re
from html.parser import HTMLParser

import pytest
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

from tpc_portal.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    render_markdown,
    sanitise_html,
)

# Each vector once as Markdown source and once as HTML straight into the sanitiser, so
# that each of the two layers is shown to hold on its own.
XSS_CORPUS = [
    # script and friends
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<script>alert(1)",
    "<<script>script>alert(1)//<</script>/script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    # event handlers
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    "<body onload=alert(1)>",
    "<p onclick=alert(1)>click</p>",
    "<a href=https://ok.example onmouseover=alert(1)>hover</a>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    # javascript: URLs with case, entity and whitespace tricks
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
    '<a href=" \x01javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    # svg, math, iframe, object, embed, form, meta, base
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    # style
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width:expression(alert(1))">x</div>',
    # data: URLs
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    # nested, unclosed and malformed tags, comments
    "<a href='javascript:alert(1)'><b>unclosed",
    "<b><i><a href=javascript:alert(1)>x</i></b>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<img/src=x/onerror=alert(1)>",
    '<a href="https://ok.example" target="_blank">new window</a>',
    # Markdown link, image and autolink tricks
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x]( javascript:alert(1) )",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    "![x](javascript:alert(1))",
    "![x](https://evil.example/track.png)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x" onerror="alert(1)](https://evil.example/x.png)',
    "<javascript:alert(1)>",
    "<JavaScript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
]

# A URL's scheme as a browser reads it: leading spaces and controls dropped, tabs and
# newlines removed anywhere (the WHATWG URL parser does both).
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def _scheme(url: str) -> str | None:
    cleaned = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(0x21)))).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


class _Inspector(HTMLParser):
    """Collects every reason the HTML could run code or reach outside the allow-list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href" and value is not None:
                scheme = _scheme(value)
                if scheme is not None and scheme not in ALLOWED_URL_SCHEMES:
                    self.problems.append(f"href {value!r}")
            if name == "rel" and value != "nofollow noopener noreferrer":
                self.problems.append(f"rel {value!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.problems.append("comment")


def executable_parts(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


@pytest.mark.parametrize("source", XSS_CORPUS)
def test_markdown_source_renders_nothing_executable(source):
    html = render_markdown(source)

    assert executable_parts(html) == []
    assert "<script" not in html.lower()


@pytest.mark.parametrize("source", XSS_CORPUS)
def test_sanitiser_alone_lets_nothing_executable_through(source):
    html = sanitise_html(source)

    assert executable_parts(html) == []
    assert "<script" not in html.lower()


def test_the_inspector_recognises_what_it_must_refuse():
    # The corpus tests are only as good as this check; show it catches each kind.
    assert executable_parts("<script>x</script>") == ["tag <script>"]
    assert executable_parts('<p onclick="x">y</p>') == ["attribute onclick on <p>"]
    assert executable_parts('<a href="jav&#x09;ascript:x">y</a>') == ["href 'jav\\tascript:x'"]
    assert executable_parts('<a href=" \x01JavaScript:x" rel="nofollow noopener noreferrer">')
    assert executable_parts('<p style="color:red">y</p>') == ["attribute style on <p>"]
    assert executable_parts("<!-- x -->") == ["comment"]


def test_raw_html_in_markdown_is_shown_as_text():
    assert render_markdown("<b>bold</b> <script>alert(1)</script>") == (
        "<p>&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    )


def test_javascript_link_is_left_as_plain_text():
    assert render_markdown("[x](javascript:alert(1))") == "<p>[x](javascript:alert(1))</p>\n"


def test_links_keep_http_https_mailto_and_relative_targets_with_a_safe_rel():
    html = render_markdown(
        "[a](https://example.org/a?b=1&c=2) [b](http://example.org) "
        "[c](mailto:chair@example.org) [d](/workinggroups/) [e](#agenda)"
    )

    rel = 'rel="nofollow noopener noreferrer"'
    assert f'<a href="https://example.org/a?b=1&amp;c=2" {rel}>a</a>' in html
    assert f'<a href="http://example.org" {rel}>b</a>' in html
    assert f'<a href="mailto:chair@example.org" {rel}>c</a>' in html
    assert f'<a href="/workinggroups/" {rel}>d</a>' in html
    assert f'<a href="#agenda" {rel}>e</a>' in html


def test_link_to_another_scheme_keeps_its_text_but_not_its_target():
    html = render_markdown("[files](ftp://example.org/pub)")

    assert "ftp:" not in html
    assert ">files</a>" in html


def test_autolink_becomes_a_link():
    assert render_markdown("<https://example.org>") == (
        '<p><a href="https://example.org" rel="nofollow noopener noreferrer">'
        "https://example.org</a></p>\n"
    )


def test_images_become_links_labelled_with_their_alt_text():
    html = render_markdown('![The *agenda*](https://example.org/agenda.png "Agenda")')

    assert "<img" not in html
    assert html == (
        '<p><a href="https://example.org/agenda.png" rel="nofollow noopener noreferrer">'
        "The agenda</a></p>\n"
    )


def test_image_without_alt_text_is_labelled_with_its_address():
    assert ">https://example.org/a.png</a>" in render_markdown("![](https://example.org/a.png)")


def test_data_image_leaves_only_its_alt_text():
    assert render_markdown("![chart](data:image/png;base64,AAAA)") == "<p>chart</p>\n"


def test_headings_are_shifted_one_level_down_so_the_page_keeps_the_only_h1():
    html = render_markdown("# One\n\n## Two\n\n##### Five\n\n###### Six\n\nSetext\n======\n")

    assert "<h1>" not in html
    assert "<h2>One</h2>" in html
    assert "<h3>Two</h3>" in html
    assert "<h6>Five</h6>" in html
    assert "<h6>Six</h6>" in html
    assert "<h2>Setext</h2>" in html


def test_paragraphs_emphasis_and_line_breaks():
    html = render_markdown("First *em* **strong** ~~gone~~ `code`  \nsame paragraph\n\nSecond")

    assert html == (
        "<p>First <em>em</em> <strong>strong</strong> <s>gone</s> <code>code</code><br>\n"
        "same paragraph</p>\n<p>Second</p>\n"
    )


def test_lists_nested_and_numbered_from_their_first_number():
    html = render_markdown("- a\n- b\n  - b1\n\n3. three\n4. four\n")

    assert html == (
        "<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>b1</li>\n</ul>\n</li>\n</ul>\n"
        '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n'
    )


def test_tables_render_without_inline_style():
    html = render_markdown("| Name | Seats |\n|:-----|------:|\n| Chair | 1 |\n")

    assert html == (
        "<table>\n<thead>\n<tr>\n<th>Name</th>\n<th>Seats</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>Chair</td>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n"
    )


def test_fenced_code_keeps_its_text_escaped_and_drops_the_language_class():
    html = render_markdown("```python\nif a < b and c > d:\n    pass\n```\n")

    assert html == "<pre><code>if a &lt; b and c &gt; d:\n    pass\n</code></pre>\n"


def test_blockquote_and_rule():
    assert render_markdown("> quoted\n\n---\n") == (
        "<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr>\n"
    )


@pytest.mark.parametrize("empty", [None, "", "   \n\t"])
def test_nothing_renders_as_the_empty_string(empty):
    html = render_markdown(empty)

    assert html == ""
    assert isinstance(html, SafeString)


def test_output_is_marked_safe():
    assert isinstance(render_markdown("*x*"), SafeString)


def test_source_already_marked_safe_is_still_treated_as_markdown():
    assert render_markdown(mark_safe("<i>x</i>")) == "<p>&lt;i&gt;x&lt;/i&gt;</p>\n"


def test_template_filter_renders_markdown_without_double_escaping():
    template = engines["django"].from_string("{% load portal_markdown %}{{ text|markdown }}")

    html = template.render({"text": "# Agenda\n\n*Fish* & <chips>"})

    assert html == "<h2>Agenda</h2>\n<p><em>Fish</em> &amp; &lt;chips&gt;</p>\n"


def test_template_filter_renders_none_as_nothing():
    template = engines["django"].from_string("{% load portal_markdown %}[{{ text|markdown }}]")

    assert template.render({"text": None}) == "[]"
