"""A guide's Markdown as HTML safe to put on a page: rendered by markdown-it, then sanitised by nh3.

Raw HTML in the Markdown is not rendered (markdown-it escapes it), and nh3 keeps only the tags and
attributes of ordinary text whatever got through, so an edited guide can never put a script on a page.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import nh3

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_TAGS = {
    *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code"),
    *("ul", "ol", "li", "strong", "em", "del", "a", "table", "thead", "tbody", "tr", "th", "td"),
}
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


@cache
def _markdown() -> MarkdownIt:
    # lazy: markdown-it (~2 MiB) only in a process that shows a guide, not in every web process at start
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").enable("strikethrough")


def markdown_html(text: str) -> str:
    """Safe HTML of `text` (links open no window and pass no referrer; only http, https and mailto)."""
    html = _markdown().render(text or "")
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
