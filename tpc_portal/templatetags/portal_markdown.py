"""`{{ text|markdown }}`: member-written Markdown as sanitised HTML (see tpc_portal.markdown)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from tpc_portal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: Any) -> SafeString:
    return render_markdown(text)
