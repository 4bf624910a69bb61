"""The one Markdown path: useful formatting kept, script-capable markup removed."""

import pytest

from coursehub.core.markdown import render_inline, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"https://example.com\"></iframe>",
    "<svg onload=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<object data=\"x.swf\"></object>",
    "<form action=\"https://example.com\"><input></form>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<details open ontoggle=alert(1)>",
]


@pytest.mark.parametrize("vector", HOSTILE)
def test_hostile_markup_is_neutralised(vector):
    for html in (str(render_markdown(vector)), str(render_inline(vector))):
        lowered = html.lower()
        assert "<script" not in lowered and "javascript:" not in lowered
        assert "onerror" not in lowered and "onload" not in lowered and "ontoggle" not in lowered
        assert "<iframe" not in lowered and "<object" not in lowered and "<form" not in lowered
        assert "style=" not in lowered and "data:text" not in lowered


def test_formatting_survives():
    html = str(render_markdown(
        "## Title\n\n**bold** *it* `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```json\n{\"a\": 1}\n```\n\nTerm\n: Definition\n\n> quote\n\n[link](https://example.org)"
    ))
    for fragment in ("<h2>Title</h2>", "<strong>bold</strong>", "<em>it</em>", "<table>",
                     '<code class="language-json">', "<dl>", "<dt>Term</dt>", "<blockquote>",
                     '<a href="https://example.org">link</a>'):
        assert fragment in html


def test_inline_rendering_has_no_paragraph_or_blocks():
    assert str(render_inline("**443** and `53`")) == "<strong>443</strong> and <code>53</code>"
    assert "<h1>" not in str(render_inline("# heading"))


def test_images_are_rewritten_or_dropped():
    html = str(render_markdown("![alt](figures/a.svg) ![b](figures/b.svg)",
                               rewrite_src={"figures/a.svg": "/assets/abc.svg"}.get))
    assert 'src="/assets/abc.svg"' in html and 'src="figures/b.svg"' not in html
