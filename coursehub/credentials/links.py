"""Absolute URLs for credentials: the request's origin, else ``COURSEHUB_BASE_URL``."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def external_url(endpoint: str, **values) -> str:
    """An absolute URL; outside a request (command line) it starts with the base URL."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = current_app.config["COURSEHUB_BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base + "/"):
        return url_for(endpoint, _external=True, **values)


def issuer_url() -> str:
    return external_url("credentials.issuer_profile")


def assertion_url(code: str) -> str:
    return external_url("credentials.assertion", code=code)


def credential_url(code: str) -> str:
    return external_url("credentials.credential_jwt", code=code)


def verification_url(code: str) -> str:
    return external_url("credentials.badge_page", code=code)
