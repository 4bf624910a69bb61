"""HTTP validators and rendered pages kept per process, for pages that rarely change.

A page's ETag is a hash of everything its HTML depends on (the content
version, the learner's progress, the interface language, the session's CSRF
secret and the release of the templates), computed before rendering: when the
browser's copy still matches, the page is not rendered at all.

:func:`render_shared` keeps a page's HTML when it is the same for every
visitor in the same situation but for the CSRF token, which is put in per
request.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from flask import Response, current_app, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

PACKAGE = Path(__file__).resolve().parent.parent
# Pages are private to the visitor (they carry a session-bound CSRF token), and
# the browser must ask again before reusing them: a 304 answers quickly.
PRIVATE_REVALIDATE = "private, no-cache"


@cache
def release_id() -> str:
    """A digest of the templates, translations and static files this process serves.

    Part of every page ETag, so a deploy that changes a template (or a
    stylesheet, whose fingerprinted address is in every page) never lets a
    browser keep an old page. Computed once per process from file contents, so
    every process (and machine) running the same release agrees.
    """
    digest = hashlib.sha256()
    for folder in ("templates", "translations", "static"):
        for path in sorted((PACKAGE / folder).rglob("*")):
            if path.is_file() and path.suffix in (".html", ".mo", ".css", ".js", ".svg"):
                digest.update(str(path.relative_to(PACKAGE)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def page_etag(*parts: object) -> str | None:
    """A weak-comparison ETag for a page built from ``parts``, or None if uncacheable.

    The visitor's interface language and CSRF secret are always included. A
    page with flashed messages waiting is never cached, nor any page when CSRF
    tokens expire (``WTF_CSRF_TIME_LIMIT``; CourseHub's default is no expiry).
    """
    if session.get("_flashes") or current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return None  # messages must show; a cached page could hold an expired CSRF token
    generate_csrf()  # every page holds a CSRF token: make its session secret exist now
    csrf_secret = session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), "")
    material = "|".join(str(part) for part in
                        (release_id(), get_locale(), csrf_secret, *parts))
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def not_modified(etag: str | None) -> Response | None:
    """A 304 response when the request's ``If-None-Match`` still matches ``etag``."""
    if etag is None or not request.if_none_match.contains_weak(etag):
        return None
    response = Response(status=304)
    return with_etag(response, etag)


def with_etag(response: Response, etag: str | None,
              cache_control: str = PRIVATE_REVALIDATE) -> Response:
    """Attach a weak ETag and the cache policy to a page response."""
    if etag is not None:
        response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = cache_control
    return response


# -- Rendered pages kept per process -------------------------------------------

# Stands in for the CSRF token while a shared page is rendered. Random per
# process, so no content can contain it by chance or by design.
_TOKEN_HOLE = f"csrf-hole-{secrets.token_hex(16)}"
SHARED_PAGES = 512  # a lesson page is about 10 kB: at most some 5 MB per process


class RenderedStore:
    """The last ``size`` rendered pieces of HTML, by key; shared by a process's threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn threads share the store

    def get(self, key: tuple):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: tuple, item: object) -> None:
        with self._lock:
            self._items[key] = item
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __iter__(self) -> Iterator[tuple]:
        """The keys held now."""
        with self._lock:
            return iter(list(self._items))


shared_pages = RenderedStore(SHARED_PAGES)  # each page split at its token holes


def render_shared(template: str, key: tuple, **context: object) -> str:
    """``render_template``, rendered once per process for everyone who would see
    the same HTML but for the CSRF token.

    ``key`` must name everything in ``context`` the page shows. What every page
    reads by itself is added here: the interface language, whether the visitor
    is signed in and their role (the menu), and the address with its query
    string (the language switch). The visitor's own CSRF token is put in on
    each request. Not kept: pages with flashed messages waiting, pages whose
    templates wrote the real token themselves (a macro reaching the global
    ``csrf_token``), and everything while templates reload in debug mode.
    """
    token = generate_csrf()
    if session.get("_flashes") or current_app.debug:
        return render_template(template, **context)
    visitor = current_user.role if current_user.is_authenticated else None
    full_key = (template, key, str(get_locale()), visitor, request.full_path)
    parts = shared_pages.get(full_key)
    if parts is None:
        html = render_template(template, **context, csrf_token=lambda: _TOKEN_HOLE)
        if token in html:
            return html.replace(_TOKEN_HOLE, token)
        parts = tuple(html.split(_TOKEN_HOLE))
        shared_pages.put(full_key, parts)
    return token.join(parts)
