"""Password reset by e-mailed, expiring, single-use link; password change."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from coursehub.accounts.models import User
from coursehub.accounts.services import find_user_by_email
from coursehub.accounts.tokens import make_reset_token, user_for_reset
from coursehub.core.mail import send_mail


def request_reset(email: str) -> None:
    """Mail a reset link if the address has an account; silent otherwise."""
    user = find_user_by_email(email)
    if user is None or user.anonymised_at is not None:
        make_reset_token(User(id=0, email="", password_hash=""))  # similar work either way
        return
    link = url_for("accounts.reset_password", token=make_reset_token(user), _external=True)
    send_mail(user.email, _("Choose a new CourseHub password"), _(
        "Hello %(name)s,\n\nTo choose a new password, open this link within one hour:\n"
        "%(link)s\n\nThe link works once. If you did not ask for it, ignore this message: "
        "your password has not changed.", name=user.name, link=link))


def reset_password(token: str, new_password: str) -> User | None:
    """Set a new password from a valid link; every other session is signed out."""
    user = user_for_reset(token)
    if user is None:
        return None
    user.set_password(new_password)
    if user.email_confirmed_at is None:  # the link proves the mailbox, too
        from coursehub.core.db import utcnow

        user.email_confirmed_at = utcnow()
    return user
