"""Fingerprinted static files with long cache lifetimes.

``url_for('static', filename=...)`` gains ``?v=<content hash>``; a request
carrying the file's current hash is answered with
``Cache-Control: public, max-age=31536000, immutable``, so a browser on a slow
link downloads each stylesheet or script once per change. A request without
(or with an outdated) hash is revalidated every time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, request

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

_hashes: dict[tuple[str, float], str] = {}
_released: dict[tuple[str, str], str | None] = {}


def static_hash(static_folder: str, filename: str, watch: bool = True) -> str | None:
    """A short content hash of a static file, or None if it does not exist.

    With ``watch`` the file is looked at on every call, so an edited file gets
    a new hash at once (development); without it the first answer is kept for
    the life of the process (a release's files do not change under it).
    """
    if not watch:
        if (static_folder, filename) not in _released:
            _released[static_folder, filename] = static_hash(static_folder, filename)
        return _released[static_folder, filename]
    path = Path(static_folder, filename)
    try:
        resolved = path.resolve(strict=True)
        if not resolved.is_relative_to(Path(static_folder).resolve()) or not resolved.is_file():
            return None
        key = (str(resolved), resolved.stat().st_mtime)
    except (OSError, ValueError):
        return None
    if key not in _hashes:
        _hashes[key] = hashlib.sha256(resolved.read_bytes()).hexdigest()[:12]
    return _hashes[key]


def init_app(app: Flask) -> None:
    """Fingerprint static URLs and set cache headers on static responses."""

    @app.url_defaults
    def fingerprint_static(endpoint: str, values: dict) -> None:
        if endpoint != "static" or "v" in values or "filename" not in values:
            return
        digest = static_hash(app.static_folder or "", values["filename"], watch=app.debug)
        if digest:
            values["v"] = digest

    @app.after_request
    def cache_static(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        current = static_hash(app.static_folder or "", filename)
        if current and request.args.get("v") == current:
            response.headers["Cache-Control"] = IMMUTABLE
        else:
            response.headers["Cache-Control"] = REVALIDATE
        return response
