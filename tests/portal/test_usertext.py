"""The one renderer of residents' text: limited Markdown in, sanitised HTML out."""

from html.parser import HTMLParser

import pytest

from portal.usertext import excerpt, quote_text, render_user_text

XSS = {
    "script tag": "<script>alert(1)</script>",
    "event handler": "<img src=x onerror=alert(1)>",
    "javascript link": "[click](javascript:alert(1))",
    "mixed-case javascript link": "[click](JaVaScRiPt:alert(1))",
    "data link": "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "raw anchor": '<a href="javascript:alert(1)">click</a>',
    "svg": "<svg onload=alert(1)><circle r=1 /></svg>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "style": "<style>body{display:none}</style>",
}


class _Elements(HTMLParser):
    """The elements and attributes a browser would build from the HTML (escaped text is text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", list(XSS.values()), ids=list(XSS))
def test_markup_and_scripts_come_out_as_text(payload):
    html = str(render_user_text(f"看这里 {payload} 谢谢"))

    for tag, attrs in elements(html):
        assert tag in {"p", "a", "br", "strong", "em", "code"}, tag
        assert not [name for name in attrs if name.startswith("on")], attrs
        assert attrs.get("href", "https:").split(":")[0] in ("http", "https", "mailto"), attrs
    assert "看这里" in html and "谢谢" in html  # the resident's words survive, as text


def test_the_limited_markdown_residents_may_use():
    html = str(render_user_text("**重要** *通知*\n第二行\n\n> 引用\n\n- 一\n- 二\n\n`3栋`"))

    assert "<strong>重要</strong>" in html and "<em>通知</em>" in html
    assert "<br>" in html  # a single line break is kept, as residents expect
    assert "<blockquote>" in html and "<ul>" in html and "<code>3栋</code>" in html


def test_links_are_kept_but_marked_as_user_content():
    html = str(render_user_text("[街道办](https://www.example.cn/notice)"))

    assert 'href="https://www.example.cn/notice"' in html
    assert 'rel="nofollow ugc noopener noreferrer"' in html


def test_headings_and_images_are_not_part_of_the_language():
    html = str(render_user_text("# 大标题\n\n![图](https://www.example.cn/a.png)"))

    assert "<h1" not in html and "<img" not in html


def test_empty_text_renders_nothing():
    assert render_user_text("") == "" and render_user_text(None) == ""


def test_excerpts_and_quotes_are_plain_text():
    assert excerpt("**路灯** 坏了\n\n很多天了", 80) == "路灯 坏了 很多天了"
    assert excerpt("一二三四五六七八九十", 5) == "一二三四…"
    assert quote_text("**路灯**坏了") == "> 路灯 坏了"
