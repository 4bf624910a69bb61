"""The one path from user-written Markdown to HTML.

Everything an author writes (lessons, questions, options, feedback,
explanations, glossaries) goes through :func:`render_markdown` or
:func:`render_inline` at import time; the sanitised result is stored and served
as is. Nothing else in CourseHub marks text as safe HTML.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import bleach
import markdown as md
from markupsafe import Markup

EXTENSIONS = ["tables", "fenced_code", "def_list", "sane_lists", "abbr", "footnotes"]

BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "code", "table", "thead", "tbody", "tr", "th", "td",
    "hr", "br", "img", "figure", "figcaption", "div", "sup", "section",
}
INLINE_TAGS = {"a", "abbr", "em", "strong", "code", "kbd", "sub", "sup", "br", "del", "span"}

ALLOWED_ATTRIBUTES: dict[str, list[str] | Callable] = {
    "a": ["href", "title", "id"],
    "abbr": ["title"],
    "img": ["src", "alt", "title", "width", "height"],
    "th": ["align"],
    "td": ["align"],
    "code": ["class"],
    "li": ["id"],
    "sup": ["id"],
    "div": ["class"],
    "ol": ["start"],
}
ALLOWED_PROTOCOLS = ["http", "https", "mailto"]
_CODE_CLASS = re.compile(r"^language-[a-z0-9_+-]{1,30}$")
_DIV_CLASS = {"footnote"}


def _filter_class(tag: str, name: str, value: str) -> bool:
    if name != "class":
        return name in ALLOWED_ATTRIBUTES.get(tag, [])
    if tag == "code":
        return bool(_CODE_CLASS.match(value))
    if tag == "div":
        return value in _DIV_CLASS
    return False


def _attribute_filter(tag: str, name: str, value: str) -> bool:
    allowed = ALLOWED_ATTRIBUTES.get(tag, [])
    if name == "class":
        return _filter_class(tag, name, value)
    return name in allowed


_cleaner_block = bleach.Cleaner(
    tags=BLOCK_TAGS | INLINE_TAGS,
    attributes=_attribute_filter,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
_cleaner_inline = bleach.Cleaner(
    tags=INLINE_TAGS,
    attributes=_attribute_filter,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


_converters = threading.local()


def _converter(kind: str, extensions: list[str]) -> md.Markdown:
    """A reset Markdown converter of this thread (building one per call is slow)."""
    cache = _converters.__dict__.setdefault("by_kind", {})
    if kind not in cache:
        cache[kind] = md.Markdown(extensions=extensions, output_format="html")
    return cache[kind].reset()


def render_markdown(text: str, rewrite_src: Callable[[str], str | None] | None = None) -> Markup:
    """Render block Markdown to sanitised HTML.

    ``rewrite_src`` maps an image source as written (``figures/x.svg``) to the
    address it is served from; images it returns ``None`` for are dropped.
    """
    html = _converter("block", EXTENSIONS).convert(text)
    if rewrite_src is not None:
        html = _rewrite_images(html, rewrite_src)
    return Markup(_cleaner_block.clean(html))  # noqa: S704 - sanitised just now


def render_inline(text: str) -> Markup:
    """Render one line of Markdown (an option, a title) to sanitised inline HTML."""
    html = _converter("inline", ["abbr"]).convert(text)
    html = re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.S)
    return Markup(_cleaner_inline.clean(html))  # noqa: S704 - sanitised just now


_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def _rewrite_images(html: str, rewrite_src: Callable[[str], str | None]) -> str:
    def replace(match: re.Match) -> str:
        target = rewrite_src(match.group(2))
        return f"{match.group(1)}{target or ''}{match.group(3)}"

    return _IMG_SRC.sub(replace, html)


# -- evidence artefacts: highlighted server-side, only Pygments' token classes kept --

_ARTEFACT_LEXERS = {"json": "json", "rdap": "json", "dns": "zone", "zone": "zone",
                    "email": "email", "eml": "email", "headers": "email", "http": "http",
                    "log": "text", "text": "text", "": "text"}
ARTEFACT_LANGUAGES = tuple(sorted(set(_ARTEFACT_LEXERS) - {""}))


def _token_classes() -> frozenset[str]:
    from pygments.token import STANDARD_TYPES

    return frozenset(c for c in STANDARD_TYPES.values() if c)


def _artefact_attributes(tag: str, name: str, value: str) -> bool:
    if tag == "span" and name == "class":
        return value in _token_classes()
    if tag in ("pre", "code") and name == "class":
        return value in ("artefact", "highlight")
    return False


_cleaner_artefact = bleach.Cleaner(tags={"pre", "code", "span"},
                                   attributes=_artefact_attributes, protocols=[], strip=True,
                                   strip_comments=True)


def render_artefact(code: str, language: str) -> Markup:
    """An evidence artefact (RDAP JSON, DNS records, e-mail headers, a log line) as a
    syntax-highlighted ``<pre>``: spans with Pygments' CSS classes, no inline styles."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name

    lexer = get_lexer_by_name(_ARTEFACT_LEXERS.get(language.lower(), "text"))
    body = highlight(code, lexer, HtmlFormatter(nowrap=True))
    html = f'<pre class="artefact"><code class="highlight">{body}</code></pre>'
    return Markup(_cleaner_artefact.clean(html))  # noqa: S704 - sanitised just now
