"""User text (用户文本): the one way anything a resident typed becomes HTML.

Residents write plain text with a little Markdown (paragraphs, line breaks, **bold**,
*italic*, `code`, lists, "> " quotes, [links](https://…)). Raw HTML is never interpreted:
markdown-it escapes it, and nh3 then keeps only a short list of tags and attributes, so
script, event handlers, ``javascript:`` links and SVG come out inert whatever gets through.
Stored text stays what the resident typed; this runs when rendering.
"""

from __future__ import annotations

import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

__all__ = ["ALLOWED_TAGS", "excerpt", "quote_text", "render_user_text"]

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Links leave the site as plain links: no referrer, no ranking credit for spammers.
LINK_REL = "nofollow ugc noopener noreferrer"

_markdown = (
    MarkdownIt("zero", {"html": False, "breaks": True, "linkify": False})
    .enable(["emphasis", "backticks", "list", "blockquote", "link", "newline", "fence", "code"])
    .enable(["escape", "entity"])
)


def render_user_text(text: str | None) -> SafeString:
    """``text`` as safe HTML: limited Markdown, then sanitised with nh3."""
    if not text:
        return mark_safe("")
    html = _markdown.render(str(text))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308  (sanitised by nh3 just above)


_MARKUP = re.compile(r"[*_`>#\[\]()]+")


def excerpt(text: str | None, length: int = 80) -> str:
    """A one-line plain-text excerpt (for lists, quotes and notifications), not HTML."""
    plain = " ".join(_MARKUP.sub(" ", text or "").split())
    return plain if len(plain) <= length else plain[: length - 1].rstrip() + "…"


def quote_text(text: str | None, length: int = 200) -> str:
    """The start of ``text`` as a Markdown quote ("> …"), for a reply that quotes it."""
    return "\n".join(f"> {line}" for line in excerpt(text, length).splitlines() or [""])
