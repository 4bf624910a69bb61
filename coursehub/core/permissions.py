"""Deny-by-default access policies.

Every view declares who may use it with one of the decorators below. The
policy is enforced centrally in :func:`enforce_access_policy`, which runs
before every request: a route with no declared policy answers 403 to
everyone, so forgetting a decorator fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import abort, current_app, request
from flask_login import current_user

F = TypeVar("F", bound=Callable)

ROLES = ("learner", "instructor", "admin")


@dataclass(frozen=True)
class AccessPolicy:
    """Who may reach a view: everyone, any signed-in user, or some roles."""

    name: str
    roles: frozenset[str] = frozenset()

    def allows(self, user) -> bool | None:
        """True if allowed, False if forbidden, None if the user must sign in."""
        if self.name == "public":
            return True
        if not user.is_authenticated:
            return None
        if self.name == "authenticated":
            return True
        return user.role in self.roles


def _declare(policy: AccessPolicy) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        view.access_policy = policy  # type: ignore[attr-defined]
        return view

    return decorator


def public(view: F) -> F:
    """Anyone, signed in or not."""
    return _declare(AccessPolicy("public"))(view)


def authenticated(view: F) -> F:
    """Any signed-in user; object rules are checked in the view."""
    return _declare(AccessPolicy("authenticated"))(view)


def roles_required(*roles: str) -> Callable[[F], F]:
    """Signed-in users holding one of ``roles``."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    return _declare(AccessPolicy("roles", frozenset(roles)))


def policy_for(endpoint: str | None) -> AccessPolicy | None:
    """The declared policy of an endpoint, or None when it has none."""
    if endpoint is None:
        return None
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access_policy", None)


def enforce_access_policy():
    """``before_request`` hook: apply the endpoint's policy, 403 if undeclared."""
    if request.endpoint is None:  # 404 / 405: let routing answer
        return None
    policy = policy_for(request.endpoint)
    if policy is None:
        abort(403)
    verdict = policy.allows(current_user)
    if verdict is None:
        return current_app.login_manager.unauthorized()
    if not verdict:
        abort(403)
    return None
